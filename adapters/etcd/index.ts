/**
 * The etcd adapter: a lease lock on a real etcd 3.4 (Debian `etcd-server`), one etcd3 client and
 * lease per node, started fresh for every history. It can be made to take time (real sleeps at
 * scale 1: one model millisecond is one real millisecond), client writes, pauses, crashes,
 * restarts and early wake-ups; it cannot steer I/O delivery, storage partitions or clocks, so
 * histories for it contain none of those.
 */
import type { FlatConfig } from "../../model/core/knobs.ts";
import type { LeaseEvent, LeaseOutput } from "../../model/lease/index.ts";
import type { Adapter } from "../contract.ts";
import { LockNode } from "./lock-node.ts";
import { startEtcd, type EtcdServer } from "./server.ts";
import { settingsFrom, Shared } from "./shared.ts";

const SUPPORTED = new Set<LeaseEvent["type"]>(["TimeAdvanced", "LeaderWriteRequested", "NodeWoke", "NodePaused", "NodeCrashed", "NodeRestarted"]);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface EtcdAdapterOptions {
  /** Called once etcd is up, with its pid (the CLI prints it, so that a person can check). */
  readonly onServer?: (server: EtcdServer) => void;
}

export function etcdAdapter(options: EtcdAdapterOptions = {}): Adapter<LeaseEvent, LeaseOutput> {
  let server: EtcdServer | null = null;
  let shared: Shared | null = null;
  let nodes: LockNode[] = [];

  const stop = async (): Promise<void> => {
    for (const n of nodes) n.halt();
    nodes = [];
    await server?.stop();
    server = null;
  };

  return {
    name: "etcd",
    protocol: "lease",
    supports: (e) => SUPPORTED.has(e.type),
    // The lessor scans for expired leases every 500 ms, a follower polls once per renew
    // interval, and keep-alives run on real timers: a lease ends within about a second of the
    // model's instant, so outcomes decided within 1.2 s of one are not compared.
    timeToleranceMs: 1200,
    start: async (flat: FlatConfig) => {
      const settings = settingsFrom(flat);
      server = await startEtcd();
      options.onServer?.(server);
      shared = new Shared(server.clientUrl, settings.nodes);
      nodes = shared.nodes.map((id) => new LockNode(id, shared!, settings));
      try {
        for (const n of nodes) await n.start();
        for (const n of nodes) n.startLoop();
      } catch (e) {
        await stop();
        throw e;
      }
      shared.drain();
    },
    apply: async (event) => {
      const s = shared!;
      if (event.type === "NodePaused") nodes[event.node]!.pause(event.ms);
      for (const n of nodes) await n.flush();
      switch (event.type) {
        case "TimeAdvanced": await sleep(event.maxMs); break;
        case "LeaderWriteRequested": await nodes[event.node]!.requestWrite(event.target); break;
        case "NodeWoke": await nodes[event.node]!.tick(); break;
        case "NodePaused": break;
        case "NodeCrashed": nodes[event.node]!.crash(); break;
        case "NodeRestarted": await nodes[event.node]!.restart(); break;
        default: throw new Error(`etcd adapter cannot take ${event.type}`);
      }
      return s.drain();
    },
    stop,
  };
}
