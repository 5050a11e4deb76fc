/** Outcomes of a history, and comparing the model's with a real system's. */

/** What an operation came to, as both the model and a real system can report it. */
export type Verdict =
  /** The node refused to send it (it believed it held no lease). */
  | { readonly kind: "refused" }
  /** Sent, and no reply came before the history ended. */
  | { readonly kind: "unlanded" }
  | { readonly kind: "accepted" }
  /** Storage accepted a write from an epoch older than the block's: what fencing exists to stop. */
  | { readonly kind: "accepted-stale"; readonly epoch: number; readonly blockEpoch: number }
  | { readonly kind: "fenced" }
  /** A commit's reply; `unknown` is Jepsen's `info`: the client never learned what happened. */
  | { readonly kind: "commit"; readonly outcome: "ok" | "error" | "unknown" }
  /** The semi-sync status counters as read at the end. */
  | { readonly kind: "counters"; readonly on: boolean; readonly yesTx: number; readonly noTx: number; readonly noTimes: number }
  /** A proxied statement's reply as its client received it: ok or error, and the result's digest. */
  | { readonly kind: "reply"; readonly outcome: "ok" | "error"; readonly rows: string | null; readonly insertId: number | null; readonly error: string | null }
  /** The proxy closed a client's session. */
  | { readonly kind: "session-closed" }
  /** A session reconnected to a new primary, with how much of its state was restored. */
  | { readonly kind: "restored"; readonly restored: "all" | "some" | "nothing needed" }
  /** An open transaction carried over to a new primary: attached (with the attach's result) or replayed. */
  | { readonly kind: "carried-over"; readonly how: "attached" | "committed" | "invalid" | "unvalidated" | "replay continued" | "replay abandoned" }
  /** A takeover: this node became primary. */
  | { readonly kind: "takeover"; readonly node: number }
  /** The system reported nothing about the operation. */
  | { readonly kind: "nothing" };

/** A verdict in the words a divergence message uses. */
export function describeVerdict(v: Verdict): string {
  switch (v.kind) {
    case "refused": return "refused";
    case "unlanded": return "issued, never landed";
    case "accepted": return "accepted";
    case "accepted-stale": return `accepted from stale epoch ${v.epoch} at epoch ${v.blockEpoch}`;
    case "fenced": return "fenced off";
    case "commit": return v.outcome;
    case "counters": return `status ${v.on ? "ON" : "OFF"}, yes_tx ${v.yesTx}, no_tx ${v.noTx}, no_times ${v.noTimes}`;
    case "reply": return `${v.outcome} (${v.error ?? (v.rows !== null ? `rows ${v.rows}` : v.insertId !== null ? `insert id ${v.insertId}` : "OK")})`;
    case "session-closed": return "session closed";
    case "restored": return `reconnected, restored ${v.restored}`;
    case "carried-over": return `transaction ${v.how}`;
    case "takeover": return `n${v.node + 1} took over`;
    case "nothing": return "nothing";
  }
}

/** Structural equality: two verdicts say the same thing. */
export function sameVerdict(a: Verdict, b: Verdict): boolean {
  return describeVerdict(a) === describeVerdict(b) && a.kind === b.kind;
}

export interface Outcome {
  /** Stable identity across model and system, e.g. the step of the request. */
  readonly id: string;
  readonly step: number;
  readonly verdict: Verdict;
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
const decidesNothing = (v: Verdict): boolean =>
  v.kind === "refused" || v.kind === "nothing" || (v.kind === "commit" && v.outcome === "unknown");

const NOTHING: Verdict = { kind: "nothing" };

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
    const got = seen.get(e.id)?.verdict ?? NOTHING;
    if (decidesNothing(e.verdict) || decidesNothing(got)) continue;
    if (!sameVerdict(got, e.verdict) && !uncertain(e, boundaries, toleranceMs)) {
      return { step: e.step, message: `${e.id}: model ${describeVerdict(e.verdict)}, system ${describeVerdict(got)}` };
    }
  }
  return null;
}
