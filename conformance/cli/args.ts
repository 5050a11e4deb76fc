/** Command-line parsing on node:util parseArgs; every mistake becomes a one-line UsageError. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { FlatConfig } from "../../model/core/knobs.ts";
import { quote, UsageError } from "../usage.ts";

export { quote };

/**
 * Parses a command's options. `positionals` is how many plain arguments the command takes (FILE
 * for replay and show, any number for merge): one more is a mistake said at once, not ignored.
 */
export function parse<const O extends NonNullable<ParseArgsConfig["options"]>>(args: readonly string[], options: O, positionals = 0) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(clip(e instanceof Error ? e.message.split("\n")[0]! : String(e)));
  }
  const stray = parsed.positionals[positionals];
  if (stray !== undefined) throw new UsageError(`unexpected argument ${quote(stray)}`);
  return parsed;
}

function clip(line: string): string {
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/**
 * `--set name=value ...` as a flat record. Built from a Map so that every name the user typed
 * becomes an own property, `__proto__` included, and validation reports it as an unknown knob
 * instead of an assignment to the prototype silently dropping it.
 */
export function parseSets(sets: readonly string[] | undefined): FlatConfig {
  const out = new Map<string, string>();
  for (const s of sets ?? []) {
    const eq = s.indexOf("=");
    if (eq <= 0) throw new UsageError(`--set expects name=value, got ${quote(s)}`);
    out.set(s.slice(0, eq).trim(), s.slice(eq + 1).trim());
  }
  return Object.fromEntries(out);
}

export function parseCount(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new UsageError(`--${name} must be a whole number, got ${quote(raw)}`);
  const n = Number(raw);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

export function parseList(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const names = raw.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (names.length === 0) throw new UsageError("--invariants needs at least one name");
  return names;
}
