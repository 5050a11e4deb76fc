/**
 * Tests that a schema-valid trace the model cannot take is refused by every command that reads
 * traces, with exit status 2 and one line naming its JSON path (issue 14): a node or session the
 * trace's configuration does not have (which the models would wrap modulo the count), a recorded
 * step outside the events, an unknown preset. Picks are positions among whatever is live at the
 * step and wrap by design, so a large pick is still a valid trace. A UTF-8 byte-order mark, which
 * editors write, is accepted.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runInProcess as run, scratch } from "./run-cli.ts";

const GOLDEN = join(import.meta.dirname, "../../catalogue/golden");
const COMMANDS = [["replay"], ["show"], ["show", "--html", "out.html"], ["show", "--history", "out.history.json"]] as const;

type Json = Record<string, any>;

const golden = (id: string): Json => JSON.parse(readFileSync(join(GOLDEN, `${id}.json`), "utf8"));

function traceFile(trace: Json, prefix = ""): string {
  const file = join(scratch(), "t.json");
  writeFileSync(file, prefix + JSON.stringify(trace, null, 2));
  return file;
}

const argsFor = (command: readonly string[], file: string): string[] =>
  [command[0]!, file, ...command.slice(1)].map((a) => (a.startsWith("out.") ? join(file, "..", a) : a));

async function expectOneLine(command: readonly string[], file: string, pattern: RegExp): Promise<void> {
  const r = await run(argsFor(command, file));
  expect(r.status).toBe(2);
  expect(r.out).toEqual([]);
  expect(r.err).toHaveLength(1);
  expect(r.err[0]).toMatch(pattern);
  expect(r.err[0]!.length).toBeLessThan(400);
}

/** The index of the first event of `type` (or whose nested event is of `type`) in a golden trace. */
function firstEvent(t: Json, match: (e: Json) => boolean): number {
  const i = (t["events"] as Json[]).findIndex(match);
  if (i < 0) throw new Error("no such event in the golden trace");
  return i;
}

const esc = (s: string): string => s.replaceAll(/[[\].()]/g, "\\$&");

