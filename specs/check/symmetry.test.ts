/**
 * Tests that symmetry reduction identifies interchangeable states and nothing else: with it the
 * search sees fewer states and reaches the same verdict, at the same length; where the
 * configuration singles an id out it is off; and the fast state key counts exactly the states
 * the canonical (key-order-free) hash does.
 */
import { describe, expect, it } from "vitest";
import { search } from "../../conformance/explore/bfs.ts";
import { checkExhaustive } from "../../conformance/explore/check.ts";
import { stateHash } from "../../conformance/explore/hash.ts";
import { resolveBudgets } from "../../conformance/explore/spaces.ts";
import { buildConfig } from "../../conformance/kits/config.ts";
import { findKit, kits } from "../../conformance/kits/index.ts";
import type { Ev, ProtocolKit } from "../../conformance/kits/kit.ts";
import { cli } from "../cli/run-cli.ts";

function both<C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>, preset: string, sets: Record<string, string | number>, depth: number, invariants?: readonly string[]) {
  const flatConfig = buildConfig(kit.model, preset, sets);
  const run = (symmetry: boolean) => checkExhaustive({ kit, flatConfig, depth, maxStates: 10_000_000, symmetry, invariants });
  return { on: run(true), off: run(false) };
}

/** The witnesses a search reached: symmetry may merge states, never lose a situation. */
const reached = (r: { witnesses: Record<string, number> }): string[] => Object.keys(r.witnesses).filter((w) => r.witnesses[w]! > 0);

describe("symmetry reduction", () => {
  it("lease: two interchangeable observers give fewer states, the same pass", () => {
    const { on, off } = both(kits.lease, "vds-fenced", { "cluster.nodes": 4 }, 8);
    expect(on.violation).toBeNull();
    expect(off.violation).toBeNull();
    expect(on.states).toBeLessThan(off.states);
    expect(reached(on)).toEqual(reached(off));
  });

  it("lease: the same violation at the same length with and without it", () => {
    const { on, off } = both(kits.lease, "etcd-lock-no-fencing", { "cluster.nodes": 4 }, 12);
    expect(on.violation?.invariant).toBe("FencedWrites");
    expect(off.violation?.invariant).toBe("FencedWrites");
    expect(on.events).toHaveLength(off.events.length);
    expect(on.states).toBeLessThan(off.states);
  });

  // Promoting any replica loses acknowledged commits, so only the invariants that still hold.
  const sets = { "cluster.nodes": 3, "failover.promote": "any" };

  it("replication: interchangeable replicas give fewer states, the same pass", () => {
    const { on, off } = both(kits.replication, "lossless-strict", sets, 6, ["SingleWritablePrimary", "ReplicaPrefix"]);
    expect(on.violation).toBeNull();
    expect(off.violation).toBeNull();
    expect(on.states).toBeLessThan(off.states);
    expect(reached(on)).toEqual(reached(off));
  });

  it("replication: the same violation at the same length with and without it", () => {
    const { on, off } = both(kits.replication, "lossless-strict", sets, 8);
    expect(on.violation?.invariant).toBeDefined();
    expect(on.violation?.invariant).toBe(off.violation?.invariant);
    expect(on.events).toHaveLength(off.events.length);
  });

  it("replication: off when failover picks the most advanced replica (ties go to the lower id)", () => {
    const { on, off } = both(kits.replication, "lossless-strict", { "cluster.nodes": 3 }, 5);
    expect(on.states).toBe(off.states);
  });

  it("proxy: nodes never yet primary are interchangeable", () => {
    const { on, off } = both(kits.proxy, "polardb-hot-standby", {}, 6);
    expect(on.violation).toBeNull();
    expect(off.violation).toBeNull();
    expect(on.states).toBeLessThan(off.states);
    expect(reached(on)).toEqual(reached(off));
  });

  it("--no-symmetry turns it off from the CLI", () => {
    const args = ["check", "--protocol", "lease", "--preset", "vds-fenced", "--set", "cluster.nodes=4", "--depth", "6", "--json"];
    const on = JSON.parse(cli(args).stdout);
    const off = JSON.parse(cli([...args, "--no-symmetry"]).stdout);
    expect(on.states).toBeLessThan(off.states);
    expect(on.violated).toBeNull();
    expect(off.violated).toBeNull();
  });
});

describe("the fast state key", () => {
  it.each([
    ["lease", "vds-fenced", 8],
    ["replication", "mariadb-10.11-defaults", 5],
    ["proxy", "maxscale-24.02-safe-workload", 5],
  ])("%s %s: counts the same states as the canonical hash to depth %i", (protocol, preset, depth) => {
    findKit(protocol).use((kit) => {
      const { model, space } = kit;
      const config = model.configFromFlat(buildConfig(model, preset, {}));
      const o = { protocol: model, space, config, depth, maxStates: 10_000_000, budgets: resolveBudgets(space, {}), symmetry: true, invariants: [] };
      const fast = search(o);
      const canonical = search({ ...o, key: stateHash });
      expect(fast.states).toBe(canonical.states);
      expect(fast.transitions).toBe(canonical.transitions);
    });
  });
});
