/**
 * The MariaDB adapter: a primary and its semi-sync GTID replicas (Debian `mariadb-server` 10.11),
 * started fresh for every history as plain processes on 127.0.0.1 (see pair.ts), driven through
 * the replication model's events. Time is real at scale 1. Replication cannot be stepped event by
 * event, so `ReplicaReceived`/`ReplicaApplied` are unsupported and, as the real replicas do, the
 * model lets connected replicas catch up between any two events (`between`).
 */
import type { FlatConfig } from "../../model/core/knobs.ts";
import { replConfigFromFlat, type ReplConfig } from "../../model/replication/config.ts";
import type { ReplEvent, ReplOutput } from "../../model/replication/index.ts";
import { AdapterError, type Adapter } from "../contract.ts";
import { Clients } from "./clients.ts";
import { Topology } from "./topology.ts";

const SUPPORTED = new Set<ReplEvent["type"]>([
  "TimeAdvanced", "ClientCommitRequested", "ClientReadRequested", "ReplicaIoStopped", "ReplicaIoStarted",
  "WaiterKilled", "ClientGaveUp", "NodeCrashed", "NodeRestarted", "FailoverPromoted",
]);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function mariadbAdapter(options: { onServer?: (pid: number, port: number, dir: string) => void } = {}): Adapter<ReplEvent, ReplOutput> {
  let config: ReplConfig | null = null;
  let out: ReplOutput[] = [];
  let clients = new Clients((o) => out.push(o));
  let topo: Topology | null = null;

  return {
    name: "mariadb",
    protocol: "replication",
    supports: (e) => SUPPORTED.has(e.type),
    // Semi-sync timeouts and client timeouts fire on real timers; replies near them may fall
    // either side.
    timeToleranceMs: 500,
    between: { type: "TimeAdvanced", maxMs: 50 },
    start: async (flat: FlatConfig) => {
      config = replConfigFromFlat(flat);
      if (config.flavour === "postgres") throw new AdapterError("the mariadb adapter runs replication.flavour=mariadb or mysql, not postgres");
      out = [];
      clients = new Clients((o) => out.push(o));
      topo = await Topology.start(config, options.onServer);
    },
    apply: async (e) => {
      const c = config!;
      const t = topo!;
      switch (e.type) {
        case "TimeAdvanced": await sleep(e.maxMs); break;
        case "ClientCommitRequested": {
          const p = t.primary();
          if (p === null) clients.refuse();
          else await clients.commit(t.server(p), p);
          break;
        }
        case "ClientReadRequested": await clients.read(t.isUp(e.node) ? t.server(e.node) : null, e.node); break;
        case "ReplicaIoStopped": await t.setIo(e.node, false, out); break;
        case "ReplicaIoStarted": await t.setIo(e.node, true, out); break;
        case "WaiterKilled": if (c.env.killWaiters) await t.killWaiter(e.pick); break;
        case "ClientGaveUp": {
          const w = clients.waiting(e.pick);
          const p = t.primary();
          if (w !== null) await clients.giveUp(w, c.retries, p === null ? null : t.server(p), p);
          break;
        }
        case "NodeCrashed": if (await t.crash(e.node, out)) clients.lostWith(e.node); break;
        case "NodeRestarted": await t.restart(e.node, out); break;
        case "FailoverPromoted": await t.failover(e.pick, out); break;
        default: throw new Error(`mariadb adapter cannot take ${e.type}`);
      }
      return out.splice(0);
    },
    stop: async () => {
      await clients.drain(500);
      await topo?.stop();
      topo = null;
    },
  };
}
