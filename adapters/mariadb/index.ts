/**
 * The MariaDB adapter: a primary and its semi-sync GTID replicas (Debian `mariadb-server` 10.11),
 * started fresh for every history as plain processes on 127.0.0.1 (pair.ts), driven through the
 * replication model's events (core/sql-adapter.ts). Time is real at scale 1.
 */
import type { Adapter } from "../contract.ts";
import type { ReplEvent, ReplOutput } from "../../model/replication/index.ts";
import type { Evidence } from "../core/repl-topology.ts";
import { sqlReplicationAdapter } from "../core/sql-adapter.ts";
import { mariadbDriver } from "./driver.ts";
import { MariadbTopology } from "./topology.ts";

export function mariadbAdapter(options: { onServer?: (pid: number, port: number, dir: string) => void; onEvidence?: (e: Evidence) => void } = {}): Adapter<ReplEvent, ReplOutput> {
  return sqlReplicationAdapter({
    name: "mariadb",
    refuse: (c) => (c.flavour === "postgres" ? "the mariadb adapter runs replication.flavour=mariadb or mysql, not postgres" : null),
    driver: mariadbDriver,
    start: (c) => MariadbTopology.start(c, options.onServer),
    ...(options.onEvidence === undefined ? {} : { onEvidence: options.onEvidence }),
  });
}
