/** Budgets of a protocol's search space (the space itself is part of the protocol's kit). */
import { UsageError } from "../usage.ts";
import type { Budget } from "./space.ts";

/** The space's default limits with the user's overrides; an unknown class is a usage error. */
export function resolveBudgets(space: { readonly budgets: readonly Budget[] }, overrides: Readonly<Record<string, number>>): Record<string, number> {
  const known = (name: string): Budget | undefined => space.budgets.find((b) => b.name === name);
  for (const name of Object.keys(overrides)) {
    if (known(name) === undefined) throw new UsageError(`unknown budget ${name} (known: ${space.budgets.map((b) => b.name).join(", ")})`);
  }
  return Object.fromEntries(space.budgets.map((b) => [b.name, Object.hasOwn(overrides, b.name) ? overrides[b.name]! : b.limit]));
}
