/**
 * One node of the system under test: a process using etcd's lease-lock recipe, as a client of
 * etcd would write it (the etcd `concurrency.Mutex` way: a key created under the node's lease
 * only if absent, its create revision the fencing token). This is the implementation being
 * checked, not the specification: it knows nothing of the model's clocks or margins beyond the
 * settings a real client is configured with (TTL, renew interval, safety margin, fencing).
 */
import type { Etcd3, Lease } from "etcd3";
import { nodeName, type NodeId } from "../../model/core/ids.ts";
import type { WriteRefusal } from "../../model/lease/index.ts";
import { describeLeaseFault, describeWriteRefusal } from "../../model/lease/reasons.ts";
import type { EtcdLockSettings, Shared } from "./shared.ts";

type Target = "data" | "registry";

export class LockNode {
  private client: Etcd3 | null = null;
  private lease: Lease | null = null;
  private timer: NodeJS.Timeout | null = null;
  private resumeTimer: NodeJS.Timeout | null = null;
  private role: "Leader" | "Follower" | "Observer";
  private myRev = 0;
  private leaseEndsAt = 0;
  private paused = false;
  private up = false;
  private busy = false;
  private held: { target: Target; epoch: number; rev: number }[] = [];

  constructor(private readonly id: NodeId, private readonly s: Shared, private readonly cfg: EtcdLockSettings) {
    this.role = id === 0 ? "Leader" : id === 1 ? "Follower" : "Observer";
  }

  /** Comes up: n1 takes the lock at once (the model's starting point), the others start polling. */
  async start(): Promise<void> {
    await this.connect();
    if (this.role === "Leader") {
      const got = await this.tryAcquire();
      if (!got) throw new Error("n1 could not take the initial lock");
    }
  }

  private async connect(): Promise<void> {
    this.client = this.s.newClient();
    this.up = true;
    if (this.role !== "Observer") {
      this.lease = this.client.lease(this.cfg.ttlSeconds, { autoKeepAlive: false });
      await this.lease.grant();
    }
  }

  startLoop(): void {
    if (this.role === "Observer" || this.timer !== null) return;
    this.timer = setInterval(() => void this.tick(), this.cfg.renewIntervalMs);
  }

  /** The loop: the holder keeps its lease alive; a follower tries to take a free lock. */
  async tick(): Promise<void> {
    if (!this.up || this.paused || this.busy || this.lease === null) return;
    this.busy = true;
    try {
      if (this.role === "Leader") await this.renew();
      else await this.compete();
    } catch {
      // A failed call is a failed renewal or acquisition; the next tick tries again.
    } finally {
      this.busy = false;
    }
  }

  private async renew(): Promise<void> {
    const sentAt = this.s.now();
    const reply = await this.lease!.keepaliveOnce();
    if (Number(reply.TTL) > 0) {
      this.leaseEndsAt = sentAt + Number(reply.TTL) * 1000 - this.cfg.marginMs;
    } else {
      this.stepDown("keep-alive found the lease gone");
    }
    if (this.s.now() >= this.leaseEndsAt) this.stepDown("lease expired on its own clock");
  }

  /**
   * A follower's session lease is kept alive too (as etcd's concurrency.Session does), so that
   * it can attach the lock key to it the moment the key is free.
   */
  private async compete(): Promise<void> {
    const reply = await this.lease!.keepaliveOnce().catch(() => null);
    if (reply === null || Number(reply.TTL) <= 0) {
      this.lease = this.client!.lease(this.cfg.ttlSeconds, { autoKeepAlive: false });
      await this.lease.grant();
    }
    await this.tryAcquire();
  }

  private stepDown(why: string): void {
    if (this.role !== "Leader") return;
    this.role = "Follower";
    this.s.emit({ type: "RoleChanged", node: this.id, role: "Follower", epoch: null, why });
    // A deposed holder needs a fresh lease to compete again.
    this.lease = this.client!.lease(this.cfg.ttlSeconds, { autoKeepAlive: false });
  }

