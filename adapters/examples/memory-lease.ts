/**
 * An example of your own implementation under test: a toy in-memory lease service (a lock with a
 * TTL and a resource guarded by the lock's token) and the adapter that drives it. The service
 * runs on virtual time, so a whole conformance run takes milliseconds. `checkToken: false` is
 * the bug switch: the resource then accepts writes from a deposed holder.
 */
import { nodeId } from "../../model/core/ids.ts";
import type { FlatConfig } from "../../model/core/knobs.ts";
import type { LeaseEvent, LeaseOutput, WriteRefusal } from "../../model/lease/index.ts";
import { describeWriteRefusal } from "../../model/lease/reasons.ts";
import type { Adapter } from "../contract.ts";

/** The service: who holds the lock until when, and the tokens handed out so far. */
export class MemoryLeaseService {
  private holder: { node: number; token: number; expiresAt: number } | null = null;
  private tokens = 0;

  constructor(private readonly checkToken: boolean) {}

  acquire(node: number, now: number, ttlMs: number): number | null {
    if (this.holder !== null && now < this.holder.expiresAt) return null;
    this.holder = { node, token: ++this.tokens, expiresAt: now + ttlMs };
    return this.tokens;
  }

  renew(token: number, now: number, ttlMs: number): boolean {
    if (this.holder === null || this.holder.token !== token || now >= this.holder.expiresAt) return false;
    this.holder = { ...this.holder, expiresAt: now + ttlMs };
    return true;
  }

  write(token: number): { accepted: boolean; current: number; holder: number | null } {
    return { accepted: !this.checkToken || token >= this.tokens, current: this.tokens, holder: this.holder?.node ?? null };
  }
}

interface Client {
  role: "Leader" | "Follower" | "Observer";
  up: boolean;
  pausedUntil: number | null;
  token: number;
  believedUntil: number;
  nextTick: number;
  held: { target: "data" | "registry"; token: number }[];
}

export function memoryLeaseAdapter(options: { checkToken: boolean }): Adapter<LeaseEvent, LeaseOutput> {
  let service = new MemoryLeaseService(options.checkToken);
  let clients: Client[] = [];
  let now = 0;
  let out: LeaseOutput[] = [];
  let cfg = { ttlMs: 0, renewMs: 0, marginMs: 0 };

  const land = (id: number, w: Client["held"][number]): void => {
    const r = service.write(w.token);
    out.push({ type: "WriteLanded", node: nodeId(id), target: w.target, epoch: w.token, blockEpoch: r.current, blockHolder: r.holder === null ? null : nodeId(r.holder), accepted: r.accepted });
  };
  const stepDown = (id: number, why: string): void => {
    clients[id]!.role = "Follower";
    out.push({ type: "RoleChanged", node: nodeId(id), role: "Follower", epoch: null, why });
  };
  const tick = (id: number): void => {
    const c = clients[id]!;
    c.nextTick = now + cfg.renewMs;
    if (c.role === "Leader") {
      if (service.renew(c.token, now, cfg.ttlMs)) c.believedUntil = now + cfg.ttlMs - cfg.marginMs;
      if (now >= c.believedUntil) stepDown(id, "lease expired");
    } else if (c.role === "Follower") {
      const token = service.acquire(id, now, cfg.ttlMs);
      if (token === null) return;
      Object.assign(c, { role: "Leader", token, believedUntil: now + cfg.ttlMs - cfg.marginMs });
      out.push({ type: "RoleChanged", node: nodeId(id), role: "Leader", epoch: token, why: "acquired" });
    }
  };
  /** Runs every timer and pause end due up to `until`, in time order. */
  const runUntil = (until: number): void => {
    for (;;) {
      const due = clients.flatMap((c, id) => (!c.up ? [] : [[c.pausedUntil ?? c.nextTick, id] as const])).sort((a, b) => a[0] - b[0])[0];
      if (due === undefined || due[0] > until) break;
      now = due[0];
      const c = clients[due[1]]!;
      if (c.pausedUntil !== null) {
        c.pausedUntil = null;
        for (const w of c.held.splice(0)) land(due[1], w);
      } else tick(due[1]);
    }
    now = until;
  };
  const flush = (): void => clients.forEach((c, id) => { if (c.up && c.pausedUntil === null) for (const w of c.held.splice(0)) land(id, w); });

  return {
    name: "memory-lease",
    protocol: "lease",
    supports: (e) => ["TimeAdvanced", "LeaderWriteRequested", "NodePaused", "NodeCrashed", "NodeRestarted"].includes(e.type),
    // A follower takes a free lock at its next tick, while the model's follower waits out the
    // full lease after it last saw the block change: takeovers differ by up to a renew interval.
    timeToleranceMs: 700,
    start: async (flat: FlatConfig) => {
      cfg = { ttlMs: flat["lease.ttlMs"] as number, renewMs: flat["lease.renewIntervalMs"] as number, marginMs: flat["lease.marginMs"] as number };
      service = new MemoryLeaseService(options.checkToken);
      now = 0;
      out = [];
      clients = Array.from({ length: flat["cluster.nodes"] as number }, (_, i) => ({
        role: i === 0 ? "Leader" : i === 1 ? "Follower" : "Observer", up: true, pausedUntil: null, token: 0, believedUntil: 0, nextTick: 0, held: [],
      }));
      clients[0]!.token = service.acquire(0, 0, cfg.ttlMs)!;
      clients[0]!.believedUntil = cfg.ttlMs - cfg.marginMs;
    },
    apply: async (e) => {
      if (e.type === "NodePaused" && clients[e.node]!.up && clients[e.node]!.pausedUntil === null) clients[e.node]!.pausedUntil = now + e.ms;
      flush();
      const c = "node" in e ? clients[e.node]! : null;
      if (e.type === "TimeAdvanced") runUntil(now + e.maxMs);
      if (e.type === "LeaderWriteRequested" && c!.up && c!.pausedUntil === null) {
        const role = c!.role;
        const refused: WriteRefusal | null = role !== "Leader" ? { type: "NotLeader", role } : now >= c!.believedUntil ? { type: "LeaseExpired" } : null;
        if (refused !== null) out.push({ type: "WriteRefused", node: nodeId(e.node), target: e.target, why: describeWriteRefusal(refused) });
        else {
          out.push({ type: "WriteIssued", node: nodeId(e.node), target: e.target, epoch: c!.token });
          c!.held.push({ target: e.target, token: c!.token });
        }
      }
      if (e.type === "NodeCrashed" && c!.up) Object.assign(c!, { up: false, pausedUntil: null, held: [], role: c!.role === "Observer" ? "Observer" : "Follower" });
      if (e.type === "NodeRestarted" && !c!.up) Object.assign(c!, { up: true, nextTick: now });
      return out.splice(0);
    },
    stop: async () => {
      clients = [];
    },
  };
}
