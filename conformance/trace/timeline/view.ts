/**
 * What a protocol supplies so that its traces can be drawn: its lanes, how its state reads in
 * each lane, what lasts (spans), and how its events and outputs read and where they belong.
 * `build.ts` turns a trace into a `Timeline` with these; the renderers never see the model.
 */
import type { Effect, Lane, SpanKind } from "./types.ts";

/** Something holding in one state: a span is a run of states in which the same key is active. */
export interface Active {
  readonly key: string;
  readonly kind: SpanKind;
  readonly lane: number;
  readonly toLane?: number;
  readonly label: string;
  /** A message: whether the step that ends it shows it arrived, in the state after or its outputs (else it was lost). */
  readonly landsIf?: (after: unknown, outputs: readonly unknown[]) => boolean;
}

export interface TimelineView<S, E, O> {
  /** Fixed for a trace: read off the initial state. */
  readonly lanes: (s: S) => readonly Lane[];
  readonly cells: (s: S) => readonly string[];
  readonly clocks: (s: S) => readonly (number | null)[];
  /** The cells without what merely changes with time (clocks), to tell a quiet step. */
  readonly quietKey: (s: S) => string;
  readonly nowMs: (s: S) => number;
  readonly active: (s: S) => readonly Active[];
  readonly describeEvent: (e: E, before: S) => string;
  readonly eventLane: (e: E, before: S) => number | null;
  /** An output in words, on its lane; null for outputs a person need not see (the clock ticking). */
  readonly effect: (o: O, before: S) => Effect | null;
  readonly legend: string;
  /** What the whole shown run amounts to (client errors, failover times). */
  readonly summary?: (outputs: readonly O[]) => readonly string[];
}

export const effect = (lane: number | null, text: string, tone: Effect["tone"] = "neutral"): Effect => ({ lane, text, tone });
