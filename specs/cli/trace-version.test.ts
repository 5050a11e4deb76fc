/**
 * Tests that a trace records the model version that wrote it, and that `replay` and `show` of a
 * trace from another version (or a version-1 trace, which has none) say so in one line on stderr
 * before running it again, with the exit status they would have had anyway.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MODEL_VERSION } from "../../model/core/version.ts";
import { runInProcess as run, scratch } from "./run-cli.ts";

const VERSION_1 = join(import.meta.dirname, "../trace/fixtures/E2-version1.json");
const GOLDEN = join(import.meta.dirname, "../../catalogue/golden/E2.json");

function traceFile(f: (t: Record<string, unknown>) => void): string {
  const t = JSON.parse(readFileSync(GOLDEN, "utf8")) as Record<string, unknown>;
  f(t);
  const file = join(scratch(), "t.json");
  writeFileSync(file, JSON.stringify(t, null, 2));
  return file;
}

describe("the trace header", () => {
  it("a golden trace is version 2 and names the model version", () => {
    const text = readFileSync(GOLDEN, "utf8");
    expect(text.split("\n").slice(0, 4)).toEqual(["{", '  "format": "haspec-trace",', '  "version": 2,', `  "model": ${JSON.stringify(MODEL_VERSION)},`]);
  });

  it("the version-1 fixture is the golden trace without the model field", () => {
    const golden = readFileSync(GOLDEN, "utf8").replace(`  "version": 2,\n  "model": ${JSON.stringify(MODEL_VERSION)},\n`, '  "version": 1,\n');
    expect(readFileSync(VERSION_1, "utf8")).toBe(golden);
  });
});

describe("replay and show", () => {
  it("a trace of this model version runs without a note", async () => {
    for (const args of [["replay", GOLDEN], ["show", GOLDEN]]) expect((await run(args)).err).toEqual([]);
  });

  it("a version-1 trace still reads, with one note; replay's verdict and exit status are unchanged", async () => {
    const r = await run(["replay", VERSION_1]);
    expect(r.status).toBe(1);
    expect(r.out).toEqual([expect.stringMatching(/^VIOLATION of FencedWrites at step 8/), "matches the recorded verdict"]);
    expect(r.err).toEqual([`note: this trace was written before traces recorded the model version; this is model version ${MODEL_VERSION}; re-running it under ${MODEL_VERSION}`]);
  });

  it("show of a version-1 trace notes it once and exits 0", async () => {
    const r = await run(["show", VERSION_1]);
    expect(r.status).toBe(0);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(/^note: this trace was written before traces recorded the model version/);
  });

  it("a trace from another model version is named, and re-run under this one", async () => {
    const file = traceFile((t) => (t["model"] = "0-older"));
    for (const [command, status] of [["replay", 1], ["show", 0]] as const) {
      const r = await run([command, file, ...(command === "replay" ? ["--json"] : [])]);
      expect(r.status).toBe(status);
      expect(r.err).toEqual([`note: this trace was written by model version "0-older"; this is model version ${MODEL_VERSION}; re-running it under ${MODEL_VERSION}`]);
    }
  });

  it("a version-2 trace without its model version is bad input", async () => {
    const file = traceFile((t) => delete t["model"]);
    const r = await run(["replay", file]);
    expect(r).toMatchObject({ status: 2, out: [] });
    expect(r.err).toEqual([expect.stringMatching(/t\.json: model: Missing key$/)]);
  });

  it("a version-1 trace with a model version is bad input", async () => {
    const file = traceFile((t) => (t["version"] = 1));
    const r = await run(["show", file]);
    expect(r).toMatchObject({ status: 2, out: [] });
    expect(r.err).toEqual([expect.stringMatching(/t\.json: model: Expected no excess property$/)]);
  });
});
