/**
 * The PostgreSQL adapter: a primary and its streaming standbys (Debian `postgresql` 15), made with
 * pg_basebackup and started fresh for every history as plain processes on 127.0.0.1
 * (cluster.ts), driven through the replication model's events (core/sql-adapter.ts).
 */
import type { Adapter } from "../contract.ts";
import type { ReplEvent, ReplOutput } from "../../model/replication/index.ts";
import type { Evidence } from "../core/repl-topology.ts";
import { sqlReplicationAdapter } from "../core/sql-adapter.ts";
import { postgresDriver } from "./driver.ts";
import { PgTopology } from "./topology.ts";

export function postgresAdapter(options: { onServer?: (pid: number, port: number, dir: string) => void; onEvidence?: (e: Evidence) => void } = {}): Adapter<ReplEvent, ReplOutput> {
  return sqlReplicationAdapter({
    name: "postgres",
    refuse: (c) => (c.flavour !== "postgres" ? "the postgres adapter runs replication.flavour=postgres" : null),
    driver: postgresDriver,
    start: (c) => PgTopology.start(c, options.onServer),
    ...(options.onEvidence === undefined ? {} : { onEvidence: options.onEvidence }),
  });
}
