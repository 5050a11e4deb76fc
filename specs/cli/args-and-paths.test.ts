/**
 * Command-line mistakes said at once, in one line with exit 2: a stray argument to any command,
 * an unknown scenario id, a name that is a property of every JavaScript object, an output path
 * that cannot be written (found before the search, not after it). And a trace that cannot be
 * written where asked after all is kept elsewhere, never lost.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GOLDEN_DIR } from "../../catalogue/golden.ts";
import { checkOutPath, writeOrKeep } from "../../conformance/cli/out-path.ts";
import { UsageError } from "../../conformance/usage.ts";
import { runInProcess, scratch } from "./run-cli.ts";

const golden = join(GOLDEN_DIR, "E1.json");

async function expectOneLine(args: string[], pattern: RegExp): Promise<void> {
  const r = await runInProcess(args);
  expect(r.status).toBe(2);
  expect(r.out).toEqual([]);
  expect(r.err).toHaveLength(1);
  expect(r.err[0]).toMatch(pattern);
  expect(r.err[0]!.length).toBeLessThan(400);
}

describe("a stray positional argument is exit 2 for every command", () => {
  const commands: string[][] = [
    ["explore", "--protocol", "lease", "--runs", "1"],
    ["check", "--protocol", "lease", "--depth", "1"],
    ["replay", golden],
    ["show", golden],
    ["scenarios", "--only", "E1"],
    ["conform", "--adapter", "model", "--runs", "1"],
    ["knobs"],
    ["presets"],
  ];
  it.each(commands)("%s … extra", async (...args) => {
    await expectOneLine([...args, "extra"], /unexpected argument "extra"/);
  });
});

describe("names that are not what they seem", () => {
  it.each(["__proto__", "toString", "constructor", "hasOwnProperty"])("--protocol %s is an unknown protocol", async (name) => {
    await expectOneLine(["explore", "--protocol", name], new RegExp(`unknown protocol ${name} \\(known: lease`));
    await expectOneLine(["knobs", "--protocol", name], /unknown protocol/);
  });

  it("--set __proto__=1 is an unknown knob, not silently dropped", async () => {
    await expectOneLine(["explore", "--protocol", "lease", "--set", "__proto__=1", "--runs", "1"], /unknown knob __proto__/);
  });

  it("an unknown knob names its neighbours, not every knob", async () => {
    await expectOneLine(["explore", "--protocol", "cluster", "--set", "lease.ttl=1"], /unknown knob lease\.ttl \(known lease\.\*: lease\.ttlMs,.*haspec knobs lists all\)$/);
  });

  it("scenarios --only with an id the catalogue does not hold", async () => {
    await expectOneLine(["scenarios", "--only", "E1,NOSUCH"], /unknown scenario "NOSUCH" for --only \(known: E1, /);
    await expectOneLine(["scenarios", "--only", ","], /--only needs at least one scenario id/);
  });

  it("show checks a trace's invariants as replay does", async () => {
    const file = join(scratch(), "t.json");
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(golden, "utf8")), invariants: ["NoSuch"] }));
    await expectOneLine(["replay", file], /config: unknown invariant NoSuch for lease/);
    await expectOneLine(["show", file], /config: unknown invariant NoSuch for lease/);
  });
});

describe("output paths are checked before the work", () => {
  it.each([
    ["explore", "--protocol", "lease", "--preset", "etcd-lock-no-fencing", "--seed", "1", "--workers", "1", "--out"],
    ["check", "--protocol", "lease", "--depth", "1", "--out"],
    ["show", golden, "--html"],
    ["show", golden, "--history"],
  ])("%s … a directory", async (...args) => {
    const dir = scratch();
    await expectOneLine([...args, dir], /is a directory; name a file/);
  });

  it("explore --out under a parent that cannot be made fails at once (it used to hang)", async () => {
    const started = Date.now();
    await expectOneLine(["explore", "--protocol", "lease", "--runs", "1", "--out", "/proc/nope/x.json"], /--out "\/proc\/nope\/x\.json": cannot create its directory \(ENOENT\)/);
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it("a parent that is a file", async () => {
    const dir = scratch();
    writeFileSync(join(dir, "file"), "");
    await expectOneLine(["explore", "--protocol", "lease", "--runs", "1", "--out", join(dir, "file", "x.json")], /cannot create its directory \(ENOTDIR\)/);
  });

  it("the check leaves nothing behind: no directories made, no empty file", () => {
    const dir = scratch();
    checkOutPath(join(dir, "a", "b", "t.json"), "--out");
    expect(readdirSync(dir)).toEqual([]);
    expect(() => checkOutPath(dir, "--out")).toThrow(UsageError);
  });

  it("a counterexample is still written where asked, its directories made", async () => {
    const dir = scratch();
    const out = join(dir, "deep", "er", "t.json");
    const r = await runInProcess(["explore", "--protocol", "lease", "--preset", "etcd-lock-no-fencing", "--seed", "1", "--workers", "1", "--out", out, "--json"]);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.out.at(-1)!).traceFile).toBe(out);
    expect(JSON.parse(readFileSync(out, "utf8")).violation).not.toBeNull();
  });
});

describe("a write that fails after the work keeps the text", () => {
  it("in a file in the OS temporary directory, said in one line", () => {
    const dir = scratch();
    mkdirSync(join(dir, "t.json"));
    const said: string[] = [];
    const where = writeOrKeep(join(dir, "t.json"), "{\"x\":1}\n", (l) => said.push(l));
    expect(where).not.toBeNull();
    expect(where).not.toBe(join(dir, "t.json"));
    expect(readFileSync(where!, "utf8")).toBe("{\"x\":1}\n");
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/cannot write .*t\.json" \(EISDIR\); wrote it to .* instead/);
    rmSync(where!);
  });

  it("where it was asked when it can be", () => {
    const file = join(scratch(), "new", "t.json");
    expect(writeOrKeep(file, "x", () => { throw new Error("nothing to say"); })).toBe(file);
    expect(existsSync(file)).toBe(true);
  });
});
