/**
 * Which MariaDB server is the primary, which replicate from whom, and the operator's actions on
 * them: stopping IO threads, killing a waiting session, crashing and restarting, failing over and
 * bringing the old primary back (research §6.1). Holds no replication logic: MariaDB does that.
 */
import type { ReplConfig } from "../../model/replication/config.ts";
import type { ReplOutput } from "../../model/replication/index.ts";
import { attach, promote, query, startIoThread, startPair, stopIoThread } from "./pair.ts";
import type { MariadbServer } from "./server.ts";

type Out = ReplOutput[];
const name = (i: number): string => `n${i + 1}`;
/** A replica must not wait for ACKs itself: with log-slave-updates its SQL thread would block. */
const REPLICA_ARGS = ["--rpl-semi-sync-master-enabled=OFF"];

export class Topology {
  private readonly up: boolean[];
  private readonly writable: boolean[];
  private readonly wasPrimary: boolean[];
  private readonly source: (number | null)[];
  private readonly io: boolean[];

  private constructor(private readonly config: ReplConfig, private readonly servers: readonly MariadbServer[], readonly stop: () => Promise<void>) {
    this.up = servers.map(() => true);
    this.writable = servers.map((_, i) => i === 0);
    this.wasPrimary = servers.map(() => false);
    this.source = servers.map((_, i) => (i === 0 ? null : 0));
    this.io = servers.map((_, i) => i !== 0);
  }

  static async start(config: ReplConfig, onServer?: (pid: number, port: number, dir: string) => void): Promise<Topology> {
    const settings = {
      waitPoint: config.waitPoint, timeoutMs: config.timeoutMs, waitNoSlave: config.waitNoSlave,
      syncRelayLog: config.syncRelayLog, gtidStrictMode: config.gtidStrictMode,
    };
    const pair = await startPair(settings, config.nodes - 1);
    const servers = [pair.primary, ...pair.replicas];
    for (const s of servers) onServer?.(s.pid, s.port, s.dir);
    const t = new Topology(config, servers, pair.stop);
    try {
      await t.createTable();
    } catch (e) {
      await pair.stop();
      throw e;
    }
    return t;
  }

  /** The table every history writes, present on every replica before the history starts. */
  private async createTable(): Promise<void> {
    await query(this.servers[0]!, "CREATE DATABASE d");
    await query(this.servers[0]!, "CREATE TABLE d.t (id INT PRIMARY KEY, `row` INT NOT NULL)");
    for (const r of this.servers.slice(1)) {
      for (let tries = 0; ; tries++) {
        const rows = await query<unknown[]>(r, "SELECT 1 FROM information_schema.tables WHERE table_schema = 'd' AND table_name = 't'");
        if (rows.length > 0) break;
        if (tries > 100) throw new Error(`mariadb: the table never reached ${r.port}`);
        await new Promise((done) => setTimeout(done, 50));
      }
    }
  }

  primary(): number | null {
    const i = this.servers.findIndex((_, k) => this.up[k] && this.writable[k]);
    return i < 0 ? null : i;
  }

  isUp(i: number): boolean {
    return this.up[i]!;
  }

  server(i: number): MariadbServer {
    return this.servers[i]!;
  }

  async setIo(i: number, running: boolean, out: Out): Promise<void> {
    if (!this.config.env.partitions || this.source[i] === null || !this.up[i] || this.io[i] === running) return;
    await (running ? startIoThread : stopIoThread)(this.servers[i]!);
    this.io[i] = running;
    out.push({ type: "NodeFault", node: i, fault: running ? "IO thread started" : "IO thread stopped" });
  }

  /** KILL QUERY on the `pick`-th session waiting for its ACK, in the order they began. */
  async killWaiter(pick: number): Promise<void> {
    const p = this.primary();
    if (p === null) return;
    const rows = await query<{ id: number }[]>(this.servers[p]!,
      "SELECT id FROM information_schema.processlist WHERE state = 'Waiting for semi-sync ACK from slave' ORDER BY id");
    const row = rows[Math.abs(Math.trunc(pick)) % Math.max(1, rows.length)];
    if (row !== undefined) await query(this.servers[p]!, `KILL QUERY ${Number(row.id)}`);
  }

  /** kill -9; returns whether the node was up (and allowed to crash). */
  async crash(i: number, out: Out): Promise<boolean> {
    const allowed = this.writable[i] ? this.config.env.primaryRestarts : this.config.env.replicaRestarts;
    if (!this.up[i] || !allowed) return false;
    await this.servers[i]!.crash();
    this.up[i] = false;
    this.wasPrimary[i] = this.writable[i]!;
    out.push({ type: "NodeFault", node: i, fault: "crashed" });
    return true;
  }

