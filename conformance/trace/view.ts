/** What a protocol supplies so that a trace can be drawn as a timeline. */
export interface ProtocolView<S, E, O> {
  readonly laneNames: (s: S) => readonly string[];
  readonly lanes: (s: S) => readonly string[];
  /** The lanes without what changes merely with time (clocks), to fold quiet stretches. */
  readonly laneKey: (s: S) => string;
  readonly nowMs: (s: S) => number;
  readonly describeEvent: (e: E, before: S) => string;
  readonly describeOutput: (o: O) => string | null;
  readonly legend: string;
}
