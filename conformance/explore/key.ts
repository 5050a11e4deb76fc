/**
 * The key under which exhaustive search remembers a state: a digest of its JSON text.
 *
 * `stateHash` (hash.ts) is the canonical digest, equal for equal states whatever the order in
 * which their keys were written; sorting keys costs three quarters of the search's time. The
 * reducers build states by spreading earlier ones, so equal states almost always carry their
 * keys in the same order, and here JSON's own order is used. This never identifies two different
 * states (the text names every key); at worst a state built with its keys in another order is
 * seen twice, which costs time and changes no verdict. A spec checks that both keys count the
 * same states on a full search.
 */
import { createHash } from "node:crypto";

/** 160 bits of SHA-1, in base64: 28 one-byte characters, so a million keys take tens of megabytes. */
export function stateKey(value: unknown): string {
  return createHash("sha1").update(JSON.stringify(value)).digest("base64");
}
