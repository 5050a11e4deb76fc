/**
 * What an exhaustive check covered, per invariant: whether its witnesses were reached and on how
 * many transitions. An invariant that held while none of its witnesses was reached held
 * vacuously: the search never came near what it forbids, so its pass says nothing.
 */
import type { Witness } from "../../model/core/protocol.ts";
import { vacuousInvariants, watchedWitnesses } from "../check/coverage.ts";

export interface InvariantCoverage {
  readonly reached: boolean;
  /** Each witness of the invariant, with the number of transitions that reached it. */
  readonly witnesses: Readonly<Record<string, number>>;
}

export interface CheckCoverage {
  readonly coverage: Readonly<Record<string, InvariantCoverage>>;
  /** Checked invariants that held, have witnesses, and reached none of them. */
  readonly vacuous: readonly string[];
}

export function checkCoverage<C, S, E, O>(protocol: { readonly invariants: readonly { readonly name: string }[]; readonly witnesses: readonly Witness<C, S, E, O>[] }, invariants: readonly string[] | undefined, counts: Readonly<Record<string, number>>, violated: string | null): CheckCoverage {
  const names = protocol.invariants.map((i) => i.name).filter((n) => invariants === undefined || invariants.includes(n));
  const watched = watchedWitnesses(protocol, invariants);
  const coverage: Record<string, InvariantCoverage> = {};
  for (const name of names) {
    const witnesses = Object.fromEntries(watched.filter((w) => w.invariant.name === name).map((w) => [w.name, counts[w.name] ?? 0]));
    coverage[name] = { reached: Object.values(witnesses).some((n) => n > 0), witnesses };
  }
  // The same rule as a random search's, with transitions counted where explore counts runs.
  const byWitness = Object.fromEntries(watched.map((w) => [w.name, { invariant: w.invariant.name, runs: counts[w.name] ?? 0 }]));
  const vacuous = new Set(vacuousInvariants(byWitness, violated));
  return { coverage, vacuous: names.filter((n) => vacuous.has(n)) };
}

/** One line per invariant for people; a vacuous pass is named as such, never as a pass. */
export function describeCheckCoverage(c: CheckCoverage, violated: string | null): string[] {
  return Object.entries(c.coverage).map(([name, cov]) => {
    const seen = Object.entries(cov.witnesses).map(([w, n]) => `${w} ×${n.toLocaleString("en-US")}`).join(", ") || "no witness";
    if (name === violated) return `  VIOLATED  ${name}`;
    if (c.vacuous.includes(name)) return `  VACUOUS   ${name}: held only because no state reached ${Object.keys(cov.witnesses).join(" or ")}`;
    return `  held      ${name} (${seen})`;
  });
}
