/**
 * The adapters `haspec conform --adapter NAME` knows, as the help lists them: the protocol each
 * drives and what it needs on this machine. Kept apart from the registry (adapters.ts) so that the
 * help does not load every database driver; the registry must have one entry per name here, and
 * the type says so.
 */
export interface AdapterInfo {
  readonly name: string;
  /** The protocol it drives, or null for the model, which drives whichever `--protocol` names. */
  readonly protocol: string | null;
  /** What it needs, in one line: server binaries, and where they are looked for. */
  readonly needs: string;
}

export const adapterInfo = [
  { name: "model", protocol: null, needs: "no server (the model itself, a check of the runner; --protocol P, default lease)" },
  { name: "etcd", protocol: "lease", needs: "an etcd server binary: $HASPEC_ETCD_BIN, else etcd on PATH" },
  { name: "mariadb", protocol: "replication", needs: "MariaDB server binaries: $HASPEC_MARIADBD_BIN, else mariadbd on PATH, /usr/sbin or /usr/bin" },
  { name: "postgres", protocol: "replication", needs: "PostgreSQL 15 server binaries (initdb, postgres): $HASPEC_PG_BINDIR, else /usr/lib/postgresql/15/bin" },
] as const satisfies readonly AdapterInfo[];

export type AdapterName = (typeof adapterInfo)[number]["name"];

export const adapterNames: readonly AdapterName[] = adapterInfo.map((a) => a.name);

/** One line per adapter: its name, the protocol it drives, what it needs. */
export function adapterHelp(indent: string): string {
  const width = Math.max(...adapterInfo.map((a) => a.name.length));
  return adapterInfo.map((a: AdapterInfo) => `${indent}${a.name.padEnd(width)}  ${a.protocol ?? "any protocol"}: needs ${a.needs}`).join("\n");
}
