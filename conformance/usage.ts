/** Bad usage or bad input: the CLI prints the message as one line and exits 2. */
export class UsageError extends Error {}

/**
 * How a one-line error shows what the user gave: a bad value quoted, at most 200 characters of
 * it; a name as typed when short and printable. One rule for knobs and the CLI alike.
 */
export { quoted as quote, quotedName as brief } from "../model/core/knobs.ts";
