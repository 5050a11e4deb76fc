/**
 * Fuzzes `replay` and `show` (the terminal timeline, `--html`, `--history`) in-process with
 * mutated golden traces of every protocol: keys deleted, duplicated and swapped, values replaced
 * by null, {}, [], huge or negative numbers, strings and long strings, arrays truncated, event
 * types changed, a BOM, the JSON text cut short. Seeded, so every run tries the same files.
 *
 * Whatever the file, the command must answer: exit 0 or 1 with its result on stdout, or exit 2
 * with one short line on stderr. An exception, a stack trace, or exit 1 without a verdict is a bug.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GOLDEN_DIR } from "../../catalogue/golden.ts";
import { runInProcess, scratch } from "./run-cli.ts";

/** Mutated files per golden trace; each is given to replay and to one of the show variants. */
const PER_GOLDEN = 100;
const SEED = 14;

/** mulberry32: small, seeded, the same sequence everywhere. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const WEIRD: readonly Json[] = [null, {}, [], 1e308, -1, -86_400_001, 2 ** 53 + 2, 0.5, "", "x", "x".repeat(5000), true, "__proto__", "constructor"];
const EVENT_TYPES = ["TimeAdvanced", "NodeCrashed", "Client", "Lease", "Replication", "Proxy", "NoSuchEvent", "toString", "__proto__"];

/** Every container in the document, with the path to it, so a mutation can land anywhere. */
function containers(doc: Json, path: string[] = [], out: { value: Json[] | { [k: string]: Json }; path: string[] }[] = []) {
  if (doc !== null && typeof doc === "object") {
    out.push({ value: doc, path });
    const entries = Array.isArray(doc) ? doc.map((v, i) => [String(i), v] as const) : Object.entries(doc);
    for (const [k, v] of entries) containers(v, [...path, k], out);
  }
  return out;
}

/**
 * Where a mutation lands: anywhere, or (half the time) in what the model runs (the events, the
 * configuration, the verdict), since most of a trace's text is recorded outputs.
 */
function targets(doc: Json, r: Rand) {
  const all = containers(doc);
  const run = all.filter((c) => ["events", "config", "violation", "invariants"].includes(c.path[0] ?? ""));
  return r() < 0.5 && run.length > 0 ? run : all;
}

/** The mutation classes: each takes a parsed trace (mutating it) or its text, and says what it did. */
const MUTATIONS: Record<string, (doc: Json, r: Rand) => Json | string> = {
  "delete a key": (doc, r) => {
    const objs = containers(doc).filter((c) => !Array.isArray(c.value) && Object.keys(c.value).length > 0);
    const o = pick(r, objs).value as Record<string, Json>;
    delete o[pick(r, Object.keys(o))];
    return doc;
  },
  "duplicate a key under another name": (doc, r) => {
    const objs = containers(doc).filter((c) => !Array.isArray(c.value) && Object.keys(c.value).length > 0);
    const o = pick(r, objs).value as Record<string, Json>;
    const k = pick(r, Object.keys(o));
    o[pick(r, [`${k}2`, "node", "session", "type", "step", "__proto__"])] = o[k]!;
    return doc;
  },
  "swap two values": (doc, r) => {
    const objs = targets(doc, r).filter((c) => !Array.isArray(c.value) && Object.keys(c.value).length > 1);
    if (objs.length === 0) return doc;
    const o = pick(r, objs).value as Record<string, Json>;
    const [a, b] = [pick(r, Object.keys(o)), pick(r, Object.keys(o))];
    [o[a], o[b]] = [o[b]!, o[a]!];
    return doc;
  },
  "replace a value": (doc, r) => {
    const c = pick(r, targets(doc, r));
    const weird = pick(r, WEIRD);
    if (Array.isArray(c.value)) {
      if (c.value.length > 0) c.value[Math.floor(r() * c.value.length)] = weird;
    } else {
      const keys = Object.keys(c.value);
      if (keys.length > 0) c.value[pick(r, keys)] = weird;
    }
    return doc;
  },
  "replace a number": (doc, r) => {
    const nums = targets(doc, r).flatMap((c) => Object.entries(c.value).filter(([, v]) => typeof v === "number").map(([k]) => ({ c, k })));
    if (nums.length === 0) return doc;
    const { c, k } = pick(r, nums);
    (c.value as Record<string, Json>)[k] = pick(r, [-1, 0, 1e12, 1e308, -1e308, 2 ** 31, 3.25, 86_400_000, 99, 100_000]);
    return doc;
  },
  "truncate an array": (doc, r) => {
    const arrays = containers(doc).filter((c) => Array.isArray(c.value) && c.value.length > 0);
    if (arrays.length === 0) return doc;
    const a = pick(r, arrays).value as Json[];
    a.length = Math.floor(r() * a.length);
    return doc;
  },
  "change an event's type": (doc, r) => {
    const typed = targets(doc, r).filter((c) => !Array.isArray(c.value) && typeof c.value["type"] === "string");
    if (typed.length === 0) return doc;
    (pick(r, typed).value as Record<string, Json>)["type"] = pick(r, EVENT_TYPES);
    return doc;
  },
  "a BOM before the text": (doc) => `\uFEFF${JSON.stringify(doc, null, 2)}`,
  "the text cut short": (doc, r) => {
    const text = JSON.stringify(doc, null, 2);
    return text.slice(0, Math.floor(r() * text.length));
  },
};

