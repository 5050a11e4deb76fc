/**
 * The model as an adapter: the reference every real adapter is compared with, and a check that
 * the conformance runner itself is sound (it must never find a divergence here).
 */
import type { FlatConfig } from "../../model/core/knobs.ts";
import type { AnyProtocol } from "../../model/core/protocol.ts";
import type { Adapter } from "../contract.ts";

export function modelAdapter(protocol: AnyProtocol): Adapter {
  let config: unknown = null;
  let state: unknown = null;
  return {
    name: "model",
    protocol: protocol.name,
    supports: () => true,
    timeToleranceMs: 0,
    start: async (flat: FlatConfig) => {
      config = protocol.configFromFlat(flat);
      state = protocol.init(config);
    },
    apply: async (event) => {
      const t = protocol.step(config, state, event);
      state = t.state;
      return t.outputs;
    },
    stop: async () => {
      state = null;
    },
  };
}
