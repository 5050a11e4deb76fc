/**
 * Runs a history on the model for conformance: every state, the resolved events an adapter is
 * driven by, the expected outputs, the model time of each step and the first violation.
 */
import type { AnyProtocol } from "../../model/core/protocol.ts";
import { selectInvariants, type Violation } from "../check/run.ts";

type Event = { readonly type: string };

export interface ModelRun {
  readonly resolved: readonly Event[];
  readonly outputs: readonly (readonly unknown[])[];
  readonly states: readonly unknown[];
  readonly times: readonly number[];
  readonly violation: Violation | null;
  /** The first step at which each witness was reached. */
  readonly witnessSteps: ReadonlyMap<string, number>;
}

export function foldModel(protocol: AnyProtocol, config: unknown, events: readonly Event[], invariants?: readonly string[]): ModelRun {
  const checks = selectInvariants(protocol, invariants);
  const states: unknown[] = [protocol.init(config)];
  const resolved: Event[] = [];
  const outputs: (readonly unknown[])[] = [];
  const times: number[] = [];
  let violation: Violation | null = null;
  const witnessSteps = new Map<string, number>();
  events.forEach((event, step) => {
    const before = states[states.length - 1];
    const t = protocol.step(config, before, event);
    resolved.push(protocol.resolve(config, before, t.state, event));
    outputs.push(t.outputs);
    states.push(t.state);
    times.push((t.state as { nowMs?: number }).nowMs ?? step);
    const ctx = { config, before, event, after: t.state, outputs: t.outputs, step };
    for (const w of protocol.witnesses) if (!witnessSteps.has(w.name) && w.reached(ctx)) witnessSteps.set(w.name, step);
    if (violation === null) {
      for (const inv of checks) {
        const message = inv.check(ctx);
        if (message !== null) {
          violation = { invariant: inv.name, step, message };
          break;
        }
      }
    }
  });
  return { resolved, outputs, states, times, violation, witnessSteps };
}

/** Black-box checking: the observable invariants, on outputs a real system produced. */
export function checkObserved(protocol: AnyProtocol, observed: readonly (readonly unknown[])[], invariants?: readonly string[]): Violation | null {
  const checks = selectInvariants(protocol, invariants).filter((i) => i.observable === true);
  for (let step = 0; step < observed.length; step++) {
    const ctx = { config: null, before: null, event: null, after: null, outputs: observed[step]!, step };
    for (const inv of checks) {
      const message = inv.check(ctx);
      if (message !== null) return { invariant: inv.name, step, message };
    }
  }
  return null;
}
