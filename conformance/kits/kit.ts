/**
 * A protocol kit: everything the tool knows about one protocol, typed by that protocol's own
 * config, state, event and output types. The CLI, traces, timelines, `check`, `conform`, the
 * bench and the library reach a protocol only through its kit (see index.ts for the accessor), so
 * a new event is a change in the protocol's own folder and kit, and a new protocol is a new kit.
 */
import type fc from "fast-check";
import type { Protocol } from "../../model/core/protocol.ts";
import type { Violation } from "../check/run.ts";
import type { FailoverTime } from "../check/failover-times.ts";
import type { History } from "../check/history/types.ts";
import type { Boundary, Outcome } from "../conform/outcome.ts";
import type { ModelRun } from "../conform/fold.ts";
import type { SearchSpace } from "../explore/space.ts";
import type { HistoryBounds } from "../histories/bounds.ts";
import type { IndexBounds } from "../trace/bounds.ts";
import type { TraceSchemas } from "../trace/schema.ts";
import type { TimelineView } from "../trace/timeline/view.ts";
import type { Ev } from "./event.ts";

export type { Ev };
export type Outputs<O> = readonly (readonly O[])[];

/** What `conform` needs of a protocol beyond its model: how to compare a real system's run with it. */
export interface ConformHooks<C, S, E, O> {
  /**
   * What a history decided, comparable between the model and a real system: every outcome the
   * model reports here, the system must report too (see conform/outcome.ts). `finalFrom` is the
   * first step of the final reads, when the history has them.
   */
  readonly outcomes: (events: readonly E[], outputs: Outputs<O>, times: readonly number[], finalFrom?: number) => Outcome[];
  /** Model instants near which real timing may legitimately decide otherwise. */
  readonly boundaries: (run: ModelRun<S, E, O>, config: C) => Boundary[];
  /** No client operation is still in flight: a history may end here and be compared. */
  readonly settled: (state: S) => boolean;
  /** The event that lets anything in flight finish (a long passage of time). */
  readonly settleStep: E;
  /**
   * An event that lets at most `ms` pass, for the quiet tail a settled history ends with (as long
   * as the adapter's time tolerance), so that what the model decides last the system has time to
   * report. Protocols whose final events already wait that long need none.
   */
  readonly waitStep?: (ms: number) => E;
  /** What a settled history ends with: the final reads that say what survived (Jepsen style). */
  readonly finalEvents: (state: S) => readonly E[];
  /**
   * The black-box checkers over the whole client history, for protocols whose clients read and
   * write data; `finalFrom` is the first step of the final reads. `run` is the model's run of the
   * same events: where no output records a client's request (a proxy's statements), it says which
   * requests were sent.
   */
  readonly checkClientHistory: (outputs: Outputs<O>, times: readonly number[], finalFrom: number, run: ModelRun<S, E, O>) => Violation | null;
}

export interface ProtocolKit<C, S, E extends Ev, O> {
  readonly name: string;
  /** The specification: init, step, invariants, witnesses, knobs, presets. */
  readonly model: Protocol<C, S, E, O>;
  /** Its events and outputs as Effect Schemas decoding to its own types: trace files are read through them. */
  readonly schemas: TraceSchemas<E, O>;
  /** How many nodes and client sessions a configuration has: the indices a trace may name. */
  readonly indexBounds: (config: C) => IndexBounds;
  /** Random histories for exploration and conformance, drawing only the faults `env.*` allows. */
  readonly histories: (config: C, bounds: HistoryBounds) => fc.Arbitrary<E[]>;
  /** What exhaustive search enumerates from each state. */
  readonly space: SearchSpace<C, S, E>;
  /** How a trace of this protocol is drawn. */
  readonly view: TimelineView<S, E, O>;
  /** The clients' operations in a run as a Jepsen history, from the given outputs (the model's or a system's). */
  readonly clientHistory: (run: ModelRun<S, E, O>, outputs: Outputs<O>) => History;
  /** Null for a protocol no adapter drives yet: `conform` refuses it rather than compare nothing. */
  readonly conform: ConformHooks<C, S, E, O> | null;
  /** The failovers a step's outputs report as completed, for protocols that time them. */
  readonly failoverTimes?: (outputs: readonly O[]) => readonly FailoverTime[];
}
