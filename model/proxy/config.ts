/**
 * Proxy knobs, named after the settings of the proxies they mirror (PolarProxy, MaxScale
 * readwritesplit, RDS Proxy, ProxySQL), plus what the application sends (`workload.*`) and what
 * the world may do (`env.*`).
 */
import { boolKnob, enumKnob, intKnob, knobSpecs, type FlatConfig, type Knob, type KnobSpec } from "../core/knobs.ts";
import type { StmtKind } from "./types.ts";

export type Preservation = "none" | "attach" | "replay";
export type Checksum = "full" | "result_only" | "no_insert_id";
export type SessionRestore = "full" | "sescmd" | "none";

export interface ProxyConfig {
  readonly nodes: number;
  readonly sessions: number;
  readonly persistentConnections: boolean;
  readonly preservation: Preservation;
  readonly checksum: Checksum;
  readonly safeCommit: boolean;
  readonly retriesOnFailure: number;
  readonly holdTimeoutMs: number;
  readonly sessionRestore: SessionRestore;
  readonly strictTmpTables: boolean;
  readonly attachValidation: boolean;
  readonly epochCheck: boolean;
  /** The statement kinds the application sends. */
  readonly workload: readonly StmtKind[];
  readonly env: { readonly isolatedPrimaries: boolean; readonly lostCommits: boolean; readonly otherWriters: boolean };
}

const knob = {
  nodes: intKnob({ name: "cluster.nodes", min: 2, max: 5, default: 3, unit: "nodes",
    doc: "Database nodes behind the proxy: one primary, the rest candidates for failover.", mirrors: "cluster size", safe: "any", unsafe: "none" }),
  sessions: intKnob({ name: "workload.sessions", min: 1, max: 4, default: 2, unit: "sessions",
    doc: "Client sessions open through the proxy.", mirrors: "application connections", safe: "any", unsafe: "none" }),
  persistentConnections: boolKnob({ name: "proxy.persistentConnections", default: true,
    doc: "Whether an idle session's client connection survives a failover: the proxy reconnects the backend and restores the session.",
    mirrors: "PolarProxy persistent connections; RDS Proxy (idle connections survive); MaxScale master_reconnection",
    safe: "true", unsafe: "false (every session breaks on failover: what a plain client sees)" }),
  preservation: enumKnob({ name: "proxy.transactionPreservation", values: ["none", "attach", "replay"], default: "none",
    doc: "What happens to a session in a transaction: it breaks (none), the proxy attaches the transaction rebuilt on the new primary and resends the last statement (attach), or it replays the transaction (replay).",
    mirrors: "PolarDB transaction status preservation (Attach Trx); MaxScale transaction_replay",
    safe: "attach (with validation), replay (with full checksum and safe commit, idempotent statements)", unsafe: "see proxy.attachValidation, proxy.replayChecksum, proxy.safeCommit" }),
  checksum: enumKnob({ name: "proxy.replayChecksum", values: ["full", "result_only", "no_insert_id"], default: "full",
    doc: "Which parts of each replayed response must match the original: everything, result sets only (not OK packets), or also not LAST_INSERT_ID().",
    mirrors: "MaxScale transaction_replay_checksum (default full)", safe: "full", unsafe: "result_only | no_insert_id (a replay that differs continues)" }),
  safeCommit: boolKnob({ name: "proxy.safeCommit", default: true,
    doc: "Whether a transaction whose COMMIT was interrupted is not replayed (the session closes instead).",
    mirrors: "MaxScale transaction_replay_safe_commit (new in 23.08, default true)", safe: "true", unsafe: "false (a COMMIT that took effect is replayed: P1)" }),
  retriesOnFailure: intKnob({ name: "proxy.retriesOnFailure", min: 0, max: 5, default: 0, unit: "retries",
    doc: "How often an autocommit statement that failed with the connection is sent again on a new one.",
    mirrors: "ProxySQL mysql-query_retries_on_failure (default 1)", safe: "0, or idempotent statements", unsafe: "≥ 1 (an executed write whose OK was lost runs twice)" }),
  holdTimeoutMs: intKnob({ name: "proxy.holdTimeoutMs", min: 0, max: 600_000, default: 30_000, unit: "ms",
    doc: "How long the proxy holds a session's requests while the primary is unavailable before it returns the error.",
    mirrors: "PolarProxy hold time; MaxScale delayed_retry_timeout / transaction_replay_timeout; RDS Proxy queueing",
    safe: "longer than a failover", unsafe: "shorter than a failover (sessions break anyway)" }),
  sessionRestore: enumKnob({ name: "proxy.sessionRestore", values: ["full", "sescmd", "none"], default: "full",
    doc: "What a reconnect restores: variables, user variables, character set, temporary tables and prepared statements (full); the session-command history without temporary tables (sescmd); nothing (none).",
    mirrors: "PolarProxy persistent connections (full); MaxScale session command history (sescmd); RDS Proxy pinned sessions (undocumented: none)",
    safe: "full", unsafe: "sescmd without strict temporary tables; none" }),
  strictTmpTables: boolKnob({ name: "proxy.strictTmpTables", default: false,
    doc: "Whether a session that had temporary tables is closed on reconnect instead of continuing without them.",
    mirrors: "MaxScale strict_tmp_tables (default true from 24.02)", safe: "true", unsafe: "false with sescmd restore (tables vanish: P5)" }),
  attachValidation: boolKnob({ name: "proxy.attachValidation", default: true,
    doc: "Whether the proxy resends the last statement only after the new primary confirmed the transaction is valid and attached.",
    mirrors: "PolarDB Attach Trx validity check", safe: "true", unsafe: "false (the statement runs outside its transaction: P6)" }),
  epochCheck: boolKnob({ name: "proxy.epochCheck", default: true,
    doc: "Whether the proxy ignores topology messages about a primary older than the newest it has seen.",
    mirrors: "VDS epoch in the PCR; MaxScale monitor master_conditions", safe: "true", unsafe: "false (held sessions go to a deposed primary: P6)" }),
  blindWrites: boolKnob({ name: "workload.blindWrites", default: true,
    doc: "Whether the application issues blind writes (UPDATE t SET c=c+1).", mirrors: "the application", safe: "false", unsafe: "true with retries or replay" }),
  autoIncInserts: boolKnob({ name: "workload.autoIncInserts", default: true,
    doc: "Whether the application inserts rows with auto-increment keys.", mirrors: "the application", safe: "any", unsafe: "true with a relaxed checksum" }),
  nondeterministicReads: boolKnob({ name: "workload.nondeterministicReads", default: true,
    doc: "Whether the application reads server-specific values (NOW(), @@server_id).", mirrors: "the application", safe: "any", unsafe: "none (replay fails, closing the session)" }),
  implicitCommits: boolKnob({ name: "workload.implicitCommits", default: true,
    doc: "Whether the application sends statements that commit implicitly (DDL, SET autocommit=1) inside a transaction.",
    mirrors: "the application", safe: "false", unsafe: "true with replay (the prefix is committed twice)" }),
  tmpTables: boolKnob({ name: "workload.tmpTables", default: true,
    doc: "Whether the application creates temporary tables.", mirrors: "the application", safe: "any", unsafe: "true with sescmd restore" }),
  isolatedPrimaries: boolKnob({ name: "env.isolatedPrimaries", default: true,
    doc: "Whether a primary may be deposed while still running and reachable by the proxy.", mirrors: "partitions from the voting disk", safe: "n/a", unsafe: "n/a" }),
  lostCommits: boolKnob({ name: "env.lostCommits", default: false,
    doc: "Whether a failover may lose the last commits (asynchronous or degraded semi-sync storage; the cluster protocol decides this from replication).",
    mirrors: "R2 under the proxy", safe: "n/a", unsafe: "n/a" }),
  otherWriters: boolKnob({ name: "env.otherWriters", default: true,
    doc: "Whether other applications change the data the sessions read.", mirrors: "concurrent clients", safe: "n/a", unsafe: "n/a" }),
};
export const proxyKnobs: readonly KnobSpec[] = knobSpecs(knob);

