/**
 * A replication adapter for a real SQL server, whatever the server: clients (commits on their own
 * connections, reads) over a topology that carries out the model's resolved decisions. The
 * server-specific parts are the driver's two statements and the topology's actions; everything
 * else is here, once. Which events a configuration allows was settled where the history was
 * generated, and what the model decided for each fault comes resolved in the event.
 */
import type { FlatConfig } from "../../model/core/knobs.ts";
import { replConfigFromFlat, type ReplConfig } from "../../model/replication/config.ts";
import type { ReplEvent, ReplOutput } from "../../model/replication/index.ts";
import { AdapterError, type Adapter } from "../contract.ts";
import type { Evidence, ReplTopology } from "./repl-topology.ts";
import { Clients, type SqlDriver } from "./sql-clients.ts";

const SUPPORTED = new Set<ReplEvent["type"]>([
  "TimeAdvanced", "ClientCommitRequested", "ClientReadRequested", "ReplicaIoStopped", "ReplicaIoStarted",
  "WaiterKilled", "ClientGaveUp", "NodeCrashed", "NodeRestarted", "FailoverPromoted", "CountersRead",
]);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface SqlAdapterParts<S extends { readonly port: number }> {
  readonly name: string;
  /** Why this server cannot run the configuration, or null. */
  readonly refuse: (config: ReplConfig) => string | null;
  readonly driver: SqlDriver<S>;
  readonly start: (config: ReplConfig) => Promise<ReplTopology<S>>;
  /** Told the server's answer behind every `Promoted` and `NodeFault` the adapter reports. */
  readonly onEvidence?: (e: Evidence) => void;
}

export function sqlReplicationAdapter<S extends { readonly port: number }>(parts: SqlAdapterParts<S>): Adapter<ReplEvent, ReplOutput> {
  let config: ReplConfig | null = null;
  let out: ReplOutput[] = [];
  let clients: Clients<S> | null = null;
  let topo: ReplTopology<S> | null = null;

  return {
    name: parts.name,
    protocol: "replication",
    supports: (e) => SUPPORTED.has(e.type),
    // Semi-sync and client timeouts fire on real timers; replies near them may fall either side.
    timeToleranceMs: 500,
    // Replication cannot be stepped one event at a time: connected replicas catch up within
    // milliseconds, and the model is told to do the same between any two events.
    between: { type: "TimeAdvanced", maxMs: 50 },
    start: async (flat: FlatConfig) => {
      config = replConfigFromFlat(flat);
      const why = parts.refuse(config);
      if (why !== null) throw new AdapterError(why);
      out = [];
      const t = await parts.start(config);
      if (parts.onEvidence !== undefined) t.onEvidence = parts.onEvidence;
      topo = t;
      const writeTo = () => {
        const p = t.primary();
        return p === null ? null : { server: t.server(p), node: p };
      };
      clients = new Clients<S>(parts.driver, { commitTimeoutMs: config.commitBoundMs, retries: config.retries, primary: writeTo }, (o) => out.push(o));
    },
    apply: async (e) => {
      const [t, cl] = [topo!, clients!];
      switch (e.type) {
        case "TimeAdvanced": await sleep(e.maxMs); break;
        case "ClientCommitRequested": {
          const p = t.primary();
          if (p === null) cl.refuse();
          else await cl.commit(t.server(p), p);
          break;
        }
        case "ClientReadRequested": await cl.read(t.readable(e.node) ? t.server(e.node) : null, e.node); break;
        case "ReplicaIoStopped": await t.setIo(e.node, false, out); break;
        case "ReplicaIoStarted": await t.setIo(e.node, true, out); break;
        case "WaiterKilled": await t.killWaiter(e.pick); break;
        case "ClientGaveUp": {
          const w = cl.waiting(e.pick);
          if (w !== null) await cl.giveUp(w, { type: "ClientGaveUp" });
          break;
        }
        case "NodeCrashed": if (await t.crash(e.node, e.crashed, out)) cl.lostWith(e.node); break;
        case "NodeRestarted": await t.restart(e.node, e.restart, out); break;
        case "FailoverPromoted": await t.failover(e.node, out); break;
        case "CountersRead": await t.readCounters(e.node, out); break;
        default: throw new Error(`${parts.name} adapter cannot take ${e.type}`);
      }
      return out.splice(0);
    },
    stop: async () => {
      await clients?.drain(500);
      await topo?.stop();
      topo = null;
    },
  };
}
