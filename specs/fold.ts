/** Shared by the property specs: a protocol's reducer folded over a history, invariants aside. */
import fc from "fast-check";
import type { Protocol } from "../model/core/protocol.ts";
import { foldModel } from "../conformance/conform/fold.ts";
import type { Ev, ProtocolKit } from "../conformance/kits/kit.ts";

export interface Fold<S, E, O> {
  /** `states[k]` is the state before event k; the last one follows the last event. */
  readonly states: readonly S[];
  readonly outputs: readonly (readonly O[])[];
  readonly resolved: readonly E[];
}

/** The model's own fold (conformance/conform/fold.ts) with no invariant checked. */
export function fold<C, S, E extends Ev, O>(p: Protocol<C, S, E, O>, config: C, events: readonly E[]): Fold<S, E, O> {
  const { states, outputs, resolved } = foldModel(p, config, events, []);
  return { states, outputs, resolved };
}

/** A preset's name, its config, and one history generated for it. */
export function presetAndHistory<C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>, configs: ReadonlyMap<string, C>, maxSteps: number): fc.Arbitrary<{ name: string; config: C; events: E[] }> {
  return fc.constantFrom(...configs.keys()).chain((name) => {
    const config = configs.get(name)!;
    return kit.histories(config, { maxSteps }).map((events) => ({ name, config, events }));
  });
}

/** Folding twice gives byte-identical runs (no clocks, no randomness in the model). */
export function expectDeterministic<S, E, O>(run: (events: readonly E[]) => Fold<S, E, O>, events: readonly E[], expect: (a: unknown) => { toBe: (b: unknown) => void }): void {
  expect(JSON.stringify(run(events))).toBe(JSON.stringify(run(events)));
}

/** The events as taken replay to the same run, and resolve again to themselves. */
export function expectResolvedReplay<S, E, O>(run: (events: readonly E[]) => Fold<S, E, O>, events: readonly E[], expect: (a: unknown) => { toBe: (b: unknown) => void }): void {
  const original = run(events);
  const replayed = run(original.resolved);
  expect(JSON.stringify(replayed.outputs)).toBe(JSON.stringify(original.outputs));
  expect(JSON.stringify(replayed.states)).toBe(JSON.stringify(original.states));
  expect(JSON.stringify(replayed.resolved)).toBe(JSON.stringify(original.resolved));
}
