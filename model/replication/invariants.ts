/**
 * What must hold after every step of replication (research/ha-semantics.md §3.5: RP-1 … RP-8,
 * RP-L1). Listed in order of diagnosis: when one step breaks several, the first is reported.
 */
import type { Invariant } from "../core/protocol.ts";
import type { ReplConfig } from "./config.ts";
import { nodeIds, nodeName } from "../core/ids.ts";
import { gtidText, held, positionOf, primaryOf, streaming } from "./state.ts";
import type { ReplEvent, ReplOutput, ReplState, Trx } from "./types.ts";
import { replicasOf } from "./primary.ts";

type ReplInvariant = Invariant<ReplConfig, ReplState, ReplEvent, ReplOutput>;

const SEMISYNC = "mariadb-docs semisynchronous-replication.md; sql/semisync_master.cc";

/** The first transaction matching `lost` that the current primary does not have. */
function missingOnPrimary(s: ReplState, lost: (t: Trx) => boolean): string | null {
  const p = primaryOf(s);
  if (p === null) return null;
  const has = new Set(s.nodes[p]!.log.map((e) => e.id));
  const t = s.trx.find((x) => lost(x) && x.node >= 0 && !has.has(x.id));
  return t === undefined ? null : `row ${t.id} (committed on ${nodeName(t.node)}) is missing on the primary ${nodeName(p)}`;
}

export const SingleWritablePrimary: ReplInvariant = {
  name: "SingleWritablePrimary",
  kind: "safety",
  statement: "At most one node is up and accepting writes (read_only=0, not in recovery).",
  citation: "RP-8; PostgreSQL docs on STONITH; research §1.1 (pg_rewind failed, old primary ran as a second primary)",
  check: ({ after }) => {
    const w = after.nodes.flatMap((n, i) => (n.up && n.writable ? [nodeName(i)] : []));
    return w.length <= 1 ? null : `${w.join(" and ")} both accept writes`;
  },
};

export const NoAckedLoss: ReplInvariant = {
  name: "NoAckedLoss",
  kind: "safety",
  statement: "Every commit its client was told succeeded is on the current primary.",
  citation: `RP-1 (unqualified); ${SEMISYNC}: commit_trx() returns success on ACK, timeout and KILL alike`,
  check: ({ after }) => missingOnPrimary(after, (t) => t.client === "ok"),
};

export const NoAckedLoss_yesOnly: ReplInvariant = {
  name: "NoAckedLoss_yesOnly",
  kind: "safety",
  statement: "Every commit the server counted as acknowledged by a replica (yes_tx) is on the current primary.",
  citation: `RP-1; ${SEMISYNC} (Rpl_semi_sync_master_yes_tx: commits successfully acknowledged by a slave)`,
  check: ({ after }) => missingOnPrimary(after, (t) => t.counted === "yes"),
};

export const NoPhantomRead: ReplInvariant = {
  name: "NoPhantomRead",
  kind: "safety",
  statement: "Every row a client read is on the current primary: nothing read is later lost.",
  citation: "RP-2/RP-3; mariadb-docs: under AFTER_COMMIT 'other clients may see the committed transaction before the committing client'",
  check: ({ after }) => missingOnPrimary(after, (t) => t.read),
};

export const NoErrantTransactions: ReplInvariant = {
  name: "NoErrantTransactions",
  kind: "safety",
  statement: "A node replicating from the primary holds no transaction the primary does not have (applied, or for PostgreSQL flushed WAL).",
  citation: "RP-4/RP-5; MDEV-21117; research §1.2 E6 (errors 1950 and 1236 on rejoin)",
  check: ({ config, after }) => {
    for (let i = 0; i < after.nodes.length; i++) {
      const n = after.nodes[i]!;
      if (!n.up || n.source === null || n.source !== primaryOf(after)) continue;
      const src = after.nodes[n.source]!;
      const mine = config.flavour === "postgres" ? held(n) : n.log;
      const errant = mine.find((e) => positionOf(src.log, e.gtid) === 0);
      if (errant) return `${nodeName(i)} holds ${gtidText(errant.gtid)} (row ${errant.id}), which its primary ${nodeName(n.source)} never had`;
    }
    return null;
  },
};

