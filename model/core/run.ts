/**
 * The one step runner: every consumer that folds a protocol over a history (exploration, replay,
 * the timelines and exports, conformance, exhaustive search's witnesses, the bench) walks the
 * steps this yields, so that "what happened at step i" has one meaning everywhere.
 */
import type { Protocol, StepContext } from "./protocol.ts";

/** One step of a run: the context invariants see, plus the true time after it. */
export interface RunStep<C, S, E, O> extends StepContext<C, S, E, O> {
  readonly nowMs: number;
}

/**
 * Each step of `events` from `start` (the initial state by default), lazily: a consumer that stops
 * at a violation takes no further step.
 */
export function* steps<C, S, E extends { readonly type: string }, O>(
  protocol: Protocol<C, S, E, O>, config: C, events: Iterable<E>, start: S = protocol.init(config),
): Generator<RunStep<C, S, E, O>, S, undefined> {
  let state = start;
  let step = 0;
  for (const event of events) {
    const t = protocol.step(config, state, event);
    yield { config, before: state, event, after: t.state, outputs: t.outputs, step, nowMs: protocol.nowMs(t.state) };
    state = t.state;
    step++;
  }
  return state;
}

/** The state after every event of `events`, with no checks: for callers that need only where a history leads. */
export function finalState<C, S, E extends { readonly type: string }, O>(protocol: Protocol<C, S, E, O>, config: C, events: Iterable<E>, start?: S): S {
  const run = steps(protocol, config, events, start);
  for (;;) {
    const next = run.next();
    if (next.done === true) return next.value;
  }
}
