/** Outcomes of a history, and comparing the model's with a real system's. */

export interface Outcome {
  /** Stable identity across model and system, e.g. the step of the request. */
  readonly id: string;
  readonly step: number;
  readonly verdict: string;
  /** Model times (ms) at which the outcome was decided, and by whom: the requesting node, or storage. */
  readonly decided: readonly Decision[];
}

export interface Decision {
  readonly t: number;
  readonly by: "node" | "storage";
}

/** An instant at which the model's picture changed: a node's role, or what storage accepts. */
export interface Boundary {
  readonly t: number;
  readonly kind: "node" | "storage";
  /** The outcome this boundary decides (a commit's own timeout), which it cannot make uncertain. */
  readonly owner?: string;
}

/**
 * Whether a real system may legitimately decide `o` otherwise: a node's decision near any
 * boundary, or storage's decision near a storage boundary, within `toleranceMs`.
 */
export function uncertain(o: Outcome, boundaries: readonly Boundary[], toleranceMs: number): boolean {
  return o.decided.some((d) => boundaries.some((b) => b.owner !== o.id && (d.by === "node" || b.kind === "storage") && Math.abs(d.t - b.t) <= toleranceMs));
}

export interface Divergence {
  readonly step: number;
  readonly message: string;
}

/**
 * Verdicts that decide nothing: the operation never reached storage (refused, nothing), or its
 * client never learned what happened (unknown, Jepsen's `info`), which any outcome may follow.
 */
const NOT_SENT = new Set(["refused", "nothing", "unknown"]);

/**
 * The first outcome on which model and system disagree. Compared are the outcomes both sides
 * sent: whether a node refuses or sends an operation near the end of its lease depends on exactly
 * when that lease ended there, which real timing decides (and the difference persists until the
 * next takeover). What storage then did with an operation both sent must agree, except when it
 * was decided within `toleranceMs` of a boundary.
 */
export function firstDivergence(
  expected: readonly Outcome[], observed: readonly Outcome[], boundaries: readonly Boundary[], toleranceMs: number,
): Divergence | null {
  const seen = new Map(observed.map((o) => [o.id, o]));
  for (const e of expected) {
    const got = seen.get(e.id)?.verdict ?? "nothing";
    if (NOT_SENT.has(e.verdict) || NOT_SENT.has(got)) continue;
    if (got !== e.verdict && !uncertain(e, boundaries, toleranceMs)) return { step: e.step, message: `${e.id}: model ${e.verdict}, system ${got}` };
  }
  return null;
}
