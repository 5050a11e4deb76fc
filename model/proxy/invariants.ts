/**
 * The proxy's invariants (research §4.6, PX-1 … PX-6 and PX-L1), each with its statement and the
 * behaviour it mirrors. Checked after every step; each returns null or what went wrong.
 */
import type { Invariant } from "../core/protocol.ts";
import type { ProxyConfig } from "./config.ts";
import { loggedWrites, sameVars, sessionName, writesAcknowledged } from "./session.ts";
import type { ProxyEvent, ProxyOutput, ProxyState, Session } from "./types.ts";

type ProxyInvariant = Invariant<ProxyConfig, ProxyState, ProxyEvent, ProxyOutput>;

const settledOn = (x: Session): boolean => x.open && x.conn !== null && x.heldSinceMs === null && (x.pending === null || x.pending.phase === "queued");

/** The effects of the client's transaction the database holds: committed, or in its bound backend transaction. */
function effectsOf(s: ProxyState, x: Session, ctrx: number): number[] {
  const bound = s.db.open.find((t) => t.id === x.backendTrx)?.effects ?? [];
  return [...s.db.committed, ...bound].filter((e) => e.ctrx === ctrx).map((e) => e.stmt).sort((a, b) => a - b);
}

export const AtMostOnceEffects: ProxyInvariant = {
  name: "AtMostOnceEffects", kind: "safety",
  statement: "Across any number of failovers, every client statement takes effect in the database at most once.",
  citation: "research §4.6 PX-1; MaxScale ReadWriteSplit.md ('duplicate transaction execution' for blind writes); ProxySQL retries (sapcc/helm-charts#7238)",
  check: ({ before, after }) => {
    if (after.db.committed === before.db.committed) return null;
    const seen = new Set<number>();
    for (const e of after.db.committed) {
      if (seen.has(e.stmt)) return `statement #${e.stmt} (${e.kind}) took effect twice`;
      seen.add(e.stmt);
    }
    return null;
  },
};

export const ReplayFidelity: ProxyInvariant = {
  name: "ReplayFidelity", kind: "safety",
  statement: "A session continues after a replay only if every replayed response equals the one the client already received.",
  citation: "research §4.6 PX-2; MaxScale transaction_replay_checksum ('only full is guaranteed to retain the consistency')",
  check: ({ outputs }) => replayFaithful(outputs),
  observe: (_config, outputs) => replayFaithful(outputs),
};

export const SessionStateEquivalence: ProxyInvariant = {
  name: "SessionStateEquivalence", kind: "safety",
  statement: "A session that continues on a new connection has the variables, temporary tables and prepared statements its client set.",
  citation: "research §4.6 PX-3; MaxScale strict_tmp_tables ('appear to disappear'); PolarDB persistent connections",
  check: ({ after }) => {
    const i = after.sessions.findIndex((x) => settledOn(x) && x.backend !== null && !sameVars(x.backend, x.client));
    if (i < 0) return null;
    const x = after.sessions[i]!;
    return `${sessionName(i)} continues with session state ${JSON.stringify(x.backend)} but its client set ${JSON.stringify(x.client)}`;
  },
};

export const TransactionAtomicity: ProxyInvariant = {
  name: "TransactionAtomicity", kind: "safety",
  statement: "An open transaction's effects in the database are exactly, once each, the writes its client was told succeeded: continued whole on the new primary, or aborted with an error.",
  citation: "research §4.6 PX-4; MaxScale ReadWriteSplit.md (implicit commits replayed); PolarDB Attach Trx ('determines whether the transaction information is valid')",
  check: ({ after }) => {
    for (const [i, x] of after.sessions.entries()) {
      if (x.trx === null || !settledOn(x)) continue;
      const expected = loggedWrites(x.trx).sort((a, b) => a - b);
      const actual = effectsOf(after, x, x.trx.ctrx);
      if (expected.join() !== actual.join()) {
        return `${sessionName(i)}'s transaction holds effects of statements [${actual.join(",")}] in the database, but its client was told [${expected.join(",")}]`;
      }
    }
    return null;
  },
};

export const CommitOutcomeHonesty: ProxyInvariant = {
  name: "CommitOutcomeHonesty", kind: "safety",
  statement: "The proxy reports a COMMIT as successful only if the transaction is durable on the current primary, and never sends again a COMMIT that may already have taken effect.",
  citation: "research §4.6 PX-5; MaxScale transaction_replay_safe_commit; PolarDB Attach Trx",
  check: ({ before, after, outputs }) => {
    for (const o of outputs) {
      if (o.type === "Executed" && o.stmt.kind === "commit" && o.again && o.alreadyApplied) {
        return `${sessionName(o.session)}'s COMMIT was sent again after it had taken effect`;
      }
      if (o.type !== "Replied") continue;
      const missing = writesAcknowledged(before.sessions[o.session]!, o).filter((id) => !after.db.committed.some((e) => e.stmt === id));
      if (missing.length > 0) return `${sessionName(o.session)} was told its commit succeeded, but statements [${missing.join(",")}] are not committed on the primary`;
    }
    return null;
  },
};

