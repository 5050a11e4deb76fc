/**
 * Tests that `synchronous_standby_names` is read as PostgreSQL reads it, and means what
 * PostgreSQL's documentation says it means:
 *   [docs] https://www.postgresql.org/docs/15/runtime-config-replication.html#GUC-SYNCHRONOUS-STANDBY-NAMES
 *   [gram] src/backend/replication/syncrep_gram.y and syncrep_scanner.l (the grammar and tokens)
 *   [check] src/backend/replication/syncrep.c check_synchronous_standby_names ("number of
 *           synchronous standbys (%d) must be greater than zero")
 */
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../model/core/knobs.ts";
import { replicationProtocol as P } from "../../model/replication/index.ts";
import { parseSyncStandbyNames, standbyPriority, type SyncStandbys } from "../../model/replication/sync-names.ts";
import { runInProcess } from "../cli/run-cli.ts";
import { commit, fold, ioStop, receive, replConfig, replies } from "./helpers.ts";

const meaning = (text: string): SyncStandbys => {
  const r = parseSyncStandbyNames(text);
  if (!r.ok) throw new Error(`${JSON.stringify(text)} refused: ${r.error}`);
  return r.value;
};
const refusal = (text: string): string => {
  const r = parseSyncStandbyNames(text);
  if (r.ok) throw new Error(`${JSON.stringify(text)} accepted as ${JSON.stringify(r.value)}`);
  return r.error;
};

describe("the forms PostgreSQL accepts", () => {
  it("'' turns synchronous replication off [docs: 'If no synchronous standby names are specified here, then synchronous replication is not enabled']", () => {
    expect(meaning("")).toEqual({ method: "none" });
  });

  it("a plain list means FIRST 1 of it [docs: 'FIRST 1 (s1, s2) and s1, s2 have the same meaning']", () => {
    expect(meaning("s1, s2")).toEqual(meaning("FIRST 1 (s1, s2)"));
    expect(meaning("s1, s2")).toEqual({ method: "FIRST", k: 1, names: ["s1", "s2"] });
    expect(meaning("n2")).toEqual({ method: "FIRST", k: 1, names: ["n2"] });
  });

  it("FIRST k: priority by list position; ANY k: a quorum [docs: 'FIRST 3 (s1, s2, s3, s4)', 'ANY 3 (s1, s2, s3, s4)']", () => {
    expect(meaning("FIRST 3 (s1, s2, s3, s4)")).toEqual({ method: "FIRST", k: 3, names: ["s1", "s2", "s3", "s4"] });
    expect(meaning("ANY 3 (s1, s2, s3, s4)")).toEqual({ method: "ANY", k: 3, names: ["s1", "s2", "s3", "s4"] });
  });

  it("FIRST may be left out before num_sync [docs: '[FIRST] num_sync ( standby_name [, ...] )']", () => {
    expect(meaning("2 (s1, s2)")).toEqual({ method: "FIRST", k: 2, names: ["s1", "s2"] });
  });

  it("FIRST and ANY are case-insensitive, and a standby named like them is double-quoted [docs]", () => {
    expect(meaning("first 1 (a)")).toEqual({ method: "FIRST", k: 1, names: ["a"] });
    expect(meaning("aNy 1 (a)")).toEqual({ method: "ANY", k: 1, names: ["a"] });
    expect(meaning('ANY 1 ("first", "any")')).toEqual({ method: "ANY", k: 1, names: ["first", "any"] });
  });

  it("a keyword is a whole word: 'anyone' and 'first2' are names [gram: identifiers are matched longest first]", () => {
    expect(meaning("anyone, first2")).toEqual({ method: "FIRST", k: 1, names: ["anyone", "first2"] });
  });

  it("double-quoted names keep spaces, commas and case, and \"\" stands for a quote [gram: xd, xddouble]", () => {
    expect(meaning('"My Standby, east", "a""b"')).toEqual({ method: "FIRST", k: 1, names: ["My Standby, east", 'a"b'] });
  });

  it("* is a name that matches every standby [docs: 'The special entry * matches any standby name']", () => {
    expect(meaning("*")).toEqual({ method: "FIRST", k: 1, names: ["*"] });
    expect(meaning("ANY 2 (*)")).toEqual({ method: "ANY", k: 2, names: ["*"] });
  });

  it("a number alone is a name [gram: standby_name: NAME | NUM]", () => {
    expect(meaning("1, 2")).toEqual({ method: "FIRST", k: 1, names: ["1", "2"] });
  });

  it("white space anywhere between tokens is ignored [gram: {space}+]", () => {
    expect(meaning(" FIRST\t1\n( n2 ,n3 )\r\f\v")).toEqual({ method: "FIRST", k: 1, names: ["n2", "n3"] });
  });
});

