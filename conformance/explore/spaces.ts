/** The search space of each protocol `check` supports. */
import { UsageError } from "../protocols.ts";
import { clusterSpace } from "./cluster-space.ts";
import { leaseSpace } from "./lease-space.ts";
import { proxySpace } from "./proxy-space.ts";
import { replicationSpace } from "./replication-space.ts";
import type { AnySearchSpace, Budget } from "./space.ts";

const spaces: Readonly<Record<string, AnySearchSpace>> = {
  lease: leaseSpace,
  replication: replicationSpace,
  proxy: proxySpace,
  cluster: clusterSpace,
};

export function findSpace(protocol: string): AnySearchSpace {
  const space = spaces[protocol];
  if (space === undefined) throw new UsageError(`check does not support ${protocol} yet (supported: ${Object.keys(spaces).join(", ")})`);
  return space;
}

/** The space's default limits with the user's overrides; an unknown class is a usage error. */
export function resolveBudgets(space: AnySearchSpace, overrides: Readonly<Record<string, number>>): Record<string, number> {
  const known = (name: string): Budget | undefined => space.budgets.find((b) => b.name === name);
  for (const name of Object.keys(overrides)) {
    if (known(name) === undefined) throw new UsageError(`unknown budget ${name} (known: ${space.budgets.map((b) => b.name).join(", ")})`);
  }
  return Object.fromEntries(space.budgets.map((b) => [b.name, overrides[b.name] ?? b.limit]));
}
