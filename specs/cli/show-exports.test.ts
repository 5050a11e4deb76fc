/**
 * `haspec show FILE --html/--itf/--history`: each writes its file through the real command line,
 * the same trace gives the same bytes, and a path that cannot be written is a one-line error.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { itfToStates } from "../../conformance/trace/itf.ts";
import { validateItf } from "../../conformance/trace/itf-schema.ts";
import { cli, scratch } from "./run-cli.ts";

const E2 = join(import.meta.dirname, "../../catalogue/golden/E2.json");
const trace = JSON.parse(readFileSync(E2, "utf8")) as { events: unknown[]; violation: { step: number; invariant: string } };

function exportAll(dir: string) {
  const out = { html: join(dir, "t.html"), itf: join(dir, "t.itf.json"), history: join(dir, "t.history.json") };
  const r = cli(["show", E2, "--html", out.html, "--itf", out.itf, "--history", out.history]);
  return { r, out };
}

describe("show's exports", () => {
  it("writes the HTML page, the ITF trace and the Jepsen history, and says so", () => {
    const { r, out } = exportAll(scratch());
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split("\n")).toEqual([
      `wrote ${out.html}: the timeline as one self-contained HTML page`,
      `wrote ${out.itf}: the trace in the Informal Trace Format (one state per step)`,
      `wrote ${out.history}: the clients' operations as a Jepsen history`,
    ]);
    expect(readFileSync(out.html, "utf8")).toContain(trace.violation.invariant);
    const itf = JSON.parse(readFileSync(out.itf, "utf8"));
    expect(validateItf(itf)).toEqual({ ok: true });
    expect(itfToStates(itf).states).toHaveLength(trace.violation.step + 2);
    const history = JSON.parse(readFileSync(out.history, "utf8")) as { index: number; type: string; process: number; time: number }[];
    expect(history.length).toBeGreaterThan(0);
    history.forEach((op, i) => {
      expect(op.index).toBe(i);
      expect(["invoke", "ok", "fail", "info"]).toContain(op.type);
      expect(Number.isInteger(op.process) && Number.isInteger(op.time)).toBe(true);
    });
  });

  it("the same trace exports the same bytes", () => {
    const a = exportAll(scratch()).out;
    const b = exportAll(scratch()).out;
    for (const k of ["html", "itf", "history"] as const) expect(readFileSync(a[k], "utf8")).toBe(readFileSync(b[k], "utf8"));
  });

  it("a path that cannot be written is a one-line error with exit status 2, and the trace is untouched", () => {
    const dir = scratch();
    const blocker = join(dir, "file");
    writeFileSync(blocker, "x");
    const r = cli(["show", E2, "--html", join(blocker, "t.html")]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    // Found before anything is rendered: the path names a directory under a file.
    expect(r.stderr).toMatch(/--html ".*file\/t\.html": cannot create its directory \(ENOTDIR\)$/m);
    expect(readFileSync(E2, "utf8")).toBe(JSON.stringify(JSON.parse(readFileSync(E2, "utf8")), null, 2) + "\n");
  });

  it("a conformance trace from `conform` exports too: the page marks what the system broke, the history is the system's", () => {
    const dir = scratch();
    const conf = join(dir, "conform.json");
    expect(cli(["conform", "--adapter", "model", "--preset", "etcd-lock-no-fencing", "--seed", "1", "--runs", "3", "--out", conf, "--json"]).status).toBe(1);
    const r = cli(["show", conf, "--html", join(dir, "c.html"), "--history", join(dir, "c.json")]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/what model's clients were told, as a Jepsen history/);
    expect(readFileSync(join(dir, "c.html"), "utf8")).toMatch(/data-observed-violation="FencedWrites"/);
  });

  it("one path named twice is bad usage", () => {
    const p = join(scratch(), "same.json");
    const r = cli(["show", E2, "--itf", p, "--history", p]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/same\.json is named by two of --html, --itf and --history/);
  });
});
