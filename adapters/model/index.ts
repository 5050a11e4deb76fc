/**
 * The model as an adapter: the reference every real adapter is compared with, and a check that
 * the conformance runner itself is sound (it must never find a divergence here).
 */
import type { FlatConfig } from "../../model/core/knobs.ts";
import type { Protocol } from "../../model/core/protocol.ts";
import type { Adapter } from "../contract.ts";

export function modelAdapter<C, S, E extends { readonly type: string }, O>(protocol: Protocol<C, S, E, O>): Adapter<E, O> {
  let run: { config: C; state: S } | null = null;
  return {
    name: "model",
    protocol: protocol.name,
    supports: () => true,
    timeToleranceMs: 0,
    start: async (flat: FlatConfig) => {
      const config = protocol.configFromFlat(flat);
      run = { config, state: protocol.init(config) };
    },
    apply: async (event) => {
      if (run === null) throw new Error("the model adapter was not started");
      const t = protocol.step(run.config, run.state, event);
      run.state = t.state;
      return t.outputs;
    },
    stop: async () => {
      run = null;
    },
  };
}
