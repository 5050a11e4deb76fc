/**
 * Named proxy configurations: products' documented defaults (research §4.1–4.4), each with the
 * guarantee it is expected to break, and the configurations that break none.
 */
import type { Preset } from "../core/protocol.ts";

const polardb = {
  "proxy.persistentConnections": true, "proxy.transactionPreservation": "attach", "proxy.sessionRestore": "full",
  "proxy.attachValidation": true, "proxy.epochCheck": true, "proxy.retriesOnFailure": 0, "proxy.holdTimeoutMs": 30_000,
};
const maxscale = {
  "proxy.persistentConnections": true, "proxy.transactionPreservation": "replay", "proxy.replayChecksum": "full",
  "proxy.sessionRestore": "sescmd", "proxy.retriesOnFailure": 0, "proxy.holdTimeoutMs": 30_000,
};

export const proxyPresets: readonly Preset[] = [
  {
    name: "none",
    description: "No proxy help (what a plain client sees): every connection breaks on failover; the application reconnects and starts over.",
    expectedViolation: "IdleSessionsSurvive",
    knobs: { "proxy.persistentConnections": false, "proxy.transactionPreservation": "none", "proxy.retriesOnFailure": 0, "proxy.sessionRestore": "none" },
  },
  {
    name: "polardb-hot-standby",
    description: "PolarProxy ≥ 2.8.3 with persistent connections and transaction status preservation: session state restored, Attach Trx with its validity check, the last statement resent, requests held 30 s.",
    expectedViolation: null,
    knobs: polardb,
  },
  {
    name: "polardb-attach-unvalidated",
    description: "Attach-and-resend without the validity check: when the transaction was not rebuilt, the last statement runs on its own (P6).",
    expectedViolation: "TransactionAtomicity",
    knobs: { ...polardb, "proxy.attachValidation": false },
  },
  {
    name: "proxy-no-epoch-check",
    description: "PolarProxy-style preservation whose topology source does not compare epochs: a late message sends held sessions to the deposed primary (P6).",
    expectedViolation: "NoReplayToStaleLeader",
    knobs: { ...polardb, "proxy.epochCheck": false },
  },
  {
    name: "maxscale-23.08",
    description: "MaxScale 23.08 readwritesplit with transaction_replay: full checksum, safe commit, session-command history, strict_tmp_tables off (its default before 24.02): temporary tables vanish (P5).",
    expectedViolation: "SessionStateEquivalence",
    knobs: { ...maxscale, "proxy.safeCommit": true, "proxy.strictTmpTables": false },
  },
  {
    name: "maxscale-24.02",
    description: "MaxScale 24.02: as 23.08 with strict_tmp_tables on; a transaction with an implicit commit is still replayed whole (ReadWriteSplit.md limitation).",
    expectedViolation: "AtMostOnceEffects",
    knobs: { ...maxscale, "proxy.safeCommit": true, "proxy.strictTmpTables": true },
  },
  {
    name: "maxscale-24.02-safe-workload",
    description: "MaxScale 24.02 with an application that follows the replay rules: no blind writes, no implicit commits inside transactions.",
    expectedViolation: null,
    knobs: { ...maxscale, "proxy.safeCommit": true, "proxy.strictTmpTables": true, "workload.blindWrites": false, "workload.implicitCommits": false },
  },
  {
    name: "maxscale-legacy",
    description: "MaxScale before 23.08: transaction_replay without safe commit, so an interrupted COMMIT that took effect is replayed (P1).",
    expectedViolation: "AtMostOnceEffects",
    knobs: { ...maxscale, "proxy.safeCommit": false, "proxy.strictTmpTables": false },
  },
  {
    name: "maxscale-result-only",
    description: "MaxScale replay with transaction_replay_checksum=result_only: OK packets are not compared, so a replay that got other auto-increment ids continues (P3).",
    expectedViolation: "ReplayFidelity",
    knobs: { ...maxscale, "proxy.replayChecksum": "result_only", "proxy.safeCommit": true, "proxy.strictTmpTables": true },
  },
  {
    name: "proxysql-defaults",
    description: "ProxySQL: mysql-query_retries_on_failure=1, no transaction replay, session variables tracked; an autocommit write whose OK was lost is sent again.",
    expectedViolation: "AtMostOnceEffects",
    knobs: { "proxy.persistentConnections": true, "proxy.transactionPreservation": "none", "proxy.retriesOnFailure": 1, "proxy.sessionRestore": "sescmd", "proxy.strictTmpTables": true },
  },
  {
    name: "rds-proxy",
    description: "AWS RDS Proxy: idle connections survive, sessions in a transaction or statement are cancelled; a pinned session's state is not restored on the new writer (undocumented: P5).",
    expectedViolation: "SessionStateEquivalence",
    knobs: { "proxy.persistentConnections": true, "proxy.transactionPreservation": "none", "proxy.retriesOnFailure": 0, "proxy.sessionRestore": "none" },
  },
];