  private async tryAcquire(): Promise<boolean> {
    const sentAt = this.s.now();
    const key = this.s.lockKey;
    const r = await this.client!.if(key, "Create", "==", 0).then(this.lease!.put(key).value(nodeName(this.id))).commit();
    if (!r.succeeded) return false;
    this.myRev = Number(r.header.revision);
    const epoch = this.s.epochOf(this.myRev);
    this.role = "Leader";
    this.leaseEndsAt = sentAt + this.cfg.ttlSeconds * 1000 - this.cfg.marginMs;
    if (this.s.now() > 0) this.s.emit({ type: "RoleChanged", node: this.id, role: "Leader", epoch, why: "acquire txn succeeded" });
    return true;
  }

  private believes(): boolean {
    return this.role === "Leader" && this.s.now() < this.leaseEndsAt;
  }

  /** A client's write: checked against the node's own view of its lease, then sent. */
  async requestWrite(target: Target): Promise<void> {
    if (!this.up || this.paused) return;
    const refuse = (why: WriteRefusal): void => this.s.emit({ type: "WriteRefused", node: this.id, target, why: describeWriteRefusal(why) });
    if (this.role !== "Leader") return refuse({ type: "NotLeader", role: this.role });
    if (!this.believes()) return refuse({ type: "LeaseExpired" });
    const epoch = this.s.epochOf(this.myRev);
    this.s.emit({ type: "WriteIssued", node: this.id, target, epoch });
    // The process sends it on its next turn: a pause that comes first holds it back, which is
    // how a holder that checked its lease ends up writing after a takeover.
    this.held.push({ target, epoch, rev: this.myRev });
  }

  /** Sends what the process was about to write, unless it is frozen or gone. */
  async flush(): Promise<void> {
    if (!this.up || this.paused) return;
    for (const w of this.held.splice(0)) await this.land(w);
  }

  /** The write transaction, fenced by comparing the lock key's create revision, or not at all. */
  private async land(w: { target: Target; epoch: number; rev: number }): Promise<void> {
    const key = this.s.lockKey;
    const resource = `${this.s.prefix}/${w.target}`;
    const guard = this.cfg.fencing === "epoch" ? w.rev + 1 : Number.MAX_SAFE_INTEGER;
    const r = await this.client!.if(key, "Create", "<", guard)
      .then(this.client!.put(resource).value(`${nodeName(this.id)}@${w.epoch}`), this.client!.get(key))
      .else(this.client!.get(key))
      .commit();
    const kvs = r.responses.flatMap((x) => x.response_range?.kvs ?? []);
    const current = kvs.length > 0 ? this.s.epochOf(Number(kvs[0]!.create_revision)) : this.s.maxEpoch();
    const holder = kvs.length > 0 ? this.s.nodeNamed(String(kvs[0]!.value)) : null;
    this.s.emit({ type: "WriteLanded", node: this.id, target: w.target, epoch: w.epoch, blockEpoch: current, blockHolder: holder, accepted: r.succeeded });
  }

  /** Frozen: no keep-alives, no actions, its belief unchanged; what it was about to write waits. */
  pause(ms: number): void {
    if (!this.up || this.paused) return;
    this.paused = true;
    this.s.emit({ type: "NodeFault", node: this.id, fault: describeLeaseFault({ type: "Paused", ms }) });
    this.resumeTimer = setTimeout(() => void this.resume(), ms);
  }

  private async resume(): Promise<void> {
    this.resumeTimer = null;
    this.paused = false;
    this.s.emit({ type: "NodeFault", node: this.id, fault: describeLeaseFault({ type: "Resumed" }) });
    for (const w of this.held.splice(0)) await this.land(w).catch(() => undefined);
    if (this.role === "Leader" && !this.believes()) this.stepDown("lease expired on its own clock");
    await this.tick();
  }

  /** Vanishes without revoking: its lease runs out on the server. */
  crash(): void {
    if (!this.up) return;
    this.s.emit({ type: "NodeFault", node: this.id, fault: describeLeaseFault({ type: "Crashed" }) });
    this.halt();
    this.held = [];
    this.role = this.role === "Observer" ? "Observer" : "Follower";
  }

  async restart(): Promise<void> {
    if (this.up) return;
    this.s.emit({ type: "NodeFault", node: this.id, fault: describeLeaseFault({ type: "Restarted" }) });
    await this.connect();
    this.startLoop();
  }

  halt(): void {
    for (const t of [this.timer, this.resumeTimer]) if (t !== null) clearTimeout(t);
    this.timer = this.resumeTimer = null;
    this.up = false;
    this.paused = false;
    this.client?.close();
    this.client = null;
    this.lease = null;
  }
}
