/**
 * Tests that a trace's `outputs` and `observed` are decoded by the protocol's output schema, not
 * trusted: a null entry, `{}`, an unknown output type or a missing field gets exit status 2 and
 * one line naming its JSON path, from every command that reads a trace, for every protocol.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { QUOTE_MAX } from "../../conformance/trace/tag-check.ts";
import { cli, runInProcess as run, scratch } from "./run-cli.ts";

const GOLDEN = join(import.meta.dirname, "../../catalogue/golden");
const PROTOCOLS = [["lease", "E2"], ["replication", "R2"], ["proxy", "P1"], ["cluster", "C1"]] as const;
const COMMANDS = [["replay"], ["show"], ["show", "--html", "out.html"], ["show", "--itf", "out.itf.json"], ["show", "--history", "out.history.json"]] as const;

type Json = Record<string, any>;

function traceFile(trace: Json): string {
  const file = join(scratch(), "t.json");
  writeFileSync(file, JSON.stringify(trace));
  return file;
}

const golden = (id: string): Json => JSON.parse(readFileSync(join(GOLDEN, `${id}.json`), "utf8"));

/** The first output with a field besides its type, and where it is. */
function firstRichOutput(t: Json): { step: number; index: number; field: string } {
  for (const [step, outputs] of (t["outputs"] as Json[][]).entries()) {
    for (const [index, o] of outputs.entries()) {
      const field = Object.keys(o).find((k) => k !== "type");
      if (field !== undefined) return { step, index, field };
    }
  }
  throw new Error("no output with a field");
}

async function expectOneLine(args: readonly string[], file: string, pattern: RegExp): Promise<string> {
  const r = await run(args.map((a) => (a.startsWith("out.") ? join(file, "..", a) : a)));
  expect(r.status).toBe(2);
  expect(r.out).toEqual([]);
  expect(r.err).toHaveLength(1);
  expect(r.err[0]).toMatch(pattern);
  expect(r.err[0]).not.toMatch(/\n|\s{2}at /);
  return r.err[0]!;
}