export const NoDuplicateRows: ReplInvariant = {
  name: "NoDuplicateRows",
  kind: "safety",
  statement: "No row a client inserted is on the current primary twice: a retry never duplicates a commit that happened.",
  citation: "R10; Laurenz Albe on statement_timeout and commit; research §1.1 step 4 (the client timed out, the commit happened later)",
  check: ({ after }) => {
    const p = primaryOf(after);
    if (p === null) return null;
    const seen = new Set<number>();
    for (const e of after.nodes[p]!.log) {
      if (seen.has(e.row)) return `row ${e.row} is on the primary ${nodeName(p)} twice (a retry, and the commit its client gave up on)`;
      seen.add(e.row);
    }
    return null;
  },
};

export const ReplicaPrefix: ReplInvariant = {
  name: "ReplicaPrefix",
  kind: "structural",
  statement: "What a streaming replica received from its source is the source's log, in order, with nothing skipped.",
  citation: "RP-4; cumulative ACKs by binlog position (semisync_master.cc report_reply_binlog)",
  check: ({ after }) => {
    for (const i of nodeIds(after.nodes.length)) {
      if (!streaming(after, i)) continue;
      const n = after.nodes[i]!;
      const src = after.nodes[n.source!]!;
      const positions = n.relay.map((e) => positionOf(src.log, e.gtid));
      if (positions.some((p, k) => p === 0 || (k > 0 && p !== positions[k - 1]! + 1))) return `${nodeName(i)}'s relay log is not a run of ${nodeName(n.source!)}'s log`;
    }
    return null;
  },
};

export const AckCountingHonest: ReplInvariant = {
  name: "AckCountingHonest",
  kind: "structural",
  statement: "Every semi-sync commit is counted exactly once, yes_tx or no_tx, and status OFF implies no_times ≥ 1.",
  citation: `RP-6; ${SEMISYNC} (Rpl_semi_sync_master_yes_tx / _no_tx / _no_times)`,
  check: ({ config, after }) => {
    if (config.flavour === "postgres") return null;
    for (let i = 0; i < after.nodes.length; i++) {
      const ss = after.nodes[i]!.semisync;
      const mine = after.trx.filter((t) => t.node === i && t.incarnation === after.nodes[i]!.incarnation);
      const yes = mine.filter((t) => t.counted === "yes").length;
      const no = mine.filter((t) => t.counted === "no").length;
      if (ss.yesTx !== yes || ss.noTx !== no) return `${nodeName(i)} counts yes_tx=${ss.yesTx} no_tx=${ss.noTx}, but ${yes} were acknowledged and ${no} were not`;
      if (!ss.on && ss.noTimes < 1) return `${nodeName(i)} is OFF with no_times=0`;
    }
    return null;
  },
};

export const CommitTerminates: ReplInvariant = {
  name: "CommitTerminates",
  kind: "liveness",
  statement: "While a replica is connected to its primary, every commit there returns within the semi-sync timeout (or, with none, the client's own timeout).",
  citation: "RP-L1; PostgreSQL docs: a commit 'may never occur if the last, or only, standby should crash'; research §1.1 step 4 (promoted standby blocked every write)",
  check: ({ config, after }) => {
    const bound = config.timeoutMs === null ? config.commitBoundMs : config.timeoutMs + 1;
    for (const w of after.waiters) {
      const connected = replicasOf(after, w.node).flatMap((r) => after.streamingSinceMs[r] ?? []);
      if (connected.length === 0) continue;
      const since = Math.max(w.sinceMs, Math.min(...connected));
      if (after.nowMs - since >= bound) return `row ${w.id}'s commit on ${nodeName(w.node)} has waited ${after.nowMs - since} ms with a replica connected (bound ${bound} ms)`;
    }
    return null;
  },
};

export const replicationInvariants: readonly ReplInvariant[] = [
  SingleWritablePrimary, NoErrantTransactions, NoAckedLoss_yesOnly, NoAckedLoss, NoPhantomRead, NoDuplicateRows, ReplicaPrefix, AckCountingHonest, CommitTerminates,
];

