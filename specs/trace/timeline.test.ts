/**
 * The timeline built from a trace: lanes for every party, leases and messages as spans that
 * begin and end on the right steps, messages that arrive told from messages that are lost, and
 * the violating step marked. Checked on golden counterexamples whose stories are known.
 */
import { describe, expect, it } from "vitest";
import { buildTimeline } from "../../conformance/trace/timeline/build.ts";
import { renderText } from "../../conformance/trace/timeline/text.ts";
import { golden as goldenTrace } from "../catalogue/golden.ts";

const golden = (id: string) => goldenTrace(id).use((kit, trace) => buildTimeline(kit, trace));
const labels = (t: ReturnType<typeof golden>) => t.lanes.map((l) => l.label);

describe("timeline", () => {
  it("E2: n1's fenced-out data write travels from step 0 to the violating step and lands; n2's lease begins there", () => {
    const t = golden("E2");
    expect(labels(t)).toEqual(["n1", "n2", "n3", "storage", "clients"]);
    expect(t.lanes.map((l) => l.kind)).toEqual(["node", "node", "node", "storage", "client"]);
    const write = t.spans.find((s) => s.kind === "io" && s.label === "data write e1")!;
    expect(write).toMatchObject({ lane: 0, toLane: 3, fromStep: 0, toStep: 8, landed: true });
    expect(t.spans.find((s) => s.kind === "lease" && s.lane === 1)).toMatchObject({ label: "leader e2", fromStep: 8, toStep: null });
    expect(t.spans.find((s) => s.kind === "lease" && s.lane === 0)).toMatchObject({ fromStep: -1, toStep: 4 });
    expect(t.rows.at(-1)!.marks).toEqual(["violation"]);
    expect(t.violation).toMatchObject({ invariant: "FencedWrites", step: 8 });
    expect(t.violation!.statement).toMatch(/current epoch/);
    expect(t.rows.filter((r) => r.quiet).map((r) => r.step)).toEqual([2, 3]);
    expect(t.rows[0]!.clocks).toEqual([0, 0, 0, null, null]);
  });

  it("R9: the commit shipped to a replica is lost when its primary crashes: a message that never lands", () => {
    const t = golden("R9");
    expect(labels(t)).toEqual(["n1", "n2", "n3", "clients"]);
    const ship = t.spans.filter((s) => s.kind === "io" && s.toLane !== undefined);
    expect(ship.length).toBeGreaterThan(0);
    expect(ship.every((s) => s.landed === false && s.lane === 2)).toBe(true);
    const commit = t.spans.find((s) => s.kind === "op")!;
    expect(commit).toMatchObject({ lane: 3, fromStep: 2, toStep: 3 });
    expect(t.rows[3]!.effects.find((e) => e.lane === 3)!.tone).toBe("ok");
  });

  it("the proxy and the cluster: a lane for the proxy, one per node and one per session", () => {
    expect(labels(golden("P1"))).toEqual(["proxy", "n1", "n2", "n3", "s1", "s2"]);
    const c1 = golden("C1");
    expect(labels(c1)).toEqual(["n1", "n2", "storage", "proxy", "s1", "s2"]);
    expect(c1.spans.some((s) => s.kind === "recovery" && s.lane === 1)).toBe(true);
    expect(c1.spans.some((s) => s.kind === "held" && s.lane === 4)).toBe(true);
  });

  it("the terminal drawing marks the violating row, lands messages with ◆ and colours only when asked", () => {
    const t = golden("E2");
    const plain = renderText(t);
    expect(plain).not.toMatch(/\x1b\[/);
    expect(plain).toMatch(/^>> {2}8 .*◆\{n2 e2 #0\}/m);
    expect(plain).toMatch(/… 2 quiet steps of time/);
    expect(renderText(t, { color: true })).toMatch(/\x1b\[1;31m>>/);
  });
});