  async restart(i: number, out: Out): Promise<void> {
    const allowed = this.wasPrimary[i] ? this.config.env.primaryRestarts : this.config.env.replicaRestarts;
    if (this.up[i] || !allowed) return;
    out.push({ type: "NodeFault", node: i, fault: "restarted" });
    const current = this.primary();
    if (!this.wasPrimary[i]) return this.restartReplica(i);
    const slaveRole = this.config.initRplRole === "SLAVE" ? ["--init-rpl-role=SLAVE"] : [];
    if (current === null || this.config.rejoin === "primary") {
      await this.servers[i]!.restart(slaveRole);
      this.up[i] = true;
      if (current !== null) out.push({ type: "NodeFault", node: i, fault: "came back as a primary" });
      return;
    }
    // Rewind: --init-rpl-role=SLAVE truncates what the engine never committed before it rejoins.
    const rewind = this.config.rejoin === "rewind" ? ["--init-rpl-role=SLAVE"] : slaveRole;
    await this.servers[i]!.restart([...new Set([...rewind, ...REPLICA_ARGS])]);
    await attach(this.servers[i]!, this.servers[current]!);
    this.up[i] = true;
    this.writable[i] = false;
    this.wasPrimary[i] = false;
    this.source[i] = current;
    this.io[i] = true;
    out.push({ type: "NodeFault", node: i, fault: `rejoined as a replica of ${name(current)}${this.config.rejoin === "rewind" ? " after rewinding" : " as it was"}` });
  }

  private async restartReplica(i: number): Promise<void> {
    await this.servers[i]!.restart(REPLICA_ARGS);
    this.up[i] = true;
    const src = this.source[i] ?? null;
    // It replicates again from wherever its source now is (failover may have moved it).
    if (src !== null) await attach(this.servers[i]!, this.servers[src]!);
    this.io[i] = true;
  }

  /** With no writable primary up, promote a replica after it applied what it received. */
  async failover(pick: number, out: Out): Promise<void> {
    if (this.primary() !== null) return;
    const candidates = this.servers.flatMap((_, i) => (this.up[i] && !this.writable[i] && !this.wasPrimary[i] ? [i] : []));
    if (candidates.length === 0) return;
    const chosen = this.config.promote === "most-advanced" ? await this.mostAdvanced(candidates) : candidates[Math.abs(Math.trunc(pick)) % candidates.length]!;
    await this.drainRelay(chosen);
    await promote(this.servers[chosen]!);
    this.writable[chosen] = true;
    this.source[chosen] = null;
    this.io[chosen] = false;
    out.push({ type: "Promoted", node: chosen });
    for (let i = 0; i < this.servers.length; i++) {
      if (i === chosen || this.source[i] === null) continue;
      this.source[i] = chosen;
      if (!this.up[i]) continue;
      await query(this.servers[i]!, "STOP SLAVE");
      await attach(this.servers[i]!, this.servers[chosen]!);
      this.io[i] = true;
    }
  }

  /** The replica that received the most, by the sequence number of its IO thread's GTID position. */
  private async mostAdvanced(candidates: readonly number[]): Promise<number> {
    const seqs = await Promise.all(candidates.map(async (i) => {
      const [row] = await query<{ Gtid_IO_Pos?: string }[]>(this.servers[i]!, "SHOW SLAVE STATUS");
      return Math.max(0, ...String(row?.Gtid_IO_Pos ?? "").split(",").map((g) => Number(g.split("-")[2] ?? 0)));
    }));
    return candidates[seqs.indexOf(Math.max(...seqs))]!;
  }

  /** Lets the SQL thread apply everything received before promotion discards the relay log. */
  private async drainRelay(i: number): Promise<void> {
    await query(this.servers[i]!, "STOP SLAVE IO_THREAD");
    for (let tries = 0; tries < 60; tries++) {
      const [row] = await query<{ Read_Master_Log_Pos?: number; Exec_Master_Log_Pos?: number; Relay_Master_Log_File?: string; Master_Log_File?: string }[]>(this.servers[i]!, "SHOW SLAVE STATUS");
      if (row === undefined || (row.Read_Master_Log_Pos === row.Exec_Master_Log_Pos && row.Master_Log_File === row.Relay_Master_Log_File)) return;
      await new Promise((done) => setTimeout(done, 50));
    }
  }
}