describe("what PostgreSQL refuses", () => {
  it("an unbalanced parenthesis, either way", () => {
    expect(refusal("FIRST 1 (n2")).toMatch(/unbalanced parenthesis: the "\(" at character 9 is never closed/);
    expect(refusal("n2)")).toMatch(/unbalanced parenthesis: the "\)" at character 3 closes nothing/);
    expect(refusal("ANY 1 (n2))")).toMatch(/unbalanced parenthesis/);
    expect(refusal("((n2))")).toMatch(/expected a standby name, found "\(" at character 1/);
    expect(refusal("(n2)")).toMatch(/expected a standby name, found "\(" at character 1/);
  });

  it("num_sync of 0 [check; docs: 'num_sync must be an integer value greater than zero']", () => {
    expect(refusal("FIRST 0 (n2)")).toMatch(/number of synchronous standbys \(0\) must be greater than zero/);
    expect(refusal("ANY 00 (n2)")).toMatch(/must be greater than zero/);
    expect(refusal("0 (n2)")).toMatch(/must be greater than zero/);
  });

  it("an empty list, or an empty entry in one", () => {
    expect(refusal("FIRST 1 ()")).toMatch(/expected a standby name, found "\)"/);
    expect(refusal("n2,")).toMatch(/expected a standby name, found the end/);
    expect(refusal(",n2")).toMatch(/expected a standby name/);
    expect(refusal("n2,,n3")).toMatch(/expected a standby name/);
  });

  it("blank text: only the empty string means off, as in PostgreSQL (which parses any non-empty value)", () => {
    expect(refusal("   ")).toMatch(/expected a standby name, found the end/);
  });

  it("FIRST or ANY without a number, or with a name where the number goes", () => {
    expect(refusal("ANY (n2, n3)")).toMatch(/expected the number of synchronous standbys after ANY, found "\("/);
    expect(refusal("FIRST n2 (n3)")).toMatch(/expected the number/);
    expect(refusal("any")).toMatch(/expected the number/);
  });

  it("an unquoted keyword where a name goes", () => {
    expect(refusal("n2, first")).toMatch(/a standby named first must be double-quoted/);
  });

  it("garbage: two names without a comma, text after the list, characters no token takes, an open quote", () => {
    expect(refusal("n2 n3")).toMatch(/expected "," or the end, found "n3"/);
    expect(refusal("ANY 1 (n2) n3")).toMatch(/expected "," or the end/);
    expect(refusal("n2; DROP TABLE t")).toMatch(/unexpected ";" at character 3/);
    expect(refusal('"n2')).toMatch(/unterminated quoted name starting at character 1/);
  });

  it("every refusal is one line", () => {
    for (const bad of ["FIRST 1 (n2", "n2)", "FIRST 0 (n2)", "", "n2 n3", '"x'].filter((t) => t !== "")) expect(refusal(bad)).not.toContain("\n");
  });
});

