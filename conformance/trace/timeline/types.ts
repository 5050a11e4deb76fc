/**
 * A trace drawn as a space-time diagram, before any drawing: lanes (nodes, storage, the proxy,
 * clients), one row per step in true time, spans (leases believed, I/O in flight, client
 * operations waiting for an answer) and the marked steps. Built once from a trace by replaying
 * the model; the terminal and the HTML renderer both draw only this, so they show the same thing.
 */
import type { FlatConfig } from "../../../model/core/knobs.ts";

export type LaneKind = "node" | "storage" | "proxy" | "client";

export interface Lane {
  readonly label: string;
  readonly kind: LaneKind;
}

/** How an output reads to a person: ok (acknowledged, accepted), fail (refused, error, lost), info (outcome unknown). */
export type Tone = "ok" | "fail" | "info" | "neutral";

/** One output in words, placed on the lane it concerns (null: the whole system). */
export interface Effect {
  readonly lane: number | null;
  readonly text: string;
  readonly tone: Tone;
}

export type Mark = "violation" | "divergence" | "observed-violation";

export interface Row {
  /** Index of the event in the trace. */
  readonly step: number;
  /** True time after the step, ms. */
  readonly timeMs: number;
  /** The event in words, and the lane it acts on (null: the environment, e.g. time passing). */
  readonly event: string;
  readonly eventType: string;
  readonly eventLane: number | null;
  /** Each lane's state after the step, in words (role, status, log length...). */
  readonly cells: readonly string[];
  /** Each lane's local clock after the step, ms; null where the lane has none (clients, storage, SQL nodes). */
  readonly clocks: readonly (number | null)[];
  /** What the model did (outputs), in words. */
  readonly effects: readonly Effect[];
  /** Conformance traces: what the real system did at this step, in words; undefined otherwise. */
  readonly observed?: readonly Effect[];
  /** Time passing with nothing to see: renderers may fold a run of quiet rows into one line. */
  readonly quiet: boolean;
  readonly marks: readonly Mark[];
}

export type SpanKind = "lease" | "io" | "op" | "recovery" | "held";

/**
 * Something that lasts: from the row whose event began it (−1: it held in the initial state) to
 * the row whose event ended it (null: still holding when the trace ends). An I/O span with
 * `toLane` is a message: issued on `lane`, landing on `toLane` at its end.
 */
export interface Span {
  readonly kind: SpanKind;
  readonly lane: number;
  readonly toLane?: number;
  readonly label: string;
  readonly fromStep: number;
  readonly toStep: number | null;
  readonly fromMs: number;
  readonly toMs: number | null;
  /** Messages (`toLane` set) that ended: true when it arrived, false when it was lost on the way. */
  readonly landed?: boolean;
}

export interface Finding {
  readonly step: number;
  readonly message: string;
  /** Violations only: the invariant, its one-sentence statement and citation. */
  readonly invariant?: string;
  readonly statement?: string;
  readonly citation?: string;
}

export interface Timeline {
  readonly protocol: string;
  readonly preset: string | null;
  readonly seed: number | null;
  /** Every knob with defaults filled in: the configuration that produced the trace. */
  readonly config: FlatConfig;
  /** Conformance traces: the adapter whose observations `Row.observed` holds. */
  readonly adapter?: string;
  readonly lanes: readonly Lane[];
  readonly rows: readonly Row[];
  readonly spans: readonly Span[];
  /** The model's violation, the real system's (conformance), and where the two first differed. */
  readonly violation: Finding | null;
  readonly observedViolation: Finding | null;
  readonly divergence: Finding | null;
  /** What the run amounts to (client errors, failover times), and how to read the lanes. */
  readonly summary: readonly string[];
  readonly legend: string;
}
