/** Outcomes of a history, and comparing the model's with a real system's. */

export interface Outcome {
  /** Stable identity across model and system, e.g. the step of the request. */
  readonly id: string;
  readonly step: number;
  readonly verdict: string;
  /** Model times (ms) at which the outcome was decided: request, landing. */
  readonly times: readonly number[];
}

export interface Divergence {
  readonly step: number;
  readonly message: string;
}

/**
 * The first outcome on which model and system disagree, skipping outcomes decided within
 * `toleranceMs` of a boundary (the system's timing is only known to a window).
 */
export function firstDivergence(
  expected: readonly Outcome[], observed: readonly Outcome[], boundaries: readonly number[], toleranceMs: number,
): Divergence | null {
  const seen = new Map(observed.map((o) => [o.id, o]));
  const uncertain = (o: Outcome): boolean => o.times.some((t) => boundaries.some((b) => Math.abs(t - b) <= toleranceMs));
  for (const e of expected) {
    const o = seen.get(e.id);
    const got = o?.verdict ?? "nothing";
    if (got !== e.verdict && !uncertain(e)) return { step: e.step, message: `${e.id}: model ${e.verdict}, system ${got}` };
  }
  const expectedIds = new Set(expected.map((e) => e.id));
  const extra = observed.find((o) => !expectedIds.has(o.id));
  return extra === undefined ? null : { step: extra.step, message: `${extra.id}: model nothing, system ${extra.verdict}` };
}
