/**
 * The proxy reducer: step(config, state, event) → { state, outputs }. Pure and total; an event
 * that does not apply (a reply with nothing in flight) changes nothing.
 */
import { match } from "ts-pattern";
import { resolvePick } from "../core/ids.ts";
import type { Transition } from "../core/protocol.ts";
import type { ProxyConfig } from "./config.ts";
import { deliver, executeOn, otherWrite, send, stream } from "./client.ts";
import { completeFailover, expireHolds, staleNotice } from "./failover.ts";
import { losePrimary } from "./loss.ts";
import { restorable } from "./restore.ts";
import { closeSession, writesAcknowledged } from "./session.ts";
import type { ProxyEvent, ProxyOutput, ProxyState } from "./types.ts";

export function stepProxy(config: ProxyConfig, state: ProxyState, event: ProxyEvent): Transition<ProxyState, ProxyOutput> {
  const out: ProxyOutput[] = [];
  const session = (raw: number): number => resolvePick(raw, state.sessions.length);
  const next = match(event)
    .with({ type: "TimeAdvanced" }, (e) => advance(config, state, e.ms, out))
    .with({ type: "StatementSent" }, (e) => send(config, state, session(e.session), e.kind, out))
    .with({ type: "StatementExecuted" }, (e) => executeOn(state, session(e.session), out))
    .with({ type: "ResultStreamed" }, (e) => stream(state, session(e.session), out))
    .with({ type: "ReplyDelivered" }, (e) => deliver(state, session(e.session), out))
    .with({ type: "OtherClientWrote" }, () => (config.env.otherWriters ? otherWrite(state) : state))
    .with({ type: "PrimaryLost" }, (e) => losePrimary(config, state, e.how, out))
    .with({ type: "FailoverDone" }, (e) => completeFailover(config, state, e.node, e.trxState, e.lostCommits, out))
    .with({ type: "StaleTopologyNoticed" }, () => staleNotice(config, state, out))
    .exhaustive();
  return { state: trackAcks(state, next, out), outputs: out };
}

/** Ghost bookkeeping for AcknowledgedCommitsDurable: what clients were told is committed. */
function trackAcks(before: ProxyState, after: ProxyState, out: readonly ProxyOutput[]): ProxyState {
  const told = out.flatMap((o) => (o.type === "Replied" ? writesAcknowledged(before.sessions[o.session]!, o) : []));
  return told.length === 0 ? after : { ...after, acked: [...after.acked, ...told] };
}

function advance(c: ProxyConfig, s: ProxyState, ms: number, out: ProxyOutput[]): ProxyState {
  const nowMs = s.nowMs + Math.max(1, Math.trunc(ms));
  out.push({ type: "TimeNow", nowMs });
  return expireHolds(c, { ...s, nowMs }, (t, i) => closeSession(t, i, `the primary did not come back within the ${c.holdTimeoutMs} ms hold timeout`, restorable(c, t.sessions[i]!.client), out));
}

/** The event as taken: sessions and nodes made concrete. */
export function resolveProxyEvent(_c: ProxyConfig, before: ProxyState, _after: ProxyState, e: ProxyEvent): ProxyEvent {
  if ("session" in e) return { ...e, session: resolvePick(e.session, before.sessions.length) };
  if (e.type === "FailoverDone") return { ...e, node: resolvePick(e.node, before.nodes.length) };
  return e;
}
