/**
 * The model's version, written into every trace. It changes whenever the model's semantics
 * change: what a step does, what it outputs, or what an invariant holds, so that a trace
 * replayed under another model says so before its verdict is compared. A change to comments,
 * names or speed leaves it alone. Bump it in the commit that changes the semantics, and
 * regenerate the golden traces (`npx haspec scenarios --update`, `npx tsx scripts/make-examples.ts`).
 */
export const MODEL_VERSION = "1";
