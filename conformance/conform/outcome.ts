/** Outcomes of a history, and comparing the model's with a real system's. */
import { nodeName } from "../../model/core/ids.ts";

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
  /** Who took the lease over at an epoch. */
  | { readonly kind: "leader"; readonly node: number }
  /** What a read showed: the rows it returned, or null when the node could not answer. */
  | { readonly kind: "read"; readonly ids: readonly number[] | null }
  /** A proxied statement's reply as its client received it: ok or error, and the result's digest. */
  | { readonly kind: "reply"; readonly outcome: "ok" | "error"; readonly rows: string | null; readonly insertId: number | null; readonly error: string | null }
  /** The proxy closed a client's session. */
  | { readonly kind: "session-closed" }
  /** A session reconnected to a new primary, with how much of its state was restored. */
  | { readonly kind: "restored"; readonly restored: "all" | "some" | "nothing needed" }
  /** An open transaction carried over to a new primary: attached (with the attach's result) or replayed. */
  | { readonly kind: "carried-over"; readonly how: "attached" | "committed" | "invalid" | "unvalidated" | "replay continued" | "replay abandoned" }
  /** A takeover: this node became primary. */
  | { readonly kind: "takeover"; readonly node: number };

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
    case "leader": return `taken over by ${nodeName(v.node)}`;
    case "read": return v.ids === null ? "no answer" : `rows [${v.ids.join(", ")}]`;
    case "reply": return `${v.outcome} (${v.error ?? (v.rows !== null ? `rows ${v.rows}` : v.insertId !== null ? `insert id ${v.insertId}` : "OK")})`;
    case "session-closed": return "session closed";
    case "restored": return `reconnected, restored ${v.restored}`;
    case "carried-over": return `transaction ${v.how}`;
    case "takeover": return `${nodeName(v.node)} took over`;
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
 * Why an outcome the model decided was not held against the system. Each is a way in which real
 * timing, not the implementation, may decide the outcome otherwise; each excused outcome is
 * counted and reported.
 */
export type Excuse =
  /** Decided within the adapter's tolerance of a timing boundary (a lease ending, a takeover, a timeout). */
  | "near-boundary"
  /** Decided within the tolerance of the history's end: the system may report it just after. */
  | "near-end"
  /** The node refused where the other side sent, or the reverse: exactly when a node's own lease ends there is real timing, and the difference persists until the next takeover. */
  | "lease-end-timing"
  /** A client that never learned what happened (Jepsen's `info`): any outcome may follow. */
  | "client-never-learned";

export interface Excused {
  readonly id: string;
  readonly step: number;
  readonly why: Excuse;
}

/** What comparing one history's outcomes came to: compared and excused add up to the model's outcomes. */
export interface Comparison {
  readonly compared: number;
  readonly excused: readonly Excused[];
  /** The first compared outcome on which the system differs from the model, or reported nothing. */
  readonly divergence: Divergence | null;
}

const unknownReply = (v: Verdict): boolean => v.kind === "commit" && v.outcome === "unknown";
const sent = (v: Verdict): boolean => v.kind === "unlanded" || v.kind === "accepted" || v.kind === "accepted-stale" || v.kind === "fenced";

/**
 * Holds the system to every outcome the model decided: the system must report the same verdict,
 * and reporting nothing is a divergence ("model: accepted; system: reported nothing"), so a
 * system that stays silent cannot pass. Outcomes real timing may decide otherwise are excused,
 * and each excuse is counted; what the system reports beyond the model's outcomes is left to
 * the black-box checkers.
 */
export function compareOutcomes(
  expected: readonly Outcome[], observed: readonly Outcome[], boundaries: readonly Boundary[], toleranceMs: number, endMs: number,
): Comparison {
  const seen = new Map(observed.map((o) => [o.id, o]));
  const excused: Excused[] = [];
  let compared = 0;
  for (const e of expected) {
    const got = seen.get(e.id)?.verdict;
    const why = excuse(e, got, boundaries, toleranceMs, endMs);
    if (why !== null) {
      excused.push({ id: e.id, step: e.step, why });
      continue;
    }
    compared++;
    if (got === undefined) return { compared, excused, divergence: { step: e.step, message: `${e.id}: model ${describeVerdict(e.verdict)}; system reported nothing` } };
    if (!sameVerdict(got, e.verdict)) return { compared, excused, divergence: { step: e.step, message: `${e.id}: model ${describeVerdict(e.verdict)}; system ${describeVerdict(got)}` } };
  }
  return { compared, excused, divergence: null };
}

/** Why `e` is not held against the system given what it reported (`undefined`: nothing), or null when it is. */
function excuse(e: Outcome, got: Verdict | undefined, boundaries: readonly Boundary[], toleranceMs: number, endMs: number): Excuse | null {
  if (got !== undefined && sameVerdict(got, e.verdict)) return null;
  if (uncertain(e, boundaries, toleranceMs)) return "near-boundary";
  // A read is answered within its own event: the end of the history cannot cut its answer off.
  if (got === undefined) return e.verdict.kind !== "read" && e.decided.some((d) => endMs - d.t < toleranceMs) ? "near-end" : null;
  if (unknownReply(e.verdict) || unknownReply(got)) return "client-never-learned";
  if ((e.verdict.kind === "refused" && sent(got)) || (sent(e.verdict) && got.kind === "refused")) return "lease-end-timing";
  return null;
}

/** The first outcome on which model and system disagree (see compareOutcomes). */
export function firstDivergence(
  expected: readonly Outcome[], observed: readonly Outcome[], boundaries: readonly Boundary[], toleranceMs: number, endMs: number,
): Divergence | null {
  return compareOutcomes(expected, observed, boundaries, toleranceMs, endMs).divergence;
}
