/** The adapters `haspec conform --adapter NAME` knows. */
import { UsageError, findProtocol } from "../conformance/protocols.ts";
import type { Adapter, ServerStarted } from "./contract.ts";
import { etcdAdapter } from "./etcd/index.ts";
import { mariadbAdapter } from "./mariadb/index.ts";
import { modelAdapter } from "./model/index.ts";
import { postgresAdapter } from "./postgres/index.ts";

export interface AdapterHooks {
  /** For `model`: which protocol to wrap. */
  readonly protocol?: string;
  /** Called for every server an adapter starts. */
  readonly onServer?: (s: ServerStarted) => void;
}

export const adapterNames = ["model", "etcd", "mariadb", "postgres"] as const;

function serverHook(hooks: AdapterHooks, scheme: string) {
  return (pid: number, port: number, dir: string) => hooks.onServer?.({ pid, address: `${scheme}://127.0.0.1:${port}`, dir });
}

export function findAdapter(name: string, hooks: AdapterHooks = {}): Adapter {
  switch (name) {
    case "model": return modelAdapter(findProtocol(hooks.protocol ?? "lease").protocol);
    case "etcd": return etcdAdapter({ onServer: (s) => hooks.onServer?.({ pid: s.pid, address: s.clientUrl, dir: s.dataDir }) }) as unknown as Adapter;
    case "mariadb": return mariadbAdapter({ onServer: serverHook(hooks, "mysql") }) as unknown as Adapter;
    case "postgres": return postgresAdapter({ onServer: serverHook(hooks, "postgresql") }) as unknown as Adapter;
    default: throw new UsageError(`unknown adapter ${name} (known: ${adapterNames.join(", ")})`);
  }
}
