/**
 * Knobs: configuration settings named after the real setting they mirror, so that a user can
 * paste their own. A protocol declares its knobs as data; validation lives here so that every
 * protocol reports bad values the same way.
 *
 * A knob is declared once with a typed builder (`intKnob`, `enumKnob`, …). The builder's value
 * carries the knob's data (`spec`, what `--help`, the README and validation read) and `read`,
 * which takes the knob's value out of a validated flat configuration with its own type, so a
 * protocol's `configFromFlat` needs no casts.
 */
import { assert } from "./assert.ts";

export type KnobValue = number | string | boolean;
export type FlatConfig = Readonly<Record<string, KnobValue>>;

interface KnobBase {
  readonly name: string;
  readonly doc: string;
  /** The real setting this knob mirrors, for the README and `--help`. */
  readonly mirrors: string;
  readonly safe: string;
  readonly unsafe: string;
}

interface IntSpec extends KnobBase { readonly kind: "int"; readonly min: number; readonly max: number; readonly default: number; readonly unit: string }
interface IntOrUnboundedSpec extends KnobBase {
  readonly kind: "int-or-unbounded";
  readonly min: number;
  readonly max: number;
  readonly default: number | "unbounded";
  readonly unit: string;
}
interface EnumSpec extends KnobBase { readonly kind: "enum"; readonly values: readonly string[]; readonly default: string }
interface BoolSpec extends KnobBase { readonly kind: "bool"; readonly default: boolean }
/**
 * Free text in the real setting's own syntax. `check` says why a (trimmed) text is not
 * acceptable, or returns null; it is a parser, not a regular expression, so that no input can
 * make validation slow.
 */
interface StringSpec extends KnobBase { readonly kind: "string"; readonly default: string; readonly check: (text: string) => string | null }

export type KnobSpec = IntSpec | IntOrUnboundedSpec | EnumSpec | BoolSpec | StringSpec;

/** The result of reading one knob value: the value, or why it is not acceptable. */
export type KnobParse = { readonly ok: true; readonly value: KnobValue } | { readonly ok: false; readonly error: string };

const INT = /^-?\d+$/;

/** At most 200 characters of a bad value, quoted, so that an error stays one short line. */
export function quoted(raw: KnobValue): string {
  const text = String(raw);
  return text.length <= 200 ? JSON.stringify(raw) : `${JSON.stringify(text.slice(0, 200))}… (${text.length} characters)`;
}

/** Reads a value given as text (from `--set k=v`) or as JSON (from a trace file). */
export function parseKnob(spec: KnobSpec, raw: KnobValue): KnobParse {
  const text = String(raw).trim();
  switch (spec.kind) {
    case "bool":
      if (raw === true || text === "true" || text === "on" || text === "1") return { ok: true, value: true };
      if (raw === false || text === "false" || text === "off" || text === "0") return { ok: true, value: false };
      return { ok: false, error: `${spec.name} must be true or false, got ${quoted(raw)}` };
    case "enum":
      return spec.values.includes(text)
        ? { ok: true, value: text }
        : { ok: false, error: `${spec.name} must be one of ${spec.values.join(" | ")}, got ${quoted(raw)}` };
    case "int-or-unbounded":
      if (text === "unbounded" || text === "infinite") return { ok: true, value: "unbounded" };
      return parseInt(spec, text, raw, " or unbounded");
    case "int":
      return parseInt(spec, text, raw, "");
    case "string": {
      const why = spec.check(text);
      return why === null
        ? { ok: true, value: text }
        : { ok: false, error: `${spec.name} is not in the form the setting takes (${why}), got ${quoted(raw)}` };
    }
  }
}

function parseInt(spec: IntSpec | IntOrUnboundedSpec, text: string, raw: KnobValue, extra: string): KnobParse {
  if (!INT.test(text)) return { ok: false, error: `${spec.name} must be a whole number${extra}, got ${quoted(raw)}` };
  const value = Number(text);
  if (value < spec.min || value > spec.max) {
    return { ok: false, error: `${spec.name} must be between ${spec.min} and ${spec.max} ${spec.unit}, got ${value}`.trimEnd() };
  }
  return { ok: true, value };
}

export function knobDefaults(specs: readonly KnobSpec[]): Record<string, KnobValue> {
  return Object.fromEntries(specs.map((s) => [s.name, s.default]));
}

/**
 * Merges layers of settings over the defaults, in order, validating each. Returns the first
 * problem as one line naming the knob, so the CLI can print it and exit 2. Names are looked up
 * in a Map, so `__proto__`, `toString` and the like are unknown knobs like any other.
 */
