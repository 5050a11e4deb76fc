/** What the nodes of one etcd history share: the server, the clock, the epoch table, the log. */
import { Etcd3 } from "etcd3";
import { nodeIds, nodeName, type NodeId } from "../../model/core/ids.ts";
import type { FlatConfig } from "../../model/core/knobs.ts";
import type { LeaseOutput } from "../../model/lease/index.ts";

/** The real client settings a lock user configures, read from the knobs they mirror. */
export interface EtcdLockSettings {
  readonly ttlSeconds: number;
  readonly renewIntervalMs: number;
  readonly marginMs: number;
  readonly fencing: "none" | "epoch";
  readonly nodes: number;
}

export function settingsFrom(flat: FlatConfig): EtcdLockSettings {
  return {
    // etcd grants whole seconds; the minimum with our server flags is 1 s.
    ttlSeconds: Math.max(1, Math.ceil((flat["lease.ttlMs"] as number) / 1000)),
    renewIntervalMs: flat["lease.renewIntervalMs"] as number,
    marginMs: flat["lease.marginMs"] as number,
    fencing: flat["lease.fencing"] as "none" | "epoch",
    nodes: flat["cluster.nodes"] as number,
  };
}

export class Shared {
  readonly prefix = "/haspec";
  readonly lockKey = "/haspec/lock";
  private readonly epochs = new Map<number, number>();
  private outputs: LeaseOutput[] = [];
  private readonly startedAt = Date.now();

  /** Every node of the history, by id. */
  readonly nodes: readonly NodeId[];

  constructor(private readonly clientUrl: string, nodes: number) {
    this.nodes = nodeIds(nodes);
  }

  /** The node whose name (as the lock key's value holds it) is `name`, or null for a stranger's. */
  nodeNamed(name: string): NodeId | null {
    return this.nodes.find((id) => nodeName(id) === name) ?? null;
  }

  newClient(): Etcd3 {
    return new Etcd3({ hosts: this.clientUrl, dialTimeout: 2000 });
  }

  /** Model milliseconds since the history began (time runs at scale 1). */
  now(): number {
    return Date.now() - this.startedAt;
  }

  /** Epoch k is the k-th lock create revision seen: the model numbers epochs the same way. */
  epochOf(rev: number): number {
    if (!this.epochs.has(rev)) this.epochs.set(rev, this.epochs.size + 1);
    return this.epochs.get(rev)!;
  }

  maxEpoch(): number {
    return this.epochs.size;
  }

  emit(o: LeaseOutput): void {
    this.outputs.push(o);
  }

  drain(): LeaseOutput[] {
    return this.outputs.splice(0);
  }
}
