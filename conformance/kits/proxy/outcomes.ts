/**
 * What a proxy history decided, in terms a proxy's client can see: each statement's reply (ok or
 * error, and the result's digest), each session the proxy closed, each reconnect with what it
 * restored, and each transaction carried over to a new primary. The instants at which a reply may
 * legitimately differ are the ends of the proxy's hold timeouts. Plus the final phase (deliver
 * what is in flight, then read through every open session) and the client-history checkers.
 */
import type { ProxyConfig, ProxyEvent, ProxyOutput, ProxyState } from "../../../model/proxy/index.ts";
import { checkHistory, validateHistory } from "../../check/history/index.ts";
import type { History } from "../../check/history/types.ts";
import type { Violation } from "../../check/run.ts";
import type { Boundary, Outcome, Verdict } from "../../conform/outcome.ts";

/** The outcomes in the proxy outputs of each step, at the model times of those steps. */
export function proxyOutcomes(outputs: readonly (readonly ProxyOutput[])[], times: readonly number[]): Outcome[] {
  const out: Outcome[] = [];
  // An id seen again (a session reconnected twice at one epoch) gets its occurrence: ids stay unique.
  const seen = new Map<string, number>();
  outputs.forEach((step, i) => {
    for (const o of step) {
      const v = verdictOf(o);
      if (v === null) continue;
      const n = seen.get(v.id) ?? 0;
      seen.set(v.id, n + 1);
      out.push({ id: n === 0 ? v.id : `${v.id}#${n + 1}`, step: i, verdict: v.verdict, decided: [{ t: times[i]!, by: "node" }] });
    }
  });
  return out;
}

/** Ids name what both sides share: statement ids (the model's, which the adapter is driven by), sessions and steps. */
function verdictOf(o: ProxyOutput): { id: string; verdict: Verdict } | null {
  switch (o.type) {
    case "Replied":
      return { id: `stmt#${o.stmt.id}`, verdict: { kind: "reply", outcome: o.outcome, rows: o.digest?.rows ?? null, insertId: o.digest?.insertId ?? null, error: o.digest?.error ?? null } };
    case "SessionClosed":
      return { id: `closed:s${o.session + 1}`, verdict: { kind: "session-closed" } };
    case "Reconnected":
      return { id: `reconnect:s${o.session + 1}@e${o.epoch}`, verdict: { kind: "restored", restored: o.restored } };
    case "Attached":
      return { id: `carry:s${o.session + 1}@e${o.epoch}`, verdict: { kind: "carried-over", how: o.result } };
    case "Replayed":
      return { id: `carry:s${o.session + 1}@e${o.epoch}`, verdict: { kind: "carried-over", how: o.continued ? "replay continued" : "replay abandoned" } };
    case "TimeNow": case "Executed": case "PartialResult": case "SessionHeld": case "PrimaryLost": case "FailoverCompleted": case "CommitsLost":
      return null;
  }
}

/** Where a held session's hold timeout runs out: whether it is answered or closed there is real timing's call. */
export function proxyBoundaries(states: readonly ProxyState[], config: Pick<ProxyConfig, "holdTimeoutMs">): Boundary[] {
  const seen = new Set<number>();
  const out: Boundary[] = [];
  for (const s of states) {
    for (const x of s.sessions) {
      if (x.heldSinceMs === null || seen.has(x.heldSinceMs)) continue;
      seen.add(x.heldSinceMs);
      out.push({ t: x.heldSinceMs + config.holdTimeoutMs, kind: "node" });
    }
  }
  return out;
}

/** No session is held: time alone decides nothing more (statements in flight need their own events). */
export const proxySettled = (s: ProxyState): boolean => s.sessions.every((x) => !x.open || x.heldSinceMs === null);

/**
 * The final phase: every statement still in flight is executed and answered, then, if there is a
 * primary, every open session reads the data (a locked read sees every committed change): what
 * the reads show is what survived, and a write that took effect twice shows as one too many.
 */
