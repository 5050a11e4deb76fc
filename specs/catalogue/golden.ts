/** The catalogue's golden traces as the specs read them: through their kit, or as one protocol's. */
import { join } from "node:path";
import { loadTrace, readTraceOf, type LoadedTrace } from "../../conformance/kits/load.ts";
import type { Ev, ProtocolKit } from "../../conformance/kits/kit.ts";
import type { Trace } from "../../conformance/trace/schema.ts";

/** Where `haspec scenarios --update` writes the golden traces: one definition, the catalogue's. */
export { GOLDEN_DIR } from "../../catalogue/golden.ts";
import { GOLDEN_DIR } from "../../catalogue/golden.ts";

/** A golden trace, handed to code generic in its protocol's kit (`golden("E2").use((kit, trace) => …)`). */
export const golden = (id: string): LoadedTrace => loadTrace(join(GOLDEN_DIR, `${id}.json`));

/**
 * A golden trace of the protocol a spec names, typed as that protocol's: for specs that edit a
 * trace with that protocol's own events or outputs. A trace of another protocol is refused.
 */
export function goldenOf<C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>, id: string): Trace<E, O> {
  return readTraceOf(kit, join(GOLDEN_DIR, `${id}.json`));
}
