/** The adapters `haspec conform --adapter NAME` knows. */
import { UsageError, findProtocol } from "../conformance/protocols.ts";
import type { Adapter } from "./contract.ts";
import { etcdAdapter, type EtcdAdapterOptions } from "./etcd/index.ts";
import { mariadbAdapter } from "./mariadb/index.ts";
import { modelAdapter } from "./model/index.ts";
import { postgresAdapter } from "./postgres/index.ts";

export interface AdapterHooks extends EtcdAdapterOptions {
  /** For `model`: which protocol to wrap. */
  readonly protocol?: string;
}

export const adapterNames = ["model", "etcd", "mariadb", "postgres"] as const;

/** Reports a started server (pid, address, directory) the way the etcd adapter does. */
function serverHook(hooks: AdapterHooks, scheme: string) {
  return (pid: number, port: number, dir: string) => hooks.onServer?.({ pid, clientUrl: `${scheme}://127.0.0.1:${port}`, dataDir: dir, stop: async () => {} });
}

export function findAdapter(name: string, hooks: AdapterHooks = {}): Adapter {
  switch (name) {
    case "model": return modelAdapter(findProtocol(hooks.protocol ?? "lease").protocol);
    case "etcd": return etcdAdapter(hooks) as unknown as Adapter;
    case "mariadb": return mariadbAdapter({ onServer: serverHook(hooks, "mysql") }) as unknown as Adapter;
    case "postgres": return postgresAdapter({ onServer: serverHook(hooks, "postgresql") }) as unknown as Adapter;
    default: throw new UsageError(`unknown adapter ${name} (known: ${adapterNames.join(", ")})`);
  }
}