describe("100,000 characters of spaces and parentheses", () => {
  // A regular expression once took 45 s on 3,000 spaces; a linear parser reads these at once.
  it("are read, and refused or accepted for what they are", () => {
    expect(refusal("(".repeat(50_000) + " ".repeat(50_000))).toMatch(/expected a standby name, found "\(" at character 1/);
    expect(refusal(" (".repeat(50_000))).toMatch(/expected a standby name/);
    expect(refusal(`FIRST 1 (n2${" ".repeat(99_990)}`)).toMatch(/unbalanced parenthesis/);
    expect(refusal(`FIRST 1 (${"n2, ".repeat(24_997)}n2))`)).toMatch(/closes nothing/);
    expect(meaning(`${" ".repeat(50_000)}ANY 1 (n2)${" ".repeat(50_000)}`)).toEqual({ method: "ANY", k: 1, names: ["n2"] });
  });

  it("as a knob value: exit 2 and one short line that names the knob", async () => {
    const value = `FIRST 1 (${" ".repeat(100_000)}`;
    const r = await runInProcess(["explore", "--protocol", "replication", "--preset", "postgres-15-sync", "--set", `synchronous_standby_names=${value}n2`, "--runs", "1"]);
    expect(r.status).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(/^haspec: synchronous_standby_names is not in the form the setting takes \(unbalanced parenthesis: the "\(" at character 9 is never closed\), got "FIRST 1 \( +"… \(100011 characters\)$/);
    expect(r.err[0]!.length).toBeLessThan(400);
  });
});

describe("the knob", () => {
  const resolve = (text: string) => resolveConfig(P.knobs, [{ "replication.flavour": "postgres", synchronous_standby_names: text }]);

  it("accepts what PostgreSQL accepts and refuses the rest, naming itself", () => {
    expect(resolve("ANY 1 (n2, n3)").ok).toBe(true);
    const r = resolve("FIRST 1 (n2");
    expect(r.ok ? "" : r.error).toBe('synchronous_standby_names is not in the form the setting takes (unbalanced parenthesis: the "(" at character 9 is never closed), got "FIRST 1 (n2"');
  });

  it("is trimmed like every knob, so blank text set on the command line means off", () => {
    const r = resolve("   ");
    expect(r.ok && r.config["synchronous_standby_names"]).toBe("");
  });
});

describe("what the model makes of it", () => {
  // n1 is the primary; n2 and n3 (nodes 1 and 2) its standbys, application_name n2 and n3.
  const pg = (names: string) => replConfig("postgres-15-sync", { "client.retries": 0, synchronous_standby_names: names });

  it("names match application names case-insensitively [docs: 'standby names are compared to standby application names case-insensitively']", () => {
    expect(replies(fold(pg("FIRST 1 (N3)"), [ioStop(1), commit, receive(2)]).outputs)).toEqual(["1:ok"]);
    expect(replies(fold(pg('"N2"'), [ioStop(2), commit, receive(1)]).outputs)).toEqual(["1:ok"]);
  });

  it("FIRST 1 (*) is satisfied by whichever standby streams [docs: * matches any standby]", () => {
    expect(replies(fold(pg("FIRST 1 (*)"), [ioStop(1), commit, receive(2)]).outputs)).toEqual(["1:ok"]);
  });

  it("a standby named twice counts once: ANY 2 (n2, *) needs both standbys", () => {
    expect(replies(fold(pg("ANY 2 (n2, *)"), [ioStop(2), commit, receive(1)]).outputs)).toEqual([]);
    expect(replies(fold(pg("ANY 2 (n2, *)"), [commit, receive(1), receive(2)]).outputs)).toEqual(["1:ok"]);
  });

  it("more synchronous standbys asked for than named: the commit waits [docs: commits wait for num_sync standbys]", () => {
    expect(replies(fold(pg("FIRST 2 (n3)"), [commit, receive(1), receive(2)]).outputs)).toEqual([]);
    expect(replies(fold(pg("FIRST 2 (n2, n3)"), [commit, receive(1), receive(2)]).outputs)).toEqual(["1:ok"]);
  });

  it("a standby's priority is the position of the first entry naming it", () => {
    const s = { method: "FIRST", k: 1, names: ["n3", "*", "N2"] } as const;
    expect([standbyPriority(s, "n3"), standbyPriority(s, "n2"), standbyPriority({ method: "none" }, "n2")]).toEqual([1, 2, 0]);
  });
});
