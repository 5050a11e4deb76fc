/** Reachability witnesses for replication: the situations each invariant is about do happen. */
import { nodeId } from "../core/ids.ts";
import type { Witness } from "../core/protocol.ts";
import type { ReplConfig } from "./config.ts";
import { commitReasonKind, nodeFaultKind } from "./reasons.ts";
import { positionOf, streaming } from "./state.ts";
import type { CommitReason, ReplEvent, ReplOutput, ReplState } from "./types.ts";
import { AckCountingHonest, CommitTerminates, NoAckedLoss, NoAckedLoss_yesOnly, NoDuplicateRows, NoErrantTransactions, NoPhantomRead, ReplicaPrefix, SingleWritablePrimary } from "./invariants.ts";

type ReplWitness = Witness<ReplConfig, ReplState, ReplEvent, ReplOutput>;

/** The reasons that release a commit because replicas acknowledged it (not a timeout, kill or opt-out). */
const acknowledged: ReadonlySet<CommitReason["type"] | "ServerReply"> = new Set(["SemiSyncAcked", "StandbyConfirmed"]);

const promoted = (outputs: readonly ReplOutput[]): boolean => outputs.some((o) => o.type === "Promoted");

const retried = (outputs: readonly ReplOutput[]): boolean => outputs.some((o) => o.type === "CommitIssued" && o.row !== o.id);

export const replicationWitnesses: readonly ReplWitness[] = [
  {
    name: "FailoverHappens", invariant: SingleWritablePrimary,
    statement: "A replica is promoted after the primary went down.",
    reached: ({ outputs }) => promoted(outputs),
    observe: (_config, outputs) => promoted(outputs),
  },
  {
    name: "OldPrimaryRejoins", invariant: NoErrantTransactions,
    statement: "A former primary comes back after a failover.",
    reached: ({ outputs }) => outputs.some((o) => o.type === "NodeFault" && (nodeFaultKind(o.fault) === "Rejoined" || nodeFaultKind(o.fault) === "CameBackAsPrimary")),
  },
  {
    name: "FailoverAfterCountedAck", invariant: NoAckedLoss_yesOnly,
    statement: "A failover happens after a commit was acknowledged by a replica (yes_tx).",
    reached: ({ before, outputs }) => promoted(outputs) && before.trx.some((t) => t.counted === "yes"),
  },
  {
    name: "FailoverAfterAckedCommit", invariant: NoAckedLoss,
    statement: "A failover happens after a client was told its commit succeeded.",
    reached: ({ before, outputs }) => promoted(outputs) && before.trx.some((t) => t.client === "ok"),
    observe: (_config, outputs, earlier) => promoted(outputs) && earlier.flat().some((o) => o.type === "CommitReplied" && o.outcome === "ok"),
  },
  {
    name: "FailoverAfterRead", invariant: NoPhantomRead,
    statement: "A failover happens after a client read a committed row.",
    reached: ({ before, outputs }) => promoted(outputs) && before.trx.some((t) => t.read),
    observe: (_config, outputs, earlier) => promoted(outputs) && earlier.flat().some((o) => o.type === "ReadReplied" && o.ids !== null && o.ids.length > 0),
  },
  {
    name: "RetryAfterGivingUp", invariant: NoDuplicateRows,
    statement: "A client gives up on a commit and sends the same insert again.",
    reached: ({ outputs }) => retried(outputs),
    observe: (_config, outputs) => retried(outputs),
  },
  {
    name: "ReplicaLags", invariant: ReplicaPrefix,
    statement: "A streaming replica has received some but not all of its source's log.",
    reached: ({ after }) => after.nodes.some((n, i) => {
      if (!streaming(after, nodeId(i)) || n.relay.length === 0) return false;
      const last = n.relay[n.relay.length - 1]!;
      return positionOf(after.nodes[n.source!]!.log, last.gtid) < after.nodes[n.source!]!.log.length;
    }),
  },
  {
    name: "CommitCountedNo", invariant: AckCountingHonest,
    statement: "A semi-sync commit returns without an acknowledgement (timeout, kill, or semi-sync off).",
    reached: ({ before, after }) => after.nodes.some((n, i) => n.semisync.noTx > (before.nodes[i]?.semisync.noTx ?? 0)),
  },
  {
    name: "CommitWaitsForAck", invariant: CommitTerminates,
    statement: "A commit waits across a step and is then released by an acknowledgement.",
    reached: ({ before, outputs }) => outputs.some((o) => o.type === "CommitReplied" && o.outcome === "ok" && acknowledged.has(commitReasonKind(o.why)) && before.waiters.some((w) => w.id === o.id)),
  },
];
