/**
 * The primary is lost: every backend connection breaks, and for each session the proxy either
 * holds it for the failover or passes the error to the client, by its strategy (research §4.1–4.4).
 */
import type { ProxyConfig } from "./config.ts";
import { closeSession, isIdle, updateSession } from "./session.ts";
import { restorable } from "./restore.ts";
import type { ProxyOutput, ProxyState, Session } from "./types.ts";

export function losePrimary(c: ProxyConfig, s: ProxyState, how: "crash" | "isolated", out: ProxyOutput[]): ProxyState {
  if (s.primary === null) return s;
  const p = s.primary;
  const kind = c.env.isolatedPrimaries ? how : "crash";
  out.push({ type: "PrimaryLost", node: p, how: kind });
  const nodes = s.nodes.map((n, i) => (i === p ? { ...n, up: kind === "isolated" } : n));
  const lost: ProxyState = { ...s, nodes, primary: null, lost: { node: p, atMs: s.nowMs }, latestEpoch: s.latestEpoch + 1, idleCasualties: [] };
  return disconnectAll(c, lost, () => true, out);
}

/** Breaks the backend connections of the sessions `which` selects, then holds or closes each. */
export function disconnectAll(c: ProxyConfig, s: ProxyState, which: (x: Session) => boolean, out: ProxyOutput[]): ProxyState {
  let next = s;
  s.sessions.forEach((x, i) => {
    if (!x.open || x.conn === null || !which(x)) return;
    next = disconnect(c, next, i, out);
  });
  return next;
}

function disconnect(c: ProxyConfig, s: ProxyState, i: number, out: ProxyOutput[]): ProxyState {
  const x = s.sessions[i]!;
  const p = x.pending;
  const inFlight = p !== null && p.phase !== "queued";
  const broken: Session = {
    ...x, conn: null, backend: null, idleAtLoss: isIdle(x),
    pending: p === null ? null : { ...p, acrossFailover: p.acrossFailover || inFlight },
  };
  const next = updateSession(s, i, () => broken);
  const why = holdOrWhy(c, broken);
  if (why === null) {
    out.push({ type: "SessionHeld", session: i });
    return updateSession(next, i, (y) => ({ ...y, heldSinceMs: s.nowMs }));
  }
  const canRestore = restorable(c, broken.client);
  const closed = closeSession(next, i, why, canRestore, out);
  return broken.idleAtLoss && canRestore ? { ...closed, idleCasualties: [...closed.idleCasualties, i] } : closed;
}

/** Null when the proxy holds the session; otherwise what the client is told. */
function holdOrWhy(c: ProxyConfig, x: Session): string | null {
  const p = x.pending;
  if (p?.phase === "partial") return "connection lost after part of the result was sent";
  if (x.trx !== null) return c.preservation === "none" ? "connection lost; the transaction was rolled back" : null;
  if (p !== null && p.phase !== "queued") {
    return c.preservation === "none" && c.retriesOnFailure === 0 ? "connection lost during the statement" : null;
  }
  return c.persistentConnections || (p !== null && c.preservation !== "none") ? null : "connection lost";
}