describe.each(PROTOCOLS)("%s: malformed outputs", (_protocol, id) => {
  const bad = (entry: unknown): string => {
    const t = golden(id);
    t["outputs"][1].unshift(entry);
    return traceFile(t);
  };
  const cases = [
    ["a null entry", () => bad(null), /t\.json: outputs\[1\]\[0\]: expected an output \(an object with a "type"\), got null$/],
    ["an empty object", () => bad({}), /t\.json: outputs\[1\]\[0\]\.type: missing; an output names its type \(known: TimeNow, /],
    ["an unknown output type", () => bad({ type: "LeaseStolen" }), /t\.json: outputs\[1\]\[0\]\.type: unknown output type "LeaseStolen" \(known: TimeNow, /],
  ] as const;

  describe.each(COMMANDS.map((c) => [c.join(" "), c] as const))("haspec %s FILE", (_name, command) => {
    it.each(cases)("%s: exit 2, one line naming the path", async (_what, make, pattern) => {
      const file = make();
      await expectOneLine([command[0], file, ...command.slice(1)], file, pattern);
    });

    it("a missing field: exit 2, one line naming the path", async () => {
      const t = golden(id);
      const at = firstRichOutput(t);
      delete t["outputs"][at.step][at.index][at.field];
      const file = traceFile(t);
      const path = `outputs[${at.step}][${at.index}].${at.field}`.replaceAll(/[[\].]/g, "\\$&");
      await expectOneLine([command[0], file, ...command.slice(1)], file, new RegExp(`t\\.json: ${path}: Missing key$`));
    });
  });

  describe.each(COMMANDS.map((c) => [c.join(" "), c] as const))("a conformance trace's observed outputs, haspec %s FILE", (_name, command) => {
    const observed = (change: (steps: Json[][]) => void): string => {
      const t = golden(id);
      t["adapter"] = "fake";
      t["observed"] = (t["outputs"] as Json[][]).map((o) => o.map((x) => ({ ...x })));
      change(t["observed"]);
      return traceFile(t);
    };
    it.each([
      ["a null entry", (o: Json[][]) => o[2]!.push(JSON.parse("null")), /t\.json: observed\[2\]\[\d+\]: expected an output \(an object with a "type"\), got null$/],
      ["an empty object", (o: Json[][]) => o[2]!.push({}), /t\.json: observed\[2\]\[\d+\]\.type: missing/],
      ["an unknown output type", (o: Json[][]) => o[2]!.push({ type: "Nonsense" }), /t\.json: observed\[2\]\[\d+\]\.type: unknown output type "Nonsense"/],
    ] as const)("%s: exit 2, one line naming the path", async (_what, change, pattern) => {
      const file = observed(change);
      await expectOneLine([command[0], file, ...command.slice(1)], file, pattern);
    });

    it("a missing field: exit 2, one line naming the path", async () => {
      let path = "";
      const file = observed((o) => {
        const at = firstRichOutput({ outputs: o });
        delete o[at.step]![at.index]![at.field];
        path = `observed[${at.step}][${at.index}].${at.field}`.replaceAll(/[[\].]/g, "\\$&");
      });
      await expectOneLine([command[0], file, ...command.slice(1)], file, new RegExp(`t\\.json: ${path}: Missing key$`));
    });
  });

  it("a well-formed conformance trace still shows", async () => {
    const t = golden(id);
    t["adapter"] = "fake";
    t["observed"] = t["outputs"];
    expect((await run(["show", traceFile(t)])).status).toBe(0);
  });
});

describe("the cluster's nested outputs", () => {
  it("a part's output of an unknown type is named by its path", async () => {
    const t = golden("C1");
    t["outputs"][0].unshift({ type: "Lease", output: { type: "Promoted", node: 1 } });
    const file = traceFile(t);
    await expectOneLine(["replay", file], file, /t\.json: outputs\[0\]\[0\]\.output\.type: unknown output type "Promoted" \(known: TimeNow, RoleChanged, /);
  });

  it("a part's output with a missing field is named by its path", async () => {
    const t = golden("C1");
    t["outputs"][0].unshift({ type: "Proxy", output: { type: "SessionHeld" } });
    const file = traceFile(t);
    await expectOneLine(["show", file], file, /t\.json: outputs\[0\]\[0\]\.output\.session: Missing key$/);
  });
});

describe("quoting a bad value", () => {
  it(`quotes at most ${QUOTE_MAX} characters of it`, async () => {
    const t = golden("E2");
    const huge = `Lease${"x".repeat(100_000)}`;
    t["outputs"][0].unshift({ type: huge });
    const file = traceFile(t);
    const line = await expectOneLine(["replay", file], file, /unknown output type "Leasexxx+… \(100007 characters\)/);
    const quoted = /type ("[^ ]*)…/.exec(line)![1]!;
    expect(quoted.length).toBeLessThanOrEqual(QUOTE_MAX);
    expect(line.length).toBeLessThan(QUOTE_MAX + 300);
  });

  it("an unknown event type is quoted the same way", async () => {
    const t = golden("R2");
    t["events"][0] = { type: "y".repeat(5000) };
    const file = traceFile(t);
    const line = await expectOneLine(["show", file], file, /events\[0\]\.type: unknown event type "y+… \(5002 characters\)/);
    expect(line.length).toBeLessThan(QUOTE_MAX + 400);
  });
});

describe("a protocol name that is not one", () => {
  it.each(["__proto__", "constructor", "toString"])("%s is unknown, not a crash", async (name) => {
    const t = golden("E2");
    t["protocol"] = name;
    const file = traceFile(t);
    await expectOneLine(["replay", file], file, /t\.json: protocol: Expected "lease" \| "replication" \| "proxy" \| "cluster"$/);
  });
});

describe("through the real command", () => {
  it("a null output: exit 2 and one line on stderr, no stack trace", () => {
    const t = golden("P1");
    t["outputs"][0] = [null];
    const file = traceFile(t);
    for (const args of [["replay", file], ["show", file, "--history", join(file, "..", "h.json")]]) {
      const r = cli(args);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^haspec: \S+t\.json: outputs\[0\]\[0\]: expected an output \(an object with a "type"\), got null\n$/);
    }
  });
});