export function proxyFinalEvents(s: ProxyState): ProxyEvent[] {
  const finish = s.sessions.flatMap((x, session): ProxyEvent[] => {
    if (!x.open || x.pending === null) return [];
    if (x.pending.phase === "sent") return [{ type: "StatementExecuted", session }, { type: "ReplyDelivered", session }];
    if (x.pending.phase === "executed" || x.pending.phase === "partial") return [{ type: "ReplyDelivered", session }];
    return [];
  });
  if (s.primary === null) return finish;
  const reads = s.sessions.flatMap((x, session): ProxyEvent[] =>
    x.open ? [{ type: "StatementSent", session, kind: "read" }, { type: "StatementExecuted", session }, { type: "ReplyDelivered", session }] : []);
  return [...finish, ...reads];
}

/**
 * The client-history checkers on a proxy (or cluster) client history, an anomaly named by its
 * checker; first, the effects the reads count against the statements executed (`outputs`: the
 * proxy's outputs of each step).
 */
export function checkProxyClientHistory(h: History, outputs: readonly (readonly ProxyOutput[])[]): Violation | null {
  const counted = effectsCounted(outputs);
  if (counted !== null) return counted;
  const step = Math.max(0, outputs.length - 1);
  const malformed = validateHistory(h)[0];
  if (malformed !== undefined) return { invariant: "wellFormedHistory", step, message: malformed };
  const a = checkHistory(h)[0];
  return a === undefined ? null : { invariant: a.checker, step, message: a.message };
}

/** What a locked read returns (model/proxy/backend.ts): how many blind updates, keyed and auto-increment inserts the data holds. */
const READ_ROWS = /^c=(\d+) keyed=(\d+) autoinc=(\d+)$/;

type Counted = "blind-update" | "insert-autoinc";
const isCounted = (kind: string): kind is Counted => kind === "blind-update" || kind === "insert-autoinc";

/**
 * duplicatedEffects and ackedWritesLost, for the proxy, on what each locked read returned when it
 * ran: it may count no more blind updates (or auto-increment inserts) than distinct such
 * statements were executed before it, since each takes effect at most once and no one else sends
 * them (other clients insert keyed rows); one more is a write that took effect twice (a retry,
 * resend or replay of one that had landed). And it may count no fewer than its clients were told
 * were committed before it ran (an autocommit write answered ok, a transaction's writes answered
 * ok and then its COMMIT); one fewer is an acknowledged write lost.
 */
export function effectsCounted(outputs: readonly (readonly ProxyOutput[])[]): Violation | null {
  const executed = { "blind-update": new Set<number>(), "insert-autoinc": new Set<number>() };
  const acked = { "blind-update": new Set<number>(), "insert-autoinc": new Set<number>() };
  const inTrx = new Map<number, { id: number; kind: Counted }[]>();
  for (const [step, os] of outputs.entries()) {
    for (const o of os) {
      if (o.type === "Executed" && isCounted(o.stmt.kind)) executed[o.stmt.kind].add(o.stmt.id);
      if (o.type === "Executed" && o.stmt.kind === "read" && o.digest.error === null) {
        const m = READ_ROWS.exec(o.digest.rows ?? "");
        if (m === null) continue;
        const seen = { "blind-update": Number(m[1]), "insert-autoinc": Number(m[3]) };
        for (const kind of ["blind-update", "insert-autoinc"] as const) {
          const what = kind === "blind-update" ? "blind updates" : "auto-increment inserts";
          if (seen[kind] > executed[kind].size) {
            return { invariant: "duplicatedEffects", step, message: `statement #${o.stmt.id} read ${seen[kind]} ${what}, of ${executed[kind].size} executed: a write took effect twice` };
          }
          if (seen[kind] < acked[kind].size) {
            return { invariant: "ackedWritesLost", step, message: `statement #${o.stmt.id} read ${seen[kind]} ${what}, but ${acked[kind].size} were acknowledged as committed` };
          }
        }
      }
      if (o.type !== "Replied" || o.outcome !== "ok") continue;
      const { id, kind, ctrx } = o.stmt;
      if (isCounted(kind) && ctrx === null) acked[kind].add(id);
      if (isCounted(kind) && ctrx !== null) inTrx.set(ctrx, [...(inTrx.get(ctrx) ?? []), { id, kind }]);
      if ((kind === "commit" || kind === "implicit-commit") && ctrx !== null) for (const w of inTrx.get(ctrx) ?? []) acked[w.kind].add(w.id);
    }
  }
  return null;
}
