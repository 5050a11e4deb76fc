/**
 * The MariaDB side of a replication topology (research §6.1): how a server is crashed, restarted,
 * promoted and pointed at a new primary, how a waiting session is killed, and what the server
 * says of its role (`@@read_only`, SHOW SLAVE STATUS). Which node is promoted and how a node comes
 * back are the model's decisions, carried out here (core/repl-topology.ts).
 */
import { nodeId } from "../../model/core/ids.ts";
import type { ReplConfig } from "../../model/replication/config.ts";
import { pollUntil } from "../core/host.ts";
import { ReplTopology, type SourceSeen, type WritableSeen } from "../core/repl-topology.ts";
import type { ReplOutput } from "../../model/replication/index.ts";
import { attach, promote, query, semisyncStatus, startIoThread, startPair, stopIoThread, type SemisyncStatus } from "./pair.ts";
import type { MariadbServer } from "./server.ts";

/** A replica must not wait for ACKs itself: with log-slave-updates its SQL thread would block. */
const REPLICA_ARGS = ["--rpl-semi-sync-master-enabled=OFF"];

export class MariadbTopology extends ReplTopology<MariadbServer> {
  /**
   * Each server's counters once the history's set-up is done: n1's DDL counts as acknowledged,
   * and switching a replica's own semi-sync master side off counts as a switch-off.
   */
  private baselines: SemisyncStatus[] = [];

  static async start(config: ReplConfig, onServer?: (pid: number, port: number, dir: string) => void): Promise<MariadbTopology> {
    const settings = {
      waitPoint: config.waitPoint, timeoutMs: config.timeoutMs, waitNoSlave: config.waitNoSlave,
      syncRelayLog: config.syncRelayLog, gtidStrictMode: config.gtidStrictMode,
    };
    const pair = await startPair(settings, config.nodes - 1);
    const servers = [pair.primary, ...pair.replicas];
    for (const s of servers) onServer?.(s.pid, s.port, s.dir);
    const t = new MariadbTopology(config, servers, pair.stop);
    try {
      await t.createTable();
      t.baselines = await Promise.all(servers.map((s) => semisyncStatus(s)));
      await t.observeRoles();
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
      const present = async (): Promise<boolean> => (await query<unknown[]>(r, "SELECT 1 FROM information_schema.tables WHERE table_schema = 'd' AND table_name = 't'")).length > 0;
      await pollUntil(present, 100, `mariadb: the table never reached ${r.port}`);
    }
  }

  /** SHOW GLOBAL STATUS LIKE 'Rpl_semi_sync%', less what the set-up added, in the server's first life. */
  override async readCounters(i: number, out: ReplOutput[]): Promise<void> {
    if (!this.up[i]) return;
    const c = await semisyncStatus(this.servers[i]!);
    const base = this.restarts[i] === 0 ? (this.baselines[i] ?? { yesTx: 0, noTx: 0, noTimes: 0 }) : { yesTx: 0, noTx: 0, noTimes: 0 };
    out.push({ type: "SemiSyncCounters", node: nodeId(i), on: c.status === "ON", yesTx: c.yesTx - base.yesTx, noTx: c.noTx - base.noTx, noTimes: c.noTimes - base.noTimes });
  }

  protected async kill(i: number): Promise<void> {
    await this.servers[i]!.crash();
  }

  protected async ioOn(i: number): Promise<void> {
    await startIoThread(this.servers[i]!);
  }

  protected async ioOff(i: number): Promise<void> {
    await stopIoThread(this.servers[i]!);
  }

  protected async waiting(primary: number): Promise<readonly number[]> {
    const rows = await query<{ id: number }[]>(this.servers[primary]!,
      "SELECT id FROM information_schema.processlist WHERE state = 'Waiting for semi-sync ACK from slave' ORDER BY id");
    return rows.map((r) => Number(r.id));
  }

  protected async killSession(primary: number, session: number): Promise<void> {
    await query(this.servers[primary]!, `KILL QUERY ${Number(session)}`);
  }

  protected async writableSeen(i: number): Promise<WritableSeen> {
    const sql = "SELECT @@global.read_only AS ro";
    const [row] = await query<{ ro: number | bigint }[]>(this.servers[i]!, sql);
    return { writable: Number(row?.ro) === 0, query: sql, answer: `@@read_only=${String(row?.ro)}` };
  }

  protected async sourceSeen(i: number): Promise<SourceSeen> {
    const row = await slaveStatus(this.servers[i]!);
    const port = row?.Master_Port === undefined ? null : Number(row.Master_Port);
    return { port, query: "SHOW SLAVE STATUS", answer: `Master_Port=${port ?? "none"}` };
  }

  protected async ioSeen(i: number): Promise<{ running: boolean; query: string; answer: string }> {
    const row = await slaveStatus(this.servers[i]!);
    const io = String(row?.Slave_IO_Running ?? "none");
    return { running: io === "Yes" || io === "Connecting", query: "SHOW SLAVE STATUS", answer: `Slave_IO_Running=${io}` };
  }

  /** It replicates again from `source` (failover may have moved it), with its IO thread as it was. */
  protected async restartReplica(i: number, source: number): Promise<void> {
    await this.servers[i]!.restart(REPLICA_ARGS);
    await attach(this.servers[i]!, this.servers[source]!, this.io[i] ? "START SLAVE" : "START SLAVE SQL_THREAD");
  }

  /**
   * In place, as the primary, without --init-rpl-role=SLAVE: with it, MariaDB 10.11.19 rolled
   * back a commit its client had been told succeeded (the InnoDB commit was not yet on disk).
   */
  protected async restartAsPrimary(i: number): Promise<void> {
    await this.servers[i]!.restart();
  }

  /** Rewinding is --init-rpl-role=SLAVE (it truncates what the engine never committed). */
  protected async rejoin(i: number, primary: number): Promise<void> {
    const truncate = this.config.rejoin === "rewind" || this.config.initRplRole === "SLAVE" ? ["--init-rpl-role=SLAVE"] : [];
    await this.servers[i]!.restart([...truncate, ...REPLICA_ARGS]);
    await attach(this.servers[i]!, this.servers[primary]!);
  }

  /** Applies everything received (promotion would discard the relay log), then promotes. */
  protected async promoteServer(i: number): Promise<void> {
    await query(this.servers[i]!, "STOP SLAVE IO_THREAD");
    for (let tries = 0; tries < 60; tries++) {
      const [row] = await query<{ Read_Master_Log_Pos?: number; Exec_Master_Log_Pos?: number; Relay_Master_Log_File?: string; Master_Log_File?: string }[]>(this.servers[i]!, "SHOW SLAVE STATUS");
      if (row === undefined || (row.Read_Master_Log_Pos === row.Exec_Master_Log_Pos && row.Master_Log_File === row.Relay_Master_Log_File)) break;
      await new Promise((done) => setTimeout(done, 50));
    }
    await promote(this.servers[i]!);
  }

  /** CHANGE MASTER to the new primary (which purges the relay log, as the model says). */
  protected async follow(i: number, primary: number): Promise<void> {
    await attach(this.servers[i]!, this.servers[primary]!);
  }

  protected async followLater(i: number, primary: number): Promise<void> {
    await attach(this.servers[i]!, this.servers[primary]!, "START SLAVE SQL_THREAD");
  }
}

type SlaveStatus = { Master_Port?: number; Slave_IO_Running?: string } | undefined;

async function slaveStatus(server: MariadbServer): Promise<SlaveStatus> {
  const [row] = await query<SlaveStatus[]>(server, "SHOW SLAVE STATUS");
  return row;
}
