/**
 * The PostgreSQL side of a replication topology (research §6.2): how a server is crashed,
 * restarted, promoted and pointed at a new primary, how a waiting backend is cancelled, and what
 * the server says of its role (`pg_is_in_recovery()`, `primary_conninfo`). Which node is promoted
 * and how a node comes back are the model's decisions, carried out here (core/repl-topology.ts).
 */
import { chownSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ReplConfig } from "../../model/replication/config.ts";
import { pollUntil } from "../core/host.ts";
import { nodeName } from "../../model/core/ids.ts";
import { ReplTopology, type SourceSeen, type WritableSeen } from "../core/repl-topology.ts";
import { promote, query, rewind, startCluster } from "./cluster.ts";
import { PG_HOST, type PgServer } from "./server.ts";

export class PgTopology extends ReplTopology<PgServer> {
  static async start(config: ReplConfig, onServer?: (pid: number, port: number, dir: string) => void): Promise<PgTopology> {
    const cluster = await startCluster({ synchronousStandbyNames: config.syncNamesText, synchronousCommit: config.synchronousCommit }, config.nodes - 1);
    for (const s of cluster.servers) onServer?.(s.pid, s.port, s.dir);
    const t = new PgTopology(config, cluster.servers, cluster.stop);
    try {
      await t.createTable();
      await t.observeRoles();
    } catch (e) {
      await cluster.stop();
      throw e;
    }
    return t;
  }

  /** The table, created before the history with synchronous_commit off so it cannot block. */
  private async createTable(): Promise<void> {
    await query(this.servers[0]!, "SET synchronous_commit = off; CREATE TABLE t (id int PRIMARY KEY, \"row\" int NOT NULL)");
    for (const s of this.servers.slice(1)) {
      const present = async (): Promise<boolean> => (await query(s, "SELECT 1 FROM pg_tables WHERE tablename = 't'")).length > 0;
      await pollUntil(present, 200, `postgres: the table never reached ${s.name}`);
    }
  }

  /** A standby whose "IO thread" is stopped is shut down, so it cannot be read either. */
  override readable(i: number): boolean {
    return this.up[i]! && (this.source[i] === null || this.io[i]!);
  }

  protected async kill(i: number): Promise<void> {
    if (this.servers[i]!.running) await this.servers[i]!.crash();
  }

  /** A standby loses its primary: shut down cleanly (research §1.1), started again to reconnect. */
  protected async ioOn(i: number): Promise<void> {
    await this.startFollowing(i);
  }

  protected async ioOff(i: number): Promise<void> {
    await this.servers[i]!.shutdown();
  }

  protected async waiting(primary: number): Promise<readonly number[]> {
    const rows = await query<{ pid: number }>(this.servers[primary]!, "SELECT pid FROM pg_stat_activity WHERE wait_event = 'SyncRep' ORDER BY backend_start, pid");
    return rows.map((r) => r.pid);
  }

  protected async killSession(primary: number, pid: number): Promise<void> {
    await query(this.servers[primary]!, "SELECT pg_cancel_backend($1)", [pid]);
  }

  /** A standby shut down because its "IO thread" is stopped is not writable: nothing answers. */
  protected async writableSeen(i: number): Promise<WritableSeen> {
    const sql = "SELECT pg_is_in_recovery() AS r";
    if (!this.servers[i]!.running) return { writable: false, query: "postmaster", answer: "not running" };
    const [row] = await query<{ r: boolean }>(this.servers[i]!, sql);
    return { writable: row?.r === false, query: sql, answer: `pg_is_in_recovery()=${String(row?.r)}` };
  }

  protected async sourceSeen(i: number): Promise<SourceSeen> {
    const sql = "SELECT setting FROM pg_settings WHERE name = 'primary_conninfo'";
    const [row] = await query<{ setting: string }>(this.servers[i]!, sql);
    const port = /port=(\d+)/.exec(row?.setting ?? "")?.[1];
    return { port: port === undefined ? null : Number(port), query: sql, answer: `primary_conninfo='${row?.setting ?? ""}'` };
  }

  /** The standby's "IO thread" is its postmaster: shut down when stopped (research §1.1). */
  protected async ioSeen(i: number): Promise<{ running: boolean; query: string; answer: string }> {
    const running = this.servers[i]!.running;
    return { running, query: "postmaster", answer: running ? `running, pid ${this.servers[i]!.pid}` : "not running" };
  }

  protected async restartReplica(i: number, _source: number): Promise<void> {
    if (this.io[i]) await this.startFollowing(i);
  }

  protected async restartAsPrimary(i: number): Promise<void> {
    await this.servers[i]!.start();
  }

  /** pg_rewind -R, or (as-is) standby.signal and a primary_conninfo written while it is down. */
  protected async rejoin(i: number, primary: number): Promise<void> {
    if (this.config.rejoin === "rewind") await rewind(this.servers[i]!, this.servers[primary]!);
    else this.makeStandbyOf(i, primary);
    await this.servers[i]!.start();
  }

  private makeStandbyOf(i: number, primary: number): void {
    const s = this.servers[i]!;
    const owner = statSync(s.dataDir);
    const files: [string, string][] = [
      ["standby.signal", ""],
      ["postgresql.auto.conf", `primary_conninfo = '${this.conninfo(i, primary)}'\n`],
    ];
    for (const [file, text] of files) {
      writeFileSync(join(s.dataDir, file), text);
      chownSync(join(s.dataDir, file), owner.uid, owner.gid);
    }
  }

  private conninfo(i: number, primary: number): string {
    return `host=${PG_HOST} port=${this.servers[primary]!.port} user=postgres application_name=${nodeName(i)}`;
  }

  /** Starts a standby (if down) and points it at its current source. */
  private async startFollowing(i: number): Promise<void> {
    const s = this.servers[i]!;
    await s.start();
    const src = this.source[i] ?? null;
    if (src === null) return;
    await query(s, `ALTER SYSTEM SET primary_conninfo = '${this.conninfo(i, src)}'`);
    await query(s, "SELECT pg_reload_conf()");
  }

  protected async promoteServer(i: number): Promise<void> {
    if (!this.servers[i]!.running) await this.servers[i]!.start();
    await promote(this.servers[i]!);
  }

  protected async follow(i: number): Promise<void> {
    await this.startFollowing(i);
  }

  /** A stopped standby follows its (new) source when it is started again. */
  protected async followLater(): Promise<void> {}
}
