/**
 * The oracle cannot be fooled by silence (issue 14, acceptance 1): an adapter that does nothing
 * and reports nothing fails every preset of every protocol `conform` can check, on an outcome
 * the model decided and the system did not report. Iterates over the kits, so a protocol that
 * becomes conformable is covered without touching this file.
 */
import { describe, expect, it } from "vitest";
import { conform, predictedOnly } from "../../conformance/conform/run.ts";
import { defaultCacheDir, diskCache } from "../../conformance/conform/target-cache.ts";
import { buildConfig } from "../../conformance/kits/config.ts";
import { kits } from "../../conformance/kits/index.ts";
import type { Ev, ProtocolKit } from "../../conformance/kits/kit.ts";
import { silentAdapter } from "./fixtures.ts";

// The user's cache, as the CLI uses it: its keys hold the model's source, so it answers as a search would.
const cache = diskCache(defaultCacheDir());
const conformable = Object.values(kits).filter((k) => k.conform !== null);

async function silentRun<C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>, preset: string) {
  return conform({
    kit, hooks: kit.conform!, adapter: silentAdapter<E, O>(kit.name), flatConfig: buildConfig(kit.model, preset, {}),
    seed: 1, runs: 10, maxSteps: 40, cache,
  });
}

describe("the do-nothing adapter", () => {
  it("is checked against at least the lease and replication protocols", () => {
    expect(conformable.map((k) => k.name)).toEqual(expect.arrayContaining(["lease", "replication"]));
  });

  for (const kit of conformable) {
    describe(kit.name, () => {
      for (const preset of kit.model.presets) {
        it(`fails ${preset.name}: the model decided an outcome the system did not report`, async () => {
          const r = await silentRun(kit as ProtocolKit<unknown, unknown, Ev, unknown>, preset.name);
          expect(r.failing, `${kit.name}/${preset.name} passed silently`).not.toBeNull();
          // Either an outcome the model decided is missing, or (when every outcome of the failing
          // history was excused as timing) the violation the model's outputs show is, or the model
          // breaks an invariant no output shows and the silence rules nothing out (predictedOnly).
          const message = r.failing!.divergence?.message ?? "";
          if (predictedOnly(r.failing!)) expect(r.failing!.expectedViolation).not.toBeNull();
          else expect(message).toMatch(/: model .+; system reported nothing$|: model breaks it, system keeps it$/);
          if (message.endsWith("reported nothing")) expect(r.failing!.compared).toBeGreaterThan(0);
          expect(r.failing!.observed.flat()).toEqual([]);
        });
      }
    });
  }
});
