/**
 * Runs a history on the model for conformance: every state, the resolved events an adapter is
 * driven by, the expected outputs, the model time of each step and the first violation.
 */
import type { Protocol } from "../../model/core/protocol.ts";
import { steps } from "../../model/core/run.ts";
import { selectInvariants, type Violation } from "../check/run.ts";
import type { Ev } from "../kits/event.ts";

export interface ModelRun<S, E, O> {
  readonly resolved: readonly E[];
  readonly outputs: readonly (readonly O[])[];
  /** `states[k]` is the state before event k; the last follows the last event. */
  readonly states: readonly S[];
  readonly times: readonly number[];
  readonly violation: Violation | null;
  /** The first step at which each witness was reached. */
  readonly witnessSteps: ReadonlyMap<string, number>;
}

export function foldModel<C, S, E extends Ev, O>(protocol: Protocol<C, S, E, O>, config: C, events: readonly E[], invariants?: readonly string[]): ModelRun<S, E, O> {
  const checks = selectInvariants(protocol, invariants);
  const states: S[] = [protocol.init(config)];
  const resolved: E[] = [];
  const outputs: (readonly O[])[] = [];
  const times: number[] = [];
  let violation: Violation | null = null;
  const witnessSteps = new Map<string, number>();
  for (const ctx of steps(protocol, config, events, states[0])) {
    resolved.push(protocol.resolve(config, ctx.before, ctx.after, ctx.event));
    outputs.push(ctx.outputs);
    states.push(ctx.after);
    times.push(ctx.nowMs);
    for (const w of protocol.witnesses) if (!witnessSteps.has(w.name) && w.reached(ctx)) witnessSteps.set(w.name, ctx.step);
    if (violation === null) violation = firstBroken(checks, ctx);
  }
  return { resolved, outputs, states, times, violation, witnessSteps };
}

function firstBroken<Ctx>(checks: readonly { readonly name: string; readonly check: (ctx: Ctx) => string | null }[], ctx: Ctx & { readonly step: number }): Violation | null {
  for (const inv of checks) {
    const message = inv.check(ctx);
    if (message !== null) return { invariant: inv.name, step: ctx.step, message };
  }
  return null;
}

/** Black-box checking: the invariants that can be judged from outputs alone, on what a real system produced. */
export function checkObserved<C, S, E extends Ev, O>(protocol: Protocol<C, S, E, O>, config: C, observed: readonly (readonly O[])[], invariants?: readonly string[]): Violation | null {
  const checks = selectInvariants(protocol, invariants);
  const earlier: (readonly O[])[] = [];
  for (let step = 0; step < observed.length; step++) {
    for (const inv of checks) {
      const message = inv.observe?.(config, observed[step]!, earlier) ?? null;
      if (message !== null) return { invariant: inv.name, step, message };
    }
    earlier.push(observed[step]!);
  }
  return null;
}