export function resolveConfig(
  specs: readonly KnobSpec[],
  layers: readonly FlatConfig[],
): { ok: true; config: FlatConfig } | { ok: false; error: string } {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const out = new Map<string, KnobValue>(specs.map((s) => [s.name, s.default]));
  for (const layer of layers) {
    for (const [name, raw] of Object.entries(layer)) {
      const spec = byName.get(name);
      if (spec === undefined) return { ok: false, error: `unknown knob ${quotedName(name)} (${knownKnobs([...byName.keys()], name)})` };
      const parsed = parseKnob(spec, raw);
      if (!parsed.ok) return parsed;
      out.set(name, parsed.value);
    }
  }
  // In declaration order, so that traces are byte-identical however they were built.
  return { ok: true, config: Object.fromEntries(out) };
}

/**
 * The knobs to name beside an unknown one: all of them when few, else those sharing its prefix
 * (`lease.` for `lease.ttl`), so the error stays one short line; `haspec knobs` lists the rest.
 */
function knownKnobs(known: readonly string[], name: string): string {
  if (known.length <= 12) return `known: ${known.join(", ")}`;
  const prefix = name.includes(".") ? name.slice(0, name.indexOf(".") + 1) : null;
  const near = prefix === null ? [] : known.filter((k) => k.startsWith(prefix));
  return near.length > 0 && near.length <= 12 ? `known ${prefix}*: ${near.join(", ")}; haspec knobs lists all` : "haspec knobs lists the known ones";
}

/** A knob name as the user typed it: bare when it is plain, else quoted and cut to 200 characters. */
export const quotedName = (name: string): string => (/^[\x21-\x7e]{1,200}$/.test(name) ? name : quoted(name));

/** A declared knob: its data, and how to read its value, typed, from a validated configuration. */
export interface Knob<T> {
  readonly spec: KnobSpec;
  /** Total on a configuration `resolveConfig` produced; anything else is a bug in the caller. */
  readonly read: (flat: FlatConfig) => T;
}

type Fields<S extends KnobSpec> = Omit<S, "kind">;

function valueOf(flat: FlatConfig, name: string): KnobValue {
  const v = Object.hasOwn(flat, name) ? flat[name] : undefined;
  assert(v !== undefined, `knob ${name} read from a configuration that does not have it`);
  return v;
}

function wrongKind(name: string, v: KnobValue, expected: string): never {
  throw new Error(`model assertion failed: knob ${name} holds ${JSON.stringify(v)}, not ${expected}: read before validation`);
}

export function intKnob(f: Fields<IntSpec>): Knob<number> {
  return {
    spec: { kind: "int", ...f },
    read: (flat) => {
      const v = valueOf(flat, f.name);
      return typeof v === "number" ? v : wrongKind(f.name, v, "a number");
    },
  };
}

export function intOrUnboundedKnob(f: Fields<IntOrUnboundedSpec>): Knob<number | "unbounded"> {
  return {
    spec: { kind: "int-or-unbounded", ...f },
    read: (flat) => {
      const v = valueOf(flat, f.name);
      return typeof v === "number" || v === "unbounded" ? v : wrongKind(f.name, v, "a number or unbounded");
    },
  };
}

/** An enumeration; give `values` `as const` so that the knob reads as their union. */
export function enumKnob<const V extends readonly string[]>(f: Omit<Fields<EnumSpec>, "values" | "default"> & { readonly values: V; readonly default: V[number] }): Knob<V[number]> {
  return {
    spec: { kind: "enum", ...f },
    read: (flat) => {
      const v = valueOf(flat, f.name);
      const found = f.values.find((x) => x === v);
      return found !== undefined ? found : wrongKind(f.name, v, f.values.join(" | "));
    },
  };
}

export function boolKnob(f: Fields<BoolSpec>): Knob<boolean> {
  return {
    spec: { kind: "bool", ...f },
    read: (flat) => {
      const v = valueOf(flat, f.name);
      return typeof v === "boolean" ? v : wrongKind(f.name, v, "true or false");
    },
  };
}

export function stringKnob(f: Fields<StringSpec>): Knob<string> {
  return {
    spec: { kind: "string", ...f },
    read: (flat) => {
      const v = valueOf(flat, f.name);
      return typeof v === "string" ? v : wrongKind(f.name, v, "text");
    },
  };
}

/** The knobs' data in declaration order: what `Protocol.knobs`, `--help` and the README list. */
export function knobSpecs(knobs: Readonly<Record<string, Knob<unknown>>>): readonly KnobSpec[] {
  return Object.values(knobs).map((k) => k.spec);
}
