/**
 * Proxy sessions as a Jepsen-style client history. A statement is invoked when its client sends
 * it: f its kind (see `StatementF`), key the kind as well, value its statement id. It ends `ok` or
 * `fail` with the reply (an `ok` carries the insert id or the result's digest, a `fail` the error),
 * and `info` when the proxy closes the session while the client waits: the connection drops, and
 * the client cannot know whether the statement ran. The process is the session's index, as a
 * Jepsen worker thread's; an `info` retires it, and the session's next statement runs as the index
 * plus the session count (Jepsen's process + concurrency).
 *
 * No output marks a send, so sends come from the events and the model (which sends the proxy took,
 * and the id it gave each); completions come from outputs, the model's or a real system's that
 * name statements by the same ids.
 */
import { nodeName, resolvePick } from "../../../model/core/ids.ts";
import type { NodeId, ProxyEvent, ProxyOutput, ProxyState, StmtKind } from "../../../model/proxy/index.ts";
import type { History, Op, StatementF } from "../../check/history/types.ts";

/** A statement the client sent, with the id the proxy gave it. */
export interface Sent {
  readonly session: number;
  readonly id: number;
  readonly kind: StmtKind;
}

/** One step as the history sees it: the statement sent in it, if any, then its outputs. */
export interface StatementStep<O> {
  readonly sent: Sent | null;
  readonly outputs: readonly O[];
}

/** The statement `event` sent, read off the model's states around it; null if the proxy did not take one. */
export function statementSent(before: ProxyState, after: ProxyState, event: ProxyEvent): Sent | null {
  if (event.type !== "StatementSent" || after.nextStmt === before.nextStmt) return null;
  return { session: resolvePick(event.session, before.sessions.length), id: before.nextStmt, kind: event.kind };
}

export function proxyHistory(steps: readonly StatementStep<ProxyOutput>[], times: readonly number[], sessions: number): History {
  const recorder = proxyRecorder(sessions);
  return steps.flatMap((step, i) => {
    const time = times[i] ?? i;
    const closing = closedIn(step.outputs);
    const sent = step.sent === null ? [] : [recorder.sent(step.sent, time)];
    return [...sent, ...step.outputs.flatMap((o) => recorder.output(o, time, closing))];
  });
}

export interface ProxyRecorder {
  readonly sent: (s: Sent, time: number) => Op;
  /** `closing`: the sessions the same step closes, from `closedIn`, since a close's error reply comes first. */
  readonly output: (o: ProxyOutput, time: number, closing: ReadonlySet<string>) => Op[];
}

/** The sessions a step's outputs close, each with the reason its last reply gives. */
export function closedIn(outputs: readonly ProxyOutput[]): Set<string> {
  return new Set(outputs.flatMap((o) => (o.type === "SessionClosed" ? [closing(o.session, o.why)] : [])));
}

/** The key `closedIn` holds a session closed with this reason under. */
export const closing = (session: number, why: string): string => `${session}\u0000${why}`;

const statementF = (kind: StmtKind): StatementF => (kind === "read" ? "read-locked" : kind);

interface Waiting {
  readonly process: number;
  readonly session: number;
  readonly f: StatementF;
}

export function proxyRecorder(sessions: number): ProxyRecorder {
  const processOf = new Map<number, number>();
  const waiting = new Map<number, Waiting>();
  const servedBy = new Map<number, NodeId>();
  const retire = (w: Waiting): void => {
    if ((processOf.get(w.session) ?? w.session) === w.process) processOf.set(w.session, w.process + sessions);
  };
  return {
    sent: (s, time) => {
      // A session whose last statement never heard back cannot wait on two: treat it as crashed.
      for (const w of waiting.values()) if (w.session === s.session) retire(w);
      const w: Waiting = { process: processOf.get(s.session) ?? s.session, session: s.session, f: statementF(s.kind) };
      waiting.set(s.id, w);
      return { process: w.process, type: "invoke", f: w.f, key: w.f, value: s.id, time };
    },
    output: (o, time, closingNow) => {
      if (o.type === "Executed") servedBy.set(o.stmt.id, o.node);
      if (o.type !== "Replied") return [];
      const w = waiting.get(o.stmt.id);
      if (w === undefined) return []; // never sent as far as the history knows: no invoke to complete
      waiting.delete(o.stmt.id);
      const node = servedBy.get(o.stmt.id);
      const base = { process: w.process, f: w.f, key: w.f, value: o.stmt.id, time, ...(node === undefined ? {} : { node: nodeName(node) }) };
      if (o.outcome === "ok") return [{ ...base, type: "ok", ...result(o.digest) }];
      if (!closingNow.has(closing(o.session, o.why))) return [{ ...base, type: "fail", error: o.why }];
      retire(w);
      return [{ ...base, type: "info", error: o.why }];
    },
  };
}

function result(d: Extract<ProxyOutput, { type: "Replied" }>["digest"]): { result?: number | string } {
  const r = d?.insertId ?? d?.rows ?? null;
  return r === null ? {} : { result: r };
}
