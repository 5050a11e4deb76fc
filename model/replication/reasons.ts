/**
 * Commit replies' and node faults' reasons as values and as the sentences traces carry. The model
 * decides a reason as a tagged value and writes its sentence with `describeCommitReason` or
 * `describeNodeFault`; a witness or checker asks `commitReasonKind` or `nodeFaultKind` which
 * reason a sentence is, instead of matching its text. The sentences are the trace format (golden
 * and saved traces hold them), so they never change; each templated one is written from the same
 * two halves it is recognised by.
 */
import { match } from "ts-pattern";
import { nodeName } from "../core/ids.ts";
import type { CommitReason, CommitReasonText, CommitReplyWhy, NodeFault, NodeFaultText, ServerReply } from "./types.ts";

/** A sentence with one value in it: the text before and after the value. */
const CLIENT_TIMEOUT = ["the client's ", " ms timeout expired"] as const;
const REJOINED = "rejoined as a replica of ";
const PROMOTION_FAILED = "promotion failed: ";

export function describeCommitReason(r: CommitReason): CommitReasonText {
  return match(r)
    .returnType<CommitReasonText>()
    .with({ type: "NoPrimary" }, () => "no writable primary")
    .with({ type: "PrimaryCrashed" }, () => "connection lost: the primary crashed")
    .with({ type: "ClientGaveUp" }, () => "the client gave up waiting")
    .with({ type: "ClientTimedOut" }, ({ ms }) => `${CLIENT_TIMEOUT[0]}${ms}${CLIENT_TIMEOUT[1]}`)
    .with({ type: "LocalCommitLevel" }, ({ level }) => `synchronous_commit=${level}`)
    .with({ type: "NoSyncStandby" }, () => "no synchronous standby configured")
    .with({ type: "SemiSyncOff" }, () => "semi-sync is off (asynchronous)")
    .with({ type: "NoReplicaNoWait" }, () => "no semi-sync replica connected and wait_no_slave=OFF")
    .with({ type: "StandbyConfirmed" }, ({ level }) => `synchronous standby confirmed (${level})`)
    .with({ type: "SemiSyncAcked" }, () => "semi-sync ACK received")
    .with({ type: "SemiSyncTimedOut" }, () => "semi-sync timed out; switched to asynchronous")
    .with({ type: "WaitKilled", postgres: true }, () => "WARNING: canceling wait for synchronous replication; the transaction has already committed locally")
    .with({ type: "WaitKilled", postgres: false }, () => "KILL QUERY during the ACK wait: committed, OK returned")
    .exhaustive();
}

/** What a server's client library said, verbatim, as an observed `CommitReplied.why`. */
export const serverReply = (text: string): ServerReply => text as ServerReply;

/**
 * Any text is a `CommitReplied.why`: one of the model's sentences, or else what a server said.
 * The guard a trace decoder refines a string with; `commitReasonKind` tells the two apart.
 */
export const isCommitReplyWhy = (text: string): text is CommitReplyWhy => typeof text === "string";

/** The sentences with no value in them, each with its reason: total over them, so a new one must say its kind. */
const fixedCommitKinds: { readonly [T in Exclude<CommitReasonText, `${typeof CLIENT_TIMEOUT[0]}${number}${typeof CLIENT_TIMEOUT[1]}`>]: CommitReason["type"] } = {
  "no writable primary": "NoPrimary",
  "connection lost: the primary crashed": "PrimaryCrashed",
  "the client gave up waiting": "ClientGaveUp",
  "synchronous_commit=off": "LocalCommitLevel",
  "synchronous_commit=local": "LocalCommitLevel",
  "no synchronous standby configured": "NoSyncStandby",
  "semi-sync is off (asynchronous)": "SemiSyncOff",
  "no semi-sync replica connected and wait_no_slave=OFF": "NoReplicaNoWait",
  "synchronous standby confirmed (off)": "StandbyConfirmed",
  "synchronous standby confirmed (local)": "StandbyConfirmed",
  "synchronous standby confirmed (remote_write)": "StandbyConfirmed",
  "synchronous standby confirmed (on)": "StandbyConfirmed",
  "synchronous standby confirmed (remote_apply)": "StandbyConfirmed",
  "semi-sync ACK received": "SemiSyncAcked",
  "semi-sync timed out; switched to asynchronous": "SemiSyncTimedOut",
  "WARNING: canceling wait for synchronous replication; the transaction has already committed locally": "WaitKilled",
  "KILL QUERY during the ACK wait: committed, OK returned": "WaitKilled",
};
const fixedCommitKind: ReadonlyMap<string, CommitReason["type"]> = new Map(Object.entries(fixedCommitKinds));

const isClientTimeout = (why: string): boolean =>
  why.startsWith(CLIENT_TIMEOUT[0]) && why.endsWith(CLIENT_TIMEOUT[1]) && Number.isFinite(Number(why.slice(CLIENT_TIMEOUT[0].length, -CLIENT_TIMEOUT[1].length)));

/** Which reason a `CommitReplied` sentence gives, or `ServerReply` for what a real server said. */
export function commitReasonKind(why: CommitReplyWhy): CommitReason["type"] | "ServerReply" {
  return fixedCommitKind.get(why) ?? (isClientTimeout(why) ? "ClientTimedOut" : "ServerReply");
}

/** The sentences of `CommitReplied.why` with no value in them, for the trace schema. */
export const FIXED_COMMIT_REASON_TEXTS = Object.keys(fixedCommitKinds) as readonly (keyof typeof fixedCommitKinds)[];

export function describeNodeFault(f: NodeFault): NodeFaultText {
  return match(f)
    .returnType<NodeFaultText>()
    .with({ type: "Crashed" }, () => "crashed")
    .with({ type: "Restarted" }, () => "restarted")
    .with({ type: "CameBackAsPrimary" }, () => "came back as a primary")
    .with({ type: "Rejoined" }, ({ source, rewound }) => `${REJOINED}${nodeName(source)} ${rewound ? "after rewinding" : "as it was"}`)
    .with({ type: "IoThread" }, ({ running }) => (running ? "IO thread started" : "IO thread stopped"))
    .with({ type: "PromotionFailed" }, ({ error }) => `${PROMOTION_FAILED}${error}`)
    .exhaustive();
}

/** The sentences with no value in them, each with its fault. */
const fixedFaultKinds: { readonly [T in Exclude<NodeFaultText, `${typeof REJOINED}${string}` | `${typeof PROMOTION_FAILED}${string}`>]: NodeFault["type"] } = {
  crashed: "Crashed",
  restarted: "Restarted",
  "came back as a primary": "CameBackAsPrimary",
  "IO thread started": "IoThread",
  "IO thread stopped": "IoThread",
};
const fixedFaultKind: ReadonlyMap<string, NodeFault["type"]> = new Map(Object.entries(fixedFaultKinds));

/** Which fault a `NodeFault` sentence reports. */
export function nodeFaultKind(fault: NodeFaultText): NodeFault["type"] {
  return fixedFaultKind.get(fault) ?? (fault.startsWith(REJOINED) ? "Rejoined" : "PromotionFailed");
}

/** The sentences of `NodeFault.fault` with no value in them, for the trace schema. */
export const FIXED_NODE_FAULT_TEXTS = Object.keys(fixedFaultKinds) as readonly (keyof typeof fixedFaultKinds)[];