const SHOW_VARIANTS: readonly ((file: string, dir: string, i: number) => string[])[] = [
  (file) => ["show", file, "--no-color"],
  (file, dir, i) => ["show", file, "--html", join(dir, `out-${i}.html`)],
  (file, dir, i) => ["show", file, "--history", join(dir, `out-${i}.json`)],
];

interface Failure {
  readonly mutation: string;
  readonly golden: string;
  readonly args: string;
  readonly what: string;
}

/** What is wrong with one command's answer, or null when it answered as a command should. */
async function misbehaviour(args: string[], statuses: Map<number, number>): Promise<string | null> {
  let r;
  try {
    r = await runInProcess(args);
  } catch (e) {
    statuses.set(-1, (statuses.get(-1) ?? 0) + 1);
    return `threw ${(e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e)).split("\n")[0]!.slice(0, 160)}`;
  }
  statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
  if (r.status === 2) {
    if (r.err.length !== 1) return `exit 2 with ${r.err.length} lines on stderr`;
    const line = r.err[0]!;
    if (line.includes("\n")) return "exit 2 with a line break in its message";
    // Short: a bad value is quoted up to 200 characters; the longest honest line names the
    // cluster's two dozen invariants beside an unknown one.
    if (line.length > 1000) return `exit 2 with a ${line.length}-character line`;
    if (/^\s+at /m.test(line)) return "exit 2 with a stack trace";
    return null;
  }
  if (r.status === 0) return r.out.length > 0 || r.err.some((l) => l.startsWith("note:")) ? null : "exit 0 with no output";
  if (r.status === 1) {
    const verdict = r.out.some((l) => /VIOLATION|DIFFERS/.test(l));
    return args[0] === "replay" && verdict ? null : `exit 1 without a verdict (${r.out.join(" | ").slice(0, 120)})`;
  }
  return `exit ${r.status}`;
}

describe("fuzzing replay and show with mutated golden traces", () => {
  it("every mutated trace gets a result or one line and exit 2, never an exception", { timeout: 120_000 }, async () => {
    const goldens = readdirSync(GOLDEN_DIR).filter((f) => f.endsWith(".json")).sort();
    const protocols = new Set(goldens.map((g) => JSON.parse(readFileSync(join(GOLDEN_DIR, g), "utf8")).protocol));
    expect([...protocols].sort()).toEqual(["cluster", "lease", "proxy", "replication"]);
    const dir = scratch();
    const r = rng(SEED);
    const names = Object.keys(MUTATIONS);
    const failures: Failure[] = [];
    const tried = new Map<string, number>();
    const statuses = new Map<number, number>();
    let i = 0;
    for (const golden of goldens) {
      const text = readFileSync(join(GOLDEN_DIR, golden), "utf8");
      for (let k = 0; k < PER_GOLDEN; k++, i++) {
        const mutation = names[(i + Math.floor(r() * names.length)) % names.length]!;
        // One to three mutations of the same class, so damage compounds now and then.
        let doc: Json | string = JSON.parse(text) as Json;
        const times = 1 + Math.floor(r() * 3);
        for (let t = 0; t < times && typeof doc !== "string"; t++) doc = MUTATIONS[mutation]!(doc, r);
        const file = join(dir, `m${i}.json`);
        writeFileSync(file, typeof doc === "string" ? doc : JSON.stringify(doc, null, 2));
        tried.set(mutation, (tried.get(mutation) ?? 0) + 1);
        for (const args of [["replay", file], SHOW_VARIANTS[i % SHOW_VARIANTS.length]!(file, dir, i)]) {
          const what = await misbehaviour(args, statuses);
          if (what !== null) failures.push({ mutation, golden, args: args.join(" ").replaceAll(dir, "DIR"), what });
        }
      }
    }
    // Every class was tried, on thousands of files in all.
    expect(names.filter((n) => (tried.get(n) ?? 0) < 50)).toEqual([]);
    expect(i).toBeGreaterThanOrEqual(2000);
    // The mutations are not all rejected at the door: many files still run, and many do not.
    expect(statuses.get(0) ?? 0).toBeGreaterThan(200);
    expect(statuses.get(2) ?? 0).toBeGreaterThan(200);
    // Grouped by what went wrong, so a failure reads as a list of bugs, not of files.
    const byKind = new Map<string, Failure[]>();
    for (const f of failures) byKind.set(`${f.args.split(" ")[0]} ${f.what.replace(/\d+/g, "N")}`, [...(byKind.get(`${f.args.split(" ")[0]} ${f.what.replace(/\d+/g, "N")}`) ?? []), f]);
    console.log(`fuzz: ${i} files; exit statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    const summary = [...byKind].map(([kind, fs]) => `${fs.length}× ${kind} (e.g. ${fs[0]!.mutation} of ${fs[0]!.golden}: ${fs[0]!.args})`);
    expect(summary).toEqual([]);
  });
});
