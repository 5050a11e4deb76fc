/**
 * Issue 14, item 4 on a real server: `conform --adapter mariadb --preset mariadb-10.11-defaults
 * --seed 3` once died with an uncaught ER_SLAVE_MUST_STOP from CHANGE MASTER and exited 1 (the
 * status that means "violation found"). It must now end with a verdict: 0 (agrees), 1 (a
 * violation or divergence, with its verdict line) or 3 (a vacuous pass, said so), never an
 * uncaught error or a stack trace. Starts real MariaDB servers; fails, never skips, without them.
 */
import { describe, expect, it } from "vitest";
import { cli } from "../cli/run-cli.ts";
import { leftovers, startedIn } from "./leftovers.ts";

describe("haspec conform --adapter mariadb --preset mariadb-10.11-defaults --seed 3", () => {
  it("ends with a verdict, not a crash, and leaves no server behind", () => {
    const r = cli(["conform", "--adapter", "mariadb", "--preset", "mariadb-10.11-defaults", "--seed", "3", "--runs", "4"]);
    expect([0, 1, 3], r.stdout.slice(-3000) + r.stderr).toContain(r.status);
    expect(r.stderr).not.toMatch(/\n\s+at |ER_SLAVE_MUST_STOP/);
    expect(r.stdout).toMatch(/^\d+ histories in [\d.]+ s .*: (no violation, no divergence|DIVERGENCE|VIOLATION on the real system)$/m);
    if (r.status === 1) expect(r.stdout).toMatch(/DIVERGENCE at step|system breaks \w+ at step/);
    if (r.status === 3) expect(r.stdout).toMatch(/^VACUOUS: /m);
    expect(leftovers(startedIn(r.stdout).dirs)).toEqual([]);
  });
});