describe.each(COMMANDS.map((c) => [c.join(" "), c] as const))("haspec %s FILE", (_name, command) => {
  it("a lease event naming node 7 of a 3-node configuration: exit 2, the path", async () => {
    const t = golden("E2");
    expect(t["config"]["cluster.nodes"]).toBe(3);
    const i = firstEvent(t, (e) => "node" in e);
    t["events"][i].node = 7;
    await expectOneLine(command, traceFile(t), new RegExp(`t\\.json: ${esc(`events[${i}].node`)}: node 7 is not in this trace's configuration \\(3 nodes: n1\\.\\.n3\\)$`));
  });

  it("the first node beyond the configuration is refused, not only far ones", async () => {
    const t = golden("R2");
    const nodes = t["config"]["cluster.nodes"] as number;
    const i = firstEvent(t, (e) => "node" in e);
    t["events"][i].node = nodes;
    await expectOneLine(command, traceFile(t), new RegExp(`${esc(`events[${i}].node`)}: node ${nodes} is not in this trace's configuration`));
  });

  it("a proxy session beyond the configured sessions: exit 2, the path", async () => {
    const t = golden("P1");
    const sessions = t["config"]["workload.sessions"] as number;
    const i = firstEvent(t, (e) => "session" in e);
    t["events"][i].session = sessions + 3;
    await expectOneLine(command, traceFile(t), new RegExp(`${esc(`events[${i}].session`)}: session ${sessions + 3} is not in this trace's configuration \\(${sessions} sessions: 0\\.\\.${sessions - 1}\\)$`));
  });

  it("a node inside a cluster's part event: exit 2, the nested path", async () => {
    const t = golden("C1");
    const i = firstEvent(t, (e) => e["event"] !== undefined && "node" in e["event"]);
    t["events"][i].event.node = 5;
    await expectOneLine(command, traceFile(t), new RegExp(`${esc(`events[${i}].event.node`)}: node 5 is not in this trace's configuration \\(2 nodes`));
  });

  it("a node beyond the configuration in an output: exit 2, the path", async () => {
    const t = golden("E2");
    t["outputs"][0].unshift({ type: "NodeFault", node: 3, fault: "crashed" });
    await expectOneLine(command, traceFile(t), /outputs\[0\]\[0\]\.node: node 3 is not in this trace's configuration/);
  });

  it("a node beyond the configuration nested in an output's struct: exit 2, the path", async () => {
    const t = golden("E2");
    t["outputs"][0].unshift({ type: "BlockObserved", node: 0, value: { holder: 4, epoch: 1, renewSeq: 0 }, afterRestart: false });
    await expectOneLine(command, traceFile(t), /outputs\[0\]\[0\]\.value\.holder: node 4 is not in this trace's configuration/);
  });

  it("violation.step -1: exit 2, the path", async () => {
    const t = golden("E2");
    t["violation"].step = -1;
    await expectOneLine(command, traceFile(t), /t\.json: violation\.step: -1 is not a step of this trace \(steps 0\.\.8\)$/);
  });

  it("violation.step beyond the events: exit 2, the path", async () => {
    const t = golden("E2");
    t["violation"].step = t["events"].length;
    await expectOneLine(command, traceFile(t), new RegExp(`violation\\.step: ${t["events"].length} is not a step of this trace`));
  });

  it("an unknown preset: exit 2, the path and the known ones", async () => {
    const t = golden("R2");
    t["preset"] = "mysql-9-imaginary";
    await expectOneLine(command, traceFile(t), /t\.json: preset: unknown preset "mysql-9-imaginary" for replication \(known: .*mysql-8-lossless/);
  });

  it("a UTF-8 byte-order mark before the JSON is accepted", async () => {
    const t = golden("E2");
    const file = traceFile(t, "\uFEFF");
    expect(readFileSync(file)[0]).toBe(0xef);
    const r = await run(argsFor(command, file));
    expect(r.err.filter((l) => !l.startsWith("note:"))).toEqual([]);
    expect(r.status).toBe(command[0] === "replay" ? 1 : 0);
  });
});

describe("picks are positions among what is live, and wrap", () => {
  it("a lease IoProgressed pick far beyond the node count replays as the pick it wraps to", async () => {
    const t = golden("E2");
    const i = firstEvent(t, (e) => e["type"] === "IoProgressed");
    const wrapped = await run(["replay", "--json", traceFile(t)]);
    t["events"][i].pick += 2520 * 100; // a multiple of every count from 1 to 10 of in-flight I/O to pick from
    const large = await run(["replay", "--json", traceFile(t)]);
    expect(large.status).toBe(wrapped.status);
    expect(JSON.parse(large.out[0]!)).toMatchObject({ violated: "FencedWrites", matchesRecorded: true });
  });

  it("a replication FailoverPromoted pick beyond the replicas is accepted", async () => {
    const t = golden("R2");
    t["events"].splice(t["events"].length - 1, 0, { type: "FailoverPromoted", pick: 40 });
    const r = await run(["show", traceFile(t)]);
    expect(r.err.filter((l) => !l.startsWith("note:"))).toEqual([]);
    expect(r.status).toBe(0);
  });
});

describe("a byte-order mark in the files merge reads", () => {
  it("a shard's result and its trace, each with a BOM, merge as without", async () => {
    const dir = scratch();
    const traceOut = join(dir, "s0.trace.json");
    const args = ["explore", "--protocol", "lease", "--preset", "etcd-lock-no-fencing", "--seed", "1", "--runs", "1000", "--workers", "1"];
    const shard = await run([...args, "--shard", "0/1", "--out", traceOut, "--json"]);
    expect(shard.status, shard.err.join("\n")).toBe(1);
    const plain = join(dir, "s0.json");
    writeFileSync(plain, shard.out.join("\n"));
    const without = await run(["merge", plain]);
    writeFileSync(plain, `\uFEFF${shard.out.join("\n")}`);
    writeFileSync(traceOut, `\uFEFF${readFileSync(traceOut, "utf8")}`);
    const withBom = await run(["merge", plain]);
    expect(withBom.err).toEqual([]);
    expect(withBom.status).toBe(1);
    expect(withBom.out).toEqual(without.out);
    expect(withBom.out.join("\n")).toMatch(/VIOLATION of FencedWrites/);
  });
});

describe("a conformance trace's recorded steps", () => {
  const conformance = (change: (t: Json) => void): string => {
    const t = golden("R2");
    t["adapter"] = "fake";
    t["observed"] = t["outputs"];
    t["observedViolation"] = null;
    t["divergence"] = { step: 2, message: "commit#1: model ok, system error" };
    change(t);
    return traceFile(t);
  };

  it("as written by conform, it shows", async () => {
    const r = await run(["show", conformance(() => {})]);
    expect(r.err.filter((l) => !l.startsWith("note:"))).toEqual([]);
    expect(r.status).toBe(0);
  });

  it.each([
    ["divergence.step -1", (t: Json) => { t["divergence"].step = -1; }, /divergence\.step: -1 is not a step of this trace \(steps 0\.\.7\)$/],
    ["divergence.step beyond the history's end", (t: Json) => { t["divergence"].step = 8; }, /divergence\.step: 8 is not a step of this trace/],
    ["observedViolation.step -1", (t: Json) => { t["observedViolation"] = { invariant: "LosslessFailover", step: -1, message: "x" }; }, /observedViolation\.step: -1 is not a step/],
  ] as const)("%s: exit 2, the path", async (_what, change, pattern) => {
    await expectOneLine(["show"], conformance(change), pattern);
  });
});
