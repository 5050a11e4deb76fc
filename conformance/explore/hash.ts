/**
 * Canonical state hashing: two states that are equal as values hash alike, whatever the order in
 * which their object keys were written. States are plain immutable data (DESIGN: "cheap to hash
 * and compare canonically"), so a key-sorted serialisation is their canonical form.
 */

/** The state as a string that is equal for equal states: object keys sorted, arrays in order. */
export function canonical(value: unknown): string {
  if (value === null || typeof value !== "object") return value === undefined ? "u" : JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const o = value as Record<string, unknown>;
  return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(",")}}`;
}

/**
 * A 64-bit digest of the canonical form (two independent 32-bit FNV-1a lanes), as 16 hex digits.
 * Collisions are possible in principle; at 2^-64 per pair they are not a practical concern for
 * the state counts a bounded search reaches, and a set of digests costs far less than of strings.
 */
export function stateHash(value: unknown): string {
  const text = canonical(value);
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");
}
