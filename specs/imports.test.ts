/**
 * Tests that imports run one way (issue 13): `model` ← `conformance` ← its CLI; adapters depend
 * on the contract, the shared core and the model's types only; runtime code imports nothing
 * from `specs/`; and no two files import each other, directly or around a loop.
 *
 * Imports are read from the source text: static `import … from` / `export … from` at the start
 * of a line (the house style), side-effect `import "…"`, and dynamic `import("…")`. `import type`
 * counts as an import for cycles (a loop of types is still a loop in the design) but not as a
 * runtime dependency.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");
/** The folders the tool ships; scripts/ (README and example generators) and specs/ are not among them. */
const RUNTIME = ["model", "conformance", "adapters", "catalogue", "bench", "bin"].filter((d) => existsSync(join(ROOT, d)));

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly typeOnly: boolean;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|js|mjs)$/.test(name) ? [path] : [];
  });
}

const STATIC = /^(?:import|export)\b(\s+type\b)?[^;]*?\bfrom\s*["']([^"']+)["']/gm;
const SIDE_EFFECT = /^import\s*["']([^"']+)["']/gm;
const DYNAMIC = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

/** The relative imports of a source text, as written. */
export function importsOf(text: string): { readonly spec: string; readonly typeOnly: boolean }[] {
  return [
    ...[...text.matchAll(STATIC)].map((m) => ({ spec: m[2]!, typeOnly: m[1] !== undefined })),
    ...[...text.matchAll(SIDE_EFFECT)].map((m) => ({ spec: m[1]!, typeOnly: false })),
    ...[...text.matchAll(DYNAMIC)].map((m) => ({ spec: m[1]!, typeOnly: false })),
  ].filter((i) => i.spec.startsWith("."));
}

const files = RUNTIME.flatMap((d) => sources(join(ROOT, d))).map((f) => relative(ROOT, f));
const edges: Edge[] = files.flatMap((from) =>
  importsOf(readFileSync(join(ROOT, from), "utf8")).map((i) => ({ from, to: relative(ROOT, resolve(ROOT, dirname(from), i.spec)), typeOnly: i.typeOnly })),
);
const folder = (path: string): string => path.split("/")[0]!;
const show = (e: Edge): string => `${e.from} → ${e.to}${e.typeOnly ? " (type)" : ""}`;

/** The strongly connected components of more than one file (Tarjan), each a set of files importing one another in a loop. */
export function cycles(nodes: readonly string[], deps: readonly { readonly from: string; readonly to: string }[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of deps) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || deps.some((e) => e.from === v && e.to === v)) found.push(component.sort());
  };
  for (const n of nodes) if (!index.has(n)) visit(n);
  return found;
}

/**
 * Adapter imports of model values that issue 13 does not allow, known and reported: the SQL
 * adapters read their typed configuration with the model's own reader because the adapter
 * contract hands them a flat one (adapters/contract.ts `start(config: FlatConfig)`). The fix is
 * a contract change (start with the kit's typed config); until then this list must shrink, never grow.
 */
const KNOWN_ADAPTER_VALUE_IMPORTS = ["adapters/core/sql-adapter.ts → model/replication/config.ts"];

describe("imports", () => {
  it("the reader finds the imports this codebase writes", () => {
    const text = [
      'import type { A } from "./a.ts";',
      'import { b, type C } from "../b.ts";',
      "import {\n  d,\n  e,\n} from './d.ts';",
      'export { f } from "./f.ts";',
      'export type * from "./g.ts";',
      'import "./h.ts";',
      'const i = await import("./i.ts");',
      'import { parseArgs } from "node:util";',
    ].join("\n");
    expect(importsOf(text)).toEqual([
      { spec: "./a.ts", typeOnly: true }, { spec: "../b.ts", typeOnly: false }, { spec: "./d.ts", typeOnly: false },
      { spec: "./f.ts", typeOnly: false }, { spec: "./g.ts", typeOnly: true }, { spec: "./h.ts", typeOnly: false }, { spec: "./i.ts", typeOnly: false },
    ]);
  });

  it("the cycle finder finds loops, long and short", () => {
    expect(cycles(["a", "b", "c", "d"], [{ from: "a", to: "b" }, { from: "b", to: "c" }, { from: "c", to: "a" }, { from: "c", to: "d" }])).toEqual([["a", "b", "c"]]);
    expect(cycles(["a", "b"], [{ from: "a", to: "b" }])).toEqual([]);
  });

  it("reads every runtime folder, and every relative import names a file that exists", () => {
    expect(RUNTIME).toEqual(expect.arrayContaining(["model", "conformance", "adapters", "catalogue", "bench"]));
    expect(edges.length).toBeGreaterThan(500);
    expect(edges.filter((e) => !existsSync(join(ROOT, e.to))).map(show)).toEqual([]);
  });

  it("no import cycles", () => {
    expect(cycles(files, edges)).toEqual([]);
  });

  it("runtime code imports nothing from specs/", () => {
    expect(edges.filter((e) => folder(e.to) === "specs").map(show)).toEqual([]);
  });

  it("model/ imports only model/: nothing from conformance/, adapters/ or anything else", () => {
    expect(edges.filter((e) => folder(e.from) === "model" && folder(e.to) !== "model").map(show)).toEqual([]);
  });

  it("adapters import from conformance/ nothing but the kits' types", () => {
    const bad = edges.filter((e) => folder(e.from) === "adapters" && folder(e.to) === "conformance" && !(e.typeOnly && e.to.startsWith("conformance/kits/")));
    expect(bad.map(show)).toEqual([]);
  });

  // A protocol's types and reasons (model/*/{types,reasons}.ts) are the vocabulary of its outputs,
  // not a rule: an adapter that reports a refusal words it as the model does (and says "no
  // primary" with the same constant), so the two compare by kind.
  const vocabulary = (to: string): boolean => to.startsWith("model/core/") || /^model\/[a-z]+\/(reasons|types)\.ts$/.test(to);
  it("adapters take from model/ only types, the shared core and the outputs' vocabulary, apart from the known, reported exceptions", () => {
    const values = edges.filter((e) => folder(e.from) === "adapters" && folder(e.to) === "model" && !e.typeOnly && !vocabulary(e.to));
    expect(values.map(show).sort()).toEqual(KNOWN_ADAPTER_VALUE_IMPORTS);
  });
});
