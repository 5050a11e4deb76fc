/**
 * Adapters that are not implementations, for testing the conformance runner itself: one that
 * does nothing and reports nothing (the oracle must fail it), and one whose every history fails
 * like a broken server or driver would (the runner must report that, never a verdict).
 */
import type { Adapter } from "../../adapters/contract.ts";
import { modelAdapter } from "../../adapters/model/index.ts";
import type { Protocol } from "../../model/core/protocol.ts";

/**
 * Takes every event, does nothing, reports nothing. Its tolerance is a real adapter's (etcd's),
 * so that it fails because it is silent, not because it is held to the millisecond.
 */
export function silentAdapter<E extends { readonly type: string }, O>(protocol: string): Adapter<E, O> {
  return {
    name: "silent",
    protocol,
    supports: () => true,
    timeToleranceMs: 1200,
    start: async () => {},
    apply: async () => [],
    stop: async () => {},
  };
}

/**
 * The model as an adapter, except that `apply` throws on the `failAt`-th event of the first
 * `failures` histories it is started for (Infinity: every one), as a server that went away would;
 * `stops` counts the stops, each of which a fresh start must follow.
 */
export function flakyAdapter<C, S, E extends { readonly type: string }, O>(protocol: Protocol<C, S, E, O>, failures: number, failAt = 1) {
  const inner = modelAdapter(protocol);
  let starts = 0;
  let applied = 0;
  const counts = { starts: 0, stops: 0 };
  const adapter: Adapter<E, O> = {
    ...inner,
    name: "flaky",
    start: async (flat) => {
      starts++;
      counts.starts++;
      applied = 0;
      await inner.start(flat);
    },
    apply: async (event) => {
      if (starts <= failures && ++applied === failAt) throw new Error("connection reset by peer (ECONNRESET)");
      return inner.apply(event);
    },
    stop: async () => {
      counts.stops++;
      await inner.stop();
    },
  };
  return { adapter, counts };
}
