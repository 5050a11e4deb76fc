/** Reachability witnesses for the proxy: the situations each invariant is about do happen. */
import type { Witness } from "../core/protocol.ts";
import type { ProxyConfig } from "./config.ts";
import { hasState } from "./session.ts";
import type { ProxyEvent, ProxyOutput, ProxyState } from "./types.ts";
import { isWrite } from "./types.ts";
import { AcknowledgedCommitsDurable, AtMostOnceEffects, CommitOutcomeHonesty, IdleSessionsSurvive, NoReplayToStaleLeader, ReplayFidelity, SessionStateEquivalence, TransactionAtomicity } from "./invariants.ts";

type ProxyWitness = Witness<ProxyConfig, ProxyState, ProxyEvent, ProxyOutput>;

export const proxyWitnesses: readonly ProxyWitness[] = [
  {
    name: "WriteSentAgain", invariant: AtMostOnceEffects,
    statement: "A write is executed again on a new primary (retry, resend or replay).",
    reached: ({ outputs }) => outputs.some((o) => o.type === "Executed" && o.again && isWrite(o.stmt.kind)),
  },
  {
    name: "ReplayContinues", invariant: ReplayFidelity,
    statement: "A transaction is replayed on a new primary and its session continues.",
    reached: ({ outputs }) => outputs.some((o) => o.type === "Replayed" && o.continued && o.statements > 0),
  },
  {
    name: "StatefulSessionReconnects", invariant: SessionStateEquivalence,
    statement: "A session whose client set variables, temporary tables or prepared statements reconnects to a new primary.",
    reached: ({ before, outputs }) => outputs.some((o) => o.type === "Reconnected" && hasState(before.sessions[o.session]!.client)),
  },
  {
    name: "TransactionCarriedOver", invariant: TransactionAtomicity,
    statement: "An open transaction with writes is carried over to a new primary (attached or replayed).",
    reached: ({ before, outputs }) => outputs.some((o) =>
      ((o.type === "Attached" && o.result === "attached") || (o.type === "Replayed" && o.continued)) &&
      (before.sessions[o.session]!.trx?.log ?? []).some((l) => isWrite(l.stmt.kind))),
  },
  {
    name: "InterruptedCommitAnswered", invariant: CommitOutcomeHonesty,
    statement: "A COMMIT in flight when the primary was lost gets an answer.",
    reached: ({ outputs }) => outputs.some((o) => o.type === "Replied" && o.stmt.kind === "commit" && o.acrossFailover),
  },
  {
    name: "FailoverAfterAcknowledgedCommit", invariant: AcknowledgedCommitsDurable,
    statement: "A failover completes after a client was told a commit succeeded.",
    reached: ({ before, outputs }) => before.acked.length > 0 && outputs.some((o) => o.type === "FailoverCompleted" && !o.stale),
  },
  {
    name: "StatementCarriedOver", invariant: NoReplayToStaleLeader,
    statement: "A statement in flight at a failover is sent again to the new primary.",
    reached: ({ outputs }) => outputs.some((o) => o.type === "Executed" && o.again),
  },
  {
    name: "IdleSessionAcrossFailover", invariant: IdleSessionsSurvive,
    statement: "A session idle with state set is reconnected after a failover.",
    reached: ({ before, outputs }) => outputs.some((o) => o.type === "Reconnected" && o.idle && hasState(before.sessions[o.session]!.client)),
  },
];
