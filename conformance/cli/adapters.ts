/**
 * The adapters `haspec conform --adapter NAME` knows, each bound to the kit of the protocol it
 * drives, so that the runner gets an adapter whose events and outputs are that kit's.
 */
import type { Adapter, ServerStarted } from "../../adapters/contract.ts";
import { modelAdapter } from "../../adapters/model/index.ts";
import { findKit, kits } from "../kits/index.ts";
import type { Ev, ProtocolKit } from "../kits/kit.ts";
import { UsageError } from "../usage.ts";
import { adapterNames, type AdapterName } from "./adapter-list.ts";

export interface AdapterHooks {
  /** For `model`: which protocol to wrap. */
  readonly protocol?: string;
  /** Called for every server an adapter starts. */
  readonly onServer?: (s: ServerStarted) => void;
}

/** An adapter with the kit of its protocol; its types are known only to the code it is handed to. */
export interface BoundAdapter {
  readonly name: string;
  readonly protocol: string;
  use<R>(f: <C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>, adapter: Adapter<E, O>) => R): R;
}

export function bindAdapter<C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>, adapter: Adapter<E, O>): BoundAdapter {
  return { name: adapter.name, protocol: kit.name, use: (f) => f(kit, adapter) };
}

// The real adapters are imported only when asked for: their drivers (gRPC, MySQL, PostgreSQL)
// take about a second to load, which a run of another adapter should not wait for.
type Maker = (hooks: AdapterHooks) => Promise<BoundAdapter>;

const serverHook = (hooks: AdapterHooks, scheme: string) => (pid: number, port: number, dir: string) =>
  hooks.onServer?.({ pid, address: `${scheme}://127.0.0.1:${port}`, dir });

/** One maker per name the help lists (adapter-list.ts), no more, no fewer. */
const byName: { readonly [K in AdapterName]: Maker } = {
  model: async (hooks) => findKit(hooks.protocol ?? "lease").use((kit) => bindAdapter(kit, modelAdapter(kit.model))),
  etcd: async (hooks) => {
    const { etcdAdapter } = await import("../../adapters/etcd/index.ts");
    return bindAdapter(kits.lease, etcdAdapter({ onServer: (s) => hooks.onServer?.({ pid: s.pid, address: s.clientUrl, dir: s.dataDir }) }));
  },
  mariadb: async (hooks) => {
    const { mariadbAdapter } = await import("../../adapters/mariadb/index.ts");
    return bindAdapter(kits.replication, mariadbAdapter({ onServer: serverHook(hooks, "mysql") }));
  },
  postgres: async (hooks) => {
    const { postgresAdapter } = await import("../../adapters/postgres/index.ts");
    return bindAdapter(kits.replication, postgresAdapter({ onServer: serverHook(hooks, "postgresql") }));
  },
};

// A Map, not an object: a name such as "__proto__" is simply unknown.
const makers: ReadonlyMap<string, Maker> = new Map<string, Maker>(adapterNames.map((n) => [n, byName[n]]));

export { adapterNames };

export async function findAdapter(name: string, hooks: AdapterHooks = {}): Promise<BoundAdapter> {
  const make = makers.get(name);
  if (make === undefined) throw new UsageError(`unknown adapter ${name} (known: ${adapterNames.join(", ")})`);
  return make(hooks);
}