const ALWAYS: readonly StmtKind[] = ["begin", "commit", "rollback", "read", "insert-keyed", "set-var", "prepare"];
/** The statement kinds the application sends only when its `workload.*` knob says so. */
const OPTIONAL: readonly (readonly [Knob<boolean>, StmtKind])[] = [
  [knob.blindWrites, "blind-update"], [knob.autoIncInserts, "insert-autoinc"], [knob.nondeterministicReads, "read-nondet"],
  [knob.implicitCommits, "implicit-commit"], [knob.tmpTables, "create-tmp"],
];

export function proxyConfigFromFlat(flat: FlatConfig): ProxyConfig {
  return {
    nodes: knob.nodes.read(flat),
    sessions: knob.sessions.read(flat),
    persistentConnections: knob.persistentConnections.read(flat),
    preservation: knob.preservation.read(flat),
    checksum: knob.checksum.read(flat),
    safeCommit: knob.safeCommit.read(flat),
    retriesOnFailure: knob.retriesOnFailure.read(flat),
    holdTimeoutMs: knob.holdTimeoutMs.read(flat),
    sessionRestore: knob.sessionRestore.read(flat),
    strictTmpTables: knob.strictTmpTables.read(flat),
    attachValidation: knob.attachValidation.read(flat),
    epochCheck: knob.epochCheck.read(flat),
    workload: [...ALWAYS, ...OPTIONAL.filter(([k]) => k.read(flat)).map(([, kind]) => kind)],
    env: { isolatedPrimaries: knob.isolatedPrimaries.read(flat), lostCommits: knob.lostCommits.read(flat), otherWriters: knob.otherWriters.read(flat) },
  };
}
