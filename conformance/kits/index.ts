/**
 * The protocols the tool knows, each as its typed kit, and the one accessor that reaches a kit
 * by the name a user typed. A consumer that works for any protocol is generic in the kit's types
 * and is handed the kit through `use`, so nothing between the name and the reducer is untyped.
 */
import { brief, UsageError } from "../usage.ts";
import { clusterKit } from "./cluster/kit.ts";
import type { Ev, ProtocolKit } from "./kit.ts";
import { leaseKit } from "./lease/kit.ts";
import { proxyKit } from "./proxy/kit.ts";
import { replicationKit } from "./replication/kit.ts";

export const kits = { lease: leaseKit, replication: replicationKit, proxy: proxyKit, cluster: clusterKit } as const;
export type ProtocolName = keyof typeof kits;

/** A kit whose types the holder does not know: it can only hand the kit to code generic in them. */
export interface SomeKit {
  readonly name: string;
  use<R>(f: <C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>) => R): R;
}

export function someKit<C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>): SomeKit {
  return { name: kit.name, use: (f) => f(kit) };
}

const all: readonly SomeKit[] = [someKit(kits.lease), someKit(kits.replication), someKit(kits.proxy), someKit(kits.cluster)];
// A Map, not an object: a name such as "__proto__" or "toString" is simply unknown.
const byName: ReadonlyMap<string, SomeKit> = new Map(all.map((k) => [k.name, k]));

export const protocolNames: readonly string[] = [...byName.keys()];

export function findKit(name: string): SomeKit {
  const kit = byName.get(name);
  if (kit === undefined) throw new UsageError(`unknown protocol ${brief(name)} (known: ${protocolNames.join(", ")})`);
  return kit;
}
