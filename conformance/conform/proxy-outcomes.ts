/**
 * What a proxy history decided, in terms a proxy's client can see: each statement's reply (ok or
 * error, and the result's digest), each session the proxy closed, each reconnect with what it
 * restored, and each transaction carried over to a new primary. The instants at which a reply may
 * legitimately differ are the ends of the proxy's hold timeouts. Plus the final phase (deliver
 * what is in flight, then read through every open session) and the client-history checkers.
 */
import type { ProxyConfig, ProxyEvent, ProxyOutput, ProxyState } from "../../model/proxy/index.ts";
import { checkHistory, validateHistory } from "../check/history/index.ts";
import type { History } from "../check/history/types.ts";
import type { Violation } from "../check/run.ts";
import type { Boundary, Outcome, Verdict } from "./outcome.ts";

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

/** The client-history checkers on a proxy (or cluster) client history; an anomaly is named by its checker. */
export function checkProxyClientHistory(h: History, step: number): Violation | null {
  const malformed = validateHistory(h)[0];
  if (malformed !== undefined) return { invariant: "wellFormedHistory", step, message: malformed };
  const a = checkHistory(h)[0];
  return a === undefined ? null : { invariant: a.checker, step, message: a.message };
}