export const AcknowledgedCommitsDurable: ProxyInvariant = {
  name: "AcknowledgedCommitsDurable", kind: "safety",
  statement: "Every write whose commit a client was told succeeded is in the current primary's data, across any number of failovers.",
  citation: "research §0 (an acknowledged commit means different things per system) and R2 seen through the proxy: the proxy cannot give back what storage lost",
  check: ({ before, after }) => {
    if (after.db.committed === before.db.committed && after.acked === before.acked) return null;
    const missing = after.acked.filter((id) => !after.db.committed.some((e) => e.stmt === id));
    return missing.length === 0 ? null : `clients were told statements [${missing.join(",")}] were committed, but the primary does not have them`;
  },
};

export const NoReplayToStaleLeader: ProxyInvariant = {
  name: "NoReplayToStaleLeader", kind: "safety",
  statement: "A resend, replay or attach goes only to a server whose epoch is the newest primary epoch.",
  citation: "research §4.6 PX-6 (with EL-4); PolarDB VDS epochs; P6",
  check: ({ after, outputs }) => carriedToNewest(after.latestEpoch, outputs),
  // Every loss of the primary starts a new epoch and is reported (PrimaryLost), so an observer
  // counts the newest epoch from the first, 1.
  observe: (_config, outputs, earlier) => carriedToNewest(1 + [...earlier, outputs].flat().filter((o) => o.type === "PrimaryLost").length, outputs),
};

export const IdleSessionsSurvive: ProxyInvariant = {
  name: "IdleSessionsSurvive", kind: "liveness",
  statement: "When the new primary appears within the proxy's hold timeout, every session that was idle with restorable state survives the failover.",
  citation: "research §4.6 PX-L1; PolarDB persistent connections; RDS Proxy ('Only connections that are in the middle of a transaction or SQL statement are canceled')",
  check: ({ config, after, outputs }) => idleSurvived(config, outputs, after.idleCasualties),
  // The casualties are reported as they happen: sessions closed while idle with restorable
  // state, since the loss that started this failover.
  observe: (config, outputs, earlier) => idleSurvived(config, outputs, idleClosedSinceLoss([...earlier, outputs].flat())),
};

export const proxyInvariants: readonly ProxyInvariant[] = [
  AtMostOnceEffects, ReplayFidelity, SessionStateEquivalence, TransactionAtomicity, CommitOutcomeHonesty, AcknowledgedCommitsDurable, NoReplayToStaleLeader, IdleSessionsSurvive,
];

function replayFaithful(outputs: readonly ProxyOutput[]): string | null {
  const bad = outputs.find((o) => o.type === "Replayed" && o.continued && o.differs);
  return bad === undefined || bad.type !== "Replayed" ? null : `${sessionName(bad.session)} continued after a replay whose responses differ from what its client was told`;
}

function carriedToNewest(latestEpoch: number, outputs: readonly ProxyOutput[]): string | null {
  for (const o of outputs) {
    const again = (o.type === "Executed" && o.again) || o.type === "Replayed" || o.type === "Attached";
    if (again && o.epoch < latestEpoch) return `${sessionName(o.session)} was carried over to a server at epoch ${o.epoch}, but the newest primary epoch is ${latestEpoch}`;
  }
  return null;
}

function idleSurvived(config: ProxyConfig, outputs: readonly ProxyOutput[], casualties: readonly number[]): string | null {
  const done = outputs.find((o) => o.type === "FailoverCompleted" && !o.stale);
  // Casualties of this failover: those of the loss, and any moved off a stale primary just now.
  if (done === undefined || done.type !== "FailoverCompleted" || done.durationMs > config.holdTimeoutMs || casualties.length === 0) return null;
  return `${casualties.map(sessionName).join(", ")} lost the connection while idle, though the failover took only ${done.durationMs} ms`;
}

/** The sessions closed while idle with restorable state since the last loss of the primary, as an observer reads them. */
function idleClosedSinceLoss(outputs: readonly ProxyOutput[]): number[] {
  let from = 0;
  outputs.forEach((o, i) => { if (o.type === "PrimaryLost") from = i + 1; });
  return outputs.slice(from).flatMap((o) => (o.type === "SessionClosed" && o.idleAtLoss && o.restorable ? [o.session] : []));
}
