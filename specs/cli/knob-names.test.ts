/**
 * Tests that a knob, preset or budget named like a property every JavaScript object inherits
 * (`__proto__`, `constructor`, `toString`, `hasOwnProperty`) is an unknown name like any other:
 * exit 2 and one line, never silently dropped (an assignment to `__proto__` is not a property)
 * nor found on the prototype.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../model/core/knobs.ts";
import { leaseProtocol } from "../../model/lease/index.ts";
import { runInProcess as run, scratch } from "./run-cli.ts";

const INHERITED = ["__proto__", "constructor", "toString", "hasOwnProperty"];

function expectOneLine(r: { status: number; out: string[]; err: string[] }, pattern: RegExp): void {
  expect(r.status).toBe(2);
  expect(r.out).toEqual([]);
  expect(r.err).toHaveLength(1);
  expect(r.err[0]).not.toContain("\n");
  expect(r.err[0]).toMatch(pattern);
}

describe("names that objects inherit", () => {
  for (const name of INHERITED) {
    it(`--set ${name}=1 is an unknown knob`, async () => {
      expectOneLine(await run(["explore", "--protocol", "lease", "--set", `${name}=1`, "--runs", "1"]), new RegExp(`^haspec: unknown knob ${name} \\(`));
    });

    it(`--preset ${name} is an unknown preset`, async () => {
      expectOneLine(await run(["explore", "--protocol", "lease", "--preset", name, "--runs", "1"]), new RegExp(`unknown preset ${name} for lease`));
    });

    it(`--budget ${name}=1 is an unknown budget`, async () => {
      expectOneLine(await run(["check", "--protocol", "lease", "--budget", `${name}=1`, "--depth", "1"]), new RegExp(`unknown budget ${name} \\(known:`));
    });

    it(`a trace whose config holds ${name} is refused`, async () => {
      const text = readFileSync(join(import.meta.dirname, "../../catalogue/golden/E2.json"), "utf8").replace('"config": {', `"config": {${JSON.stringify(name)}: 1, `);
      const file = join(scratch(), "t.json");
      writeFileSync(file, text);
      expectOneLine(await run(["replay", file]), new RegExp(`unknown knob ${name}`));
    });
  }

  it("resolveConfig itself refuses an own __proto__ property", () => {
    const layer = JSON.parse('{"__proto__": 1}') as Record<string, number>;
    expect(Object.keys(layer)).toEqual(["__proto__"]);
    const r = resolveConfig(leaseProtocol.knobs, [layer]);
    expect(r.ok).toBe(false);
    expect(r.ok ? "" : r.error).toMatch(/^unknown knob __proto__ /);
  });
});
