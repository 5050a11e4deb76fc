/**
 * Tests that bad input gets exit status 2 and one line naming what was wrong, and that nothing
 * is written or lost on the way.
 */
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, scratch } from "./run-cli.ts";

const golden = readFileSync(join(import.meta.dirname, "../../catalogue/golden/E2.json"), "utf8");

function traceFile(text: string): { dir: string; file: string } {
  const dir = scratch();
  const file = join(dir, "t.json");
  writeFileSync(file, text);
  return { dir, file };
}

function expectOneLine(r: { status: number | null; stderr: string; stdout: string }, pattern: RegExp): void {
  expect(r.status).toBe(2);
  expect(r.stdout).toBe("");
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

const mutate = (f: (t: Record<string, any>) => void): string => {
  const t = JSON.parse(golden);
  f(t);
  return JSON.stringify(t);
};

describe("bad trace files", () => {
  it("malformed JSON", () => {
    const { file } = traceFile("{ this is not json");
    expectOneLine(cli(["replay", file]), /t\.json: not valid JSON/);
  });

  it("truncated JSON", () => {
    const { file } = traceFile(golden.slice(0, Math.floor(golden.length / 2)));
    expectOneLine(cli(["replay", file]), /t\.json: not valid JSON/);
  });

  it("a field of the wrong type names the field", () => {
    const { file } = traceFile(mutate((t) => (t.events[1].node = "n2")));
    expectOneLine(cli(["replay", file]), /t\.json: events\[1\]\.node: Expected number/);
  });

  it("an unknown event type names it", () => {
    const { file } = traceFile(mutate((t) => (t.events[0].type = "LeaseStolen")));
    expectOneLine(cli(["show", file]), /events\[0\]\.type: unknown event type "LeaseStolen"/);
  });

  it("an unsupported version", () => {
    const { file } = traceFile(mutate((t) => (t.version = 9)));
    expectOneLine(cli(["replay", file]), /t\.json: version: Expected 1 \| 2$/);
  });

  it("an unknown knob in the trace's config", () => {
    const { file } = traceFile(mutate((t) => (t.config["lease.ttl"] = 5)));
    expectOneLine(cli(["replay", file]), /t\.json: config: unknown knob lease\.ttl/);
  });

  it("an out-of-range value in the trace's config", () => {
    const { file } = traceFile(mutate((t) => (t.config["cluster.nodes"] = 99)));
    expectOneLine(cli(["replay", file]), /config: cluster\.nodes must be between 2 and 7/);
  });

  it("a missing file", () => {
    expectOneLine(cli(["replay", "/nonexistent/trace.json"]), /trace\.json: cannot read \(ENOENT\)/);
  });

  it("the trace file is left as it was", () => {
    const text = mutate((t) => (t.events[1].node = "n2"));
    const { file } = traceFile(text);
    cli(["replay", file]);
    expect(readFileSync(file, "utf8")).toBe(text);
  });
});

describe("bad explore arguments", () => {
  const explore = (...extra: string[]) => {
    const dir = scratch();
    const r = cli(["explore", "--protocol", "lease", "--seed", "1", "--runs", "10", ...extra], dir);
    expect(existsSync(join(dir, "haspec-traces"))).toBe(false);
    return r;
  };

  it("an unknown knob", () => expectOneLine(explore("--set", "lease.ttlSeconds=3"), /unknown knob lease\.ttlSeconds/));
  it("an out-of-range value", () => expectOneLine(explore("--set", "lease.ttlMs=5"), /lease\.ttlMs must be between 100 and 600000 ms, got 5/));
  it("a value of the wrong kind", () => expectOneLine(explore("--set", "lease.fencing=maybe"), /lease\.fencing must be one of none \| epoch/));
  it("an unknown preset", () => expectOneLine(explore("--preset", "etcd-lock"), /unknown preset etcd-lock for lease/));
  it("an unknown invariant", () => expectOneLine(explore("--invariants", "NoTwoLeaders"), /unknown invariant NoTwoLeaders/));
  it("an unknown protocol", () => expectOneLine(cli(["explore", "--protocol", "raft"]), /unknown protocol raft/));
  it("an unknown flag", () => expectOneLine(explore("--sed", "3"), /Unknown option '--sed'/));
  it("a malformed --set", () => expectOneLine(explore("--set", "lease.ttlMs"), /--set expects name=value/));
});
