/** Fails loudly on a broken model assumption; never used for input validation. */
export function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`model assertion failed: ${message}`);
}
