/**
 * What every cluster helper returns: the state it leads to, what an observer sees on the way,
 * and what election decided on the way. Helpers chain these instead of pushing into a shared
 * array, so any part of a step can be asked for, and kept or dropped, as a value.
 */
import type { ElectionNews } from "../lease/election.ts";
import type { ClusterOutput, ClusterState } from "./types.ts";

export interface Step {
  readonly state: ClusterState;
  readonly outputs: readonly ClusterOutput[];
  /** Election's decisions in this step, in order: the failover acts on them once the event is taken. */
  readonly news: readonly ElectionNews[];
}

/** Nothing happens. */
export const stay = (state: ClusterState): Step => ({ state, outputs: [], news: [] });

/** The state, with these outputs seen. */
export const emit = (state: ClusterState, ...outputs: ClusterOutput[]): Step => ({ state, outputs, news: [] });

/** `first`, then whatever `next` does from where it left the state. (Not named `then`: a module exporting `then` is a thenable, and awaiting its dynamic import calls it.) */
export function andThen(first: Step, next: (s: ClusterState) => Step): Step {
  const second = next(first.state);
  if (second.outputs.length === 0 && second.news.length === 0) return { ...first, state: second.state };
  return { state: second.state, outputs: [...first.outputs, ...second.outputs], news: [...first.news, ...second.news] };
}
