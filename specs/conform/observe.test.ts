/**
 * Every invariant a protocol marks observable (`observe`) is also a black-box checker, run on what
 * a real system reported, where there is no model state. Fed exactly that here (the outputs of
 * real model runs, copied through JSON as an adapter's would arrive, with no state anywhere), each
 * must never throw and must say what its `check` says: fire at every step where the model's check
 * fires, and nowhere else (a false alarm on a real system is as wrong as a miss). Each observable
 * invariant a preset is expected to break is also walked on a history that breaks it (found on
 * the model), so that the agreement is tested where it matters.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Invariant } from "../../model/core/protocol.ts";
import { steps } from "../../model/core/run.ts";
import { buildConfig } from "../../conformance/kits/config.ts";
import { findKit, protocolNames } from "../../conformance/kits/index.ts";
import type { Ev, ProtocolKit } from "../../conformance/kits/kit.ts";

/** Random histories per preset, and the search budget for one that breaks a given invariant. */
const RUNS = 100;
const MAX_STEPS = 40;
const SEARCH_RUNS = 20_000;

// Replication has no observable invariant: its black-box check is the client history (kits/replication/outcomes.ts).
const observing = protocolNames.filter((name) => findKit(name).use((kit) => kit.model.invariants.some((i) => i.observe !== undefined)));

describe.each(observing)("%s: observable invariants judged from outputs alone", (name) => findKit(name).use(observeSpecs));

function observeSpecs<C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>): void {
  const observable = kit.model.invariants.filter((i) => i.observe !== undefined);

  /** Walks one history; returns the disagreements, and counts in `fired` every step an invariant's check fires. */
  const walk = (config: C, events: readonly E[], fired: Map<string, number>, label: string): string[] => {
    const disagreements: string[] = [];
    const earlier: (readonly O[])[] = [];
    for (const ctx of steps(kit.model, config, events)) {
      // What an adapter hands the checker: plain data, no reference into any model state.
      const outputs = JSON.parse(JSON.stringify(ctx.outputs)) as readonly O[];
      for (const inv of observable) {
        const checked = inv.check(ctx);
        const observed = inv.observe!(config, outputs, earlier);
        if (checked !== null) fired.set(inv.name, (fired.get(inv.name) ?? 0) + 1);
        if ((checked === null) !== (observed === null)) {
          disagreements.push(`${label} step ${ctx.step}: ${inv.name} check says ${checked ?? "holds"}, observe says ${observed ?? "holds"}`);
        }
      }
      earlier.push(outputs);
    }
    return disagreements;
  };

  it("every observable invariant agrees with its check on every step of random histories of every preset", () => {
    const fired = new Map<string, number>();
    const disagreements = [undefined, ...kit.model.presets.map((p) => p.name)].flatMap((preset, p) => {
      const config = kit.model.configFromFlat(buildConfig(kit.model, preset, {}));
      return fc.sample(kit.histories(config, { maxSteps: MAX_STEPS }), { seed: 17 + p, numRuns: RUNS })
        .flatMap((events, i) => walk(config, events, fired, `${preset ?? "defaults"} #${i}`));
    });
    expect(disagreements.slice(0, 5)).toEqual([]);
  });

  const broken = kit.model.presets.filter((p) => observable.some((i) => i.name === p.expectedViolation));
  it.each(broken.map((p) => [p.name, p.expectedViolation!] as const))("%s: a history breaking %s, walked from its outputs", (preset, invariant) => {
    const config = kit.model.configFromFlat(buildConfig(kit.model, preset, {}));
    const inv = observable.find((i) => i.name === invariant)! as Invariant<C, S, E, O>;
    const breaks = (events: readonly E[]): boolean => {
      for (const ctx of steps(kit.model, config, events)) if (inv.check(ctx) !== null) return true;
      return false;
    };
    const r = fc.check(fc.property(kit.histories(config, { maxSteps: 100 }), (h) => !breaks(h)), { seed: 3, numRuns: SEARCH_RUNS, endOnFailure: true });
    expect(r.counterexample, `no history breaking ${invariant} in ${SEARCH_RUNS} runs`).not.toBeNull();
    const fired = new Map<string, number>();
    expect(walk(config, r.counterexample![0], fired, preset)).toEqual([]);
    expect(fired.get(invariant)).toBeGreaterThan(0);
  });
}
