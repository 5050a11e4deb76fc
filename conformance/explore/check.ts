/**
 * Exhaustive bounded checking, as the CLI and the bench call it: breadth-first search of one
 * protocol's search space under one configuration, and a violation's history resolved (nodes
 * made concrete, time as it really passed) so that replaying it gives the same run.
 */
import type { FlatConfig } from "../../model/core/knobs.ts";
import type { Protocol } from "../../model/core/protocol.ts";
import { steps } from "../../model/core/run.ts";
import { runHistory, type Violation } from "../check/run.ts";
import type { Ev, ProtocolKit } from "../kits/kit.ts";
import { search } from "./bfs.ts";
import { resolveBudgets } from "./spaces.ts";

export interface CheckOptions<C, S, E extends Ev, O> {
  readonly kit: ProtocolKit<C, S, E, O>;
  readonly flatConfig: FlatConfig;
  readonly depth: number;
  readonly maxStates: number;
  readonly invariants?: readonly string[] | undefined;
  /** Overrides of the space's budget limits (see space.ts); unknown names are a usage error. */
  readonly budgets?: Readonly<Record<string, number>>;
  /** Identify states up to symmetry (default true). */
  readonly symmetry?: boolean;
  readonly onLevel?: (depth: number, states: number) => void;
  /** Wall clock, injected so that tests can drive it; defaults to Date.now. */
  readonly now?: () => number;
}

export interface CheckResult<E> {
  readonly violation: Violation | null;
  /** The shortest violating history, resolved; empty when nothing was violated. */
  readonly events: readonly E[];
  /** Distinct states seen, up to symmetry. */
  readonly states: number;
  readonly transitions: number;
  /** Every history of at most this many events (within the budgets) was checked. */
  readonly depthReached: number;
  /** The search reached its depth without running out of state budget (false on a violation). */
  readonly complete: boolean;
  /** Every reachable state within the budgets was seen, before the depth ran out. */
  readonly exhausted: boolean;
  readonly elapsedMs: number;
  /** Per witness of a checked invariant, how many transitions reached it. */
  readonly witnesses: Record<string, number>;
  /** The budget limits the search ran with. */
  readonly budgets: Readonly<Record<string, number>>;
}

export function checkExhaustive<C, S, E extends Ev, O>(o: CheckOptions<C, S, E, O>): CheckResult<E> {
  const { model: protocol, space } = o.kit;
  const config = protocol.configFromFlat(o.flatConfig);
  const budgets = resolveBudgets(space, o.budgets ?? {});
  const now = o.now ?? Date.now;
  const started = now();
  const r = search({
    protocol, space, config, budgets, depth: o.depth, maxStates: o.maxStates, invariants: o.invariants,
    symmetry: o.symmetry ?? true, ...(o.onLevel === undefined ? {} : { onLevel: o.onLevel }),
  });
  const events = r.violation === null ? [] : resolvePath(protocol, config, r.path, o.invariants, r.violation);
  return {
    violation: r.violation, events, states: r.states, transitions: r.transitions, depthReached: r.depth,
    complete: r.complete, exhausted: r.exhausted, elapsedMs: now() - started, witnesses: { ...r.witnesses }, budgets,
  };
}

/** The events as taken, checked to break the same invariant at the same step on replay. */
function resolvePath<C, S, E extends Ev, O>(protocol: Protocol<C, S, E, O>, config: C, path: readonly E[], invariants: readonly string[] | undefined, expected: Violation): E[] {
  const resolved: E[] = [];
  for (const ctx of steps(protocol, config, path)) resolved.push(protocol.resolve(config, ctx.before, ctx.after, ctx.event));
  const replay = runHistory(protocol, config, resolved, { invariants }).violation;
  if (replay?.invariant !== expected.invariant || replay.step !== expected.step) {
    throw new Error(`${protocol.name}: the resolved counterexample does not replay (${replay?.invariant ?? "no violation"} at step ${replay?.step ?? "-"}, expected ${expected.invariant} at ${expected.step})`);
  }
  return resolved;
}
