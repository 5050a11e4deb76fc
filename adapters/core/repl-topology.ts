/**
 * What every real replication topology keeps track of, whatever the server: which node is up,
 * which accepts writes, who replicates from whom, and the operator's actions in the order the
 * replication model takes them. Subclasses say how a server is crashed, promoted or pointed at a
 * new primary; this class decides nothing the model decides, it only mirrors the operator.
 */
import type { ReplConfig } from "../../model/replication/config.ts";
import type { ReplOutput } from "../../model/replication/index.ts";

type Out = ReplOutput[];
export const nodeName = (i: number): string => `n${i + 1}`;

export abstract class ReplTopology<S> {
  protected readonly up: boolean[];
  protected readonly writable: boolean[];
  protected readonly wasPrimary: boolean[];
  protected readonly source: (number | null)[];
  protected readonly io: boolean[];
  protected readonly restarts: number[];

  protected constructor(protected readonly config: ReplConfig, protected readonly servers: readonly S[], readonly stop: () => Promise<void>) {
    this.up = servers.map(() => true);
    this.writable = servers.map((_, i) => i === 0);
    this.wasPrimary = servers.map(() => false);
    this.source = servers.map((_, i) => (i === 0 ? null : 0));
    this.io = servers.map((_, i) => i !== 0);
    this.restarts = servers.map(() => 0);
  }

  /** Reports a node's semi-sync status counters, where the server has them (MariaDB/MySQL). */
  async readCounters(_i: number, _out: Out): Promise<void> {}

  protected abstract kill(i: number): Promise<void>;
  protected abstract ioOn(i: number): Promise<void>;
  protected abstract ioOff(i: number): Promise<void>;
  /** Restarts a replica, following its current source. */
  protected abstract restartReplica(i: number): Promise<void>;
  /** Restarts a former primary as a primary (no other primary, or `failover.rejoin=primary`). */
  protected abstract restartAsPrimary(i: number): Promise<void>;
  /** Brings a former primary back as a replica of `primary`, rewound or as it is. */
  protected abstract rejoin(i: number, primary: number): Promise<void>;
  protected abstract mostAdvanced(candidates: readonly number[]): Promise<number>;
  protected abstract promoteServer(i: number): Promise<void>;
  /** Points a running replica at the new primary. */
  protected abstract follow(i: number, primary: number): Promise<void>;
  /** Points a replica whose IO is stopped at the new primary, leaving its IO stopped. */
  protected abstract followLater(i: number, primary: number): Promise<void>;
  abstract killWaiter(pick: number): Promise<void>;

  primary(): number | null {
    const i = this.servers.findIndex((_, k) => this.up[k] && this.writable[k]);
    return i < 0 ? null : i;
  }

  server(i: number): S {
    return this.servers[i]!;
  }

  /** Whether a client can read this node now. */
  readable(i: number): boolean {
    return this.up[i]!;
  }

  async setIo(i: number, running: boolean, out: Out): Promise<void> {
    if (!this.config.env.partitions || this.source[i] === null || !this.up[i] || this.io[i] === running) return;
    await (running ? this.ioOn(i) : this.ioOff(i));
    this.io[i] = running;
    out.push({ type: "NodeFault", node: i, fault: running ? "IO thread started" : "IO thread stopped" });
  }

  /** Returns whether the node was up (and allowed to crash). */
  async crash(i: number, out: Out): Promise<boolean> {
    const allowed = this.writable[i]! || this.config.env.replicaRestarts;
    if (!this.up[i] || !allowed) return false;
    await this.kill(i);
    this.up[i] = false;
    this.wasPrimary[i] = this.writable[i]!;
    out.push({ type: "NodeFault", node: i, fault: "crashed" });
    return true;
  }

  async restart(i: number, out: Out): Promise<void> {
    const inPlace = this.wasPrimary[i]! && this.primary() === null;
    const allowed = this.wasPrimary[i] ? !inPlace || this.config.env.primaryRestarts : this.config.env.replicaRestarts;
    if (this.up[i] || !allowed) return;
    out.push({ type: "NodeFault", node: i, fault: "restarted" });
    this.restarts[i]!++;
    const current = this.primary();
    if (!this.wasPrimary[i]) {
      await this.restartReplica(i);
      this.up[i] = true;
      return;
    }
    if (current === null || this.config.rejoin === "primary") {
      await this.restartAsPrimary(i);
      this.up[i] = true;
      if (current !== null) out.push({ type: "NodeFault", node: i, fault: "came back as a primary" });
      return;
    }
    this.source[i] = current;
    await this.rejoin(i, current);
    this.up[i] = true;
    this.writable[i] = false;
    this.wasPrimary[i] = false;
    this.io[i] = true;
    out.push({ type: "NodeFault", node: i, fault: `rejoined as a replica of ${nodeName(current)}${this.config.rejoin === "rewind" ? " after rewinding" : " as it was"}` });
  }

  /** With no writable primary up, promote a replica; the others follow it. */
  async failover(pick: number, out: Out): Promise<void> {
    if (this.primary() !== null) return;
    const candidates = this.servers.flatMap((_, i) => (this.up[i] && !this.writable[i] && !this.wasPrimary[i] ? [i] : []));
    if (candidates.length === 0) return;
    const chosen = this.config.promote === "most-advanced"
      ? await this.mostAdvanced(candidates)
      : candidates[Math.abs(Math.trunc(pick)) % candidates.length]!;
    await this.promoteServer(chosen);
    this.writable[chosen] = true;
    this.source[chosen] = null;
    this.io[chosen] = false;
    out.push({ type: "Promoted", node: chosen });
    for (let i = 0; i < this.servers.length; i++) {
      if (i === chosen || this.source[i] === null) continue;
      this.source[i] = chosen;
      if (this.up[i]) await (this.io[i] ? this.follow(i, chosen) : this.followLater(i, chosen));
    }
  }
}
