/**
 * Reachability witnesses: each names the situation its invariant is about, so that a run in
 * which the invariant holds but the witness was never reached is reported as vacuous.
 */
import type { StepContext, Witness } from "../core/protocol.ts";
import { stabilityWindowMs, type LeaseConfig } from "./config.ts";
import { writeRefusalKind } from "./reasons.ts";
import { healthyForMs } from "./state.ts";
import type { LeaseEvent, LeaseOutput, LeaseState } from "./types.ts";
import { EpochMonotonic, EventualTakeover, FencedWrites, NoActionWithoutLease, NoSpuriousTakeover, ReacquireRequiresObservation, SingleLeaseHolder } from "./invariants.ts";

type Ctx = StepContext<LeaseConfig, LeaseState, LeaseEvent, LeaseOutput>;
type LeaseWitness = Witness<LeaseConfig, LeaseState, LeaseEvent, LeaseOutput>;

const takeover = ({ before, after }: Ctx): boolean =>
  before.block.holder !== null && after.block.holder !== null && after.block.holder !== before.block.holder;

const stale = (outputs: readonly LeaseOutput[]): boolean => outputs.some((o) => o.type === "WriteLanded" && o.epoch < o.blockEpoch);

/** The nodes outputs report becoming leader, with the epoch they hold. */
const leadersIn = (outputs: readonly LeaseOutput[]): { node: number; epoch: number }[] =>
  outputs.flatMap((o) => (o.type === "RoleChanged" && o.role === "Leader" && o.epoch !== null ? [{ node: o.node, epoch: o.epoch }] : []));

export const leaseWitnesses: readonly LeaseWitness[] = [
  {
    name: "RestartedLeaderFindsNewerEpoch",
    invariant: ReacquireRequiresObservation,
    statement: "A node that crashed as leader restarts and reads a block at a newer epoch than its own.",
    reached: ({ after, outputs }) =>
      outputs.some((o) => {
        if (o.type !== "BlockObserved" || !o.afterRestart) return false;
        const n = after.nodes[o.node]!;
        return n.ghost.crashedAsLeader && n.persisted !== null && o.value.epoch > n.persisted.epoch;
      }),
  },
  {
    name: "EpochAdvanced",
    invariant: EpochMonotonic,
    statement: "An acquisition moves the block to a new epoch.",
    reached: ({ before, after }) => after.block.epoch > before.block.epoch,
    // A node becomes leader at an epoch above every one seen so far (the initial holder's is 1).
    observe: (_config, outputs, earlier) => leadersIn(outputs).some((l) => l.epoch > Math.max(1, ...leadersIn(earlier.flat()).map((e) => e.epoch))),
  },
  {
    name: "LeaseChangedHands",
    invariant: SingleLeaseHolder,
    statement: "Another node takes the lease over from its holder.",
    reached: takeover,
    // A node becomes leader that is not the last one seen becoming leader (at first, n1).
    observe: (_config, outputs, earlier) => {
      let last = leadersIn(earlier.flat()).at(-1)?.node ?? 0;
      return leadersIn(outputs).some((l) => {
        const changed = l.node !== last;
        last = l.node;
        return changed;
      });
    },
  },
  {
    name: "FormerLeaderRefusesWrite",
    invariant: NoActionWithoutLease,
    statement: "A node that held the lease is asked to write after losing it, and refuses.",
    reached: ({ after, outputs }) => outputs.some((o) => o.type === "WriteRefused" && writeRefusalKind(o.why) !== "StorageUnreachable" && after.nodes[o.node]!.persisted !== null),
  },
  {
    name: "StaleWriteArrives",
    invariant: FencedWrites,
    statement: "A write from a deposed leader reaches storage or the registry after a newer epoch began.",
    reached: ({ outputs }) => stale(outputs),
    observe: (_config, outputs) => stale(outputs),
  },
  {
    name: "TakeoverAfterHolderFailure",
    invariant: EventualTakeover,
    statement: "A follower takes over after the holder stopped renewing.",
    reached: (ctx) => takeover(ctx) && ctx.before.ghost.leaderlessSinceMs !== null,
  },
  {
    name: "HolderStableThroughWindow",
    invariant: NoSpuriousTakeover,
    statement: "A holder stays healthy and leads for longer than the stability window.",
    reached: ({ config, after }) => {
      const h = after.block.holder;
      if (h === null) return false;
      const n = after.nodes[h]!;
      return n.role === "Leader" && n.up && n.ghost.lastFaultMs !== null && healthyForMs(n, after.nowMs) > stabilityWindowMs(config);
    },
  },
];
