/**
 * Refusal reasons as values and as the sentences traces carry. The model decides a reason as a
 * tagged value and writes its sentence with `describeWriteRefusal`; a witness or checker asks
 * `writeRefusalKind` which reason a sentence is, instead of matching its text. The sentences are
 * the trace format (golden and saved traces hold them), so they never change.
 */
import { match } from "ts-pattern";
import type { LeaseFault, LeaseFaultText, WriteRefusal, WriteRefusalText } from "./types.ts";

export function describeWriteRefusal(r: WriteRefusal): WriteRefusalText {
  return match(r)
    .with({ type: "NotLeader", role: "Follower" }, () => "not leader (follower)" as const)
    .with({ type: "NotLeader", role: "Observer" }, () => "not leader (observer)" as const)
    .with({ type: "LeaseExpired" }, () => "lease expired on its own clock" as const)
    .with({ type: "StorageUnreachable" }, () => "storage unreachable" as const)
    .exhaustive();
}

/** Each sentence's reason: total over the closed union, so a new sentence must say its kind. */
const refusalKinds: { readonly [T in WriteRefusalText]: WriteRefusal["type"] } = {
  "not leader (follower)": "NotLeader",
  "not leader (observer)": "NotLeader",
  "lease expired on its own clock": "LeaseExpired",
  "storage unreachable": "StorageUnreachable",
};

/** Which reason a `WriteRefused` sentence gives. */
export function writeRefusalKind(why: WriteRefusalText): WriteRefusal["type"] {
  return refusalKinds[why];
}

/** Every sentence a `WriteRefused` may carry, for the trace schema. */
export const WRITE_REFUSAL_TEXTS = Object.keys(refusalKinds) as readonly WriteRefusalText[];

export function describeLeaseFault(f: LeaseFault): LeaseFaultText {
  return match(f)
    .returnType<LeaseFaultText>()
    .with({ type: "Paused" }, ({ ms }) => `paused for ${ms} ms`)
    .with({ type: "Resumed" }, () => "resumed")
    .with({ type: "Crashed" }, () => "crashed")
    .with({ type: "Restarted" }, () => "restarted")
    .with({ type: "StoragePartitioned" }, () => "storage partitioned")
    .with({ type: "StorageHealed" }, () => "storage healed")
    // A rate shows its sign even at zero; a jump only when forward (the sentences as traces hold them).
    .with({ type: "ClockRateChanged" }, ({ ppm }) => `clock rate ${ppm >= 0 ? "+" : ""}${ppm} ppm`)
    .with({ type: "ClockJumped" }, ({ ms }) => `clock jumped ${ms > 0 ? "+" : ""}${ms} ms`)
    .exhaustive();
}
