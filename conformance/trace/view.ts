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
  /** What the whole shown run amounts to (client errors, failover times), after the timeline. */
  readonly summary?: (outputs: readonly O[]) => readonly string[];
}

/** The parts a protocol whose state is a row of nodes supplies; `perNodeView` does the rest. */
export interface NodeViewParts<N, S, E, O> {
  readonly name: (i: number) => string;
  /** A node's lane, and the same without what merely changes with time. */
  readonly lane: (n: N, i: number) => string;
  readonly laneState: (n: N, i: number) => string;
  readonly describeEvent: (e: E, before: S) => string;
  readonly describeOutput: (o: O) => string | null;
  readonly legend: string;
}

export function perNodeView<N, S extends { readonly nodes: readonly N[]; readonly nowMs: number }, E, O>(p: NodeViewParts<N, S, E, O>): ProtocolView<S, E, O> {
  return {
    laneNames: (s) => s.nodes.map((_, i) => p.name(i)),
    lanes: (s) => s.nodes.map(p.lane),
    laneKey: (s) => s.nodes.map(p.laneState).join("|"),
    nowMs: (s) => s.nowMs,
    describeEvent: p.describeEvent,
    describeOutput: p.describeOutput,
    legend: p.legend,
  };
}
