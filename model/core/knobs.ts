/**
 * Knobs: configuration settings named after the real setting they mirror, so that a user can
 * paste their own. A protocol declares its knobs as data; validation lives here so that every
 * protocol reports bad values the same way.
 */

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

export type KnobSpec =
  | (KnobBase & { readonly kind: "int"; readonly min: number; readonly max: number; readonly default: number; readonly unit: string })
  | (KnobBase & {
      readonly kind: "int-or-unbounded";
      readonly min: number;
      readonly max: number;
      readonly default: number | "unbounded";
      readonly unit: string;
    })
  | (KnobBase & { readonly kind: "enum"; readonly values: readonly string[]; readonly default: string })
  | (KnobBase & { readonly kind: "bool"; readonly default: boolean })
  /** Free text in the real setting's own syntax; `pattern` (a regular expression) says what is accepted. */
  | (KnobBase & { readonly kind: "string"; readonly default: string; readonly pattern: string });

/** The result of reading one knob value: the value, or why it is not acceptable. */
export type KnobParse = { readonly ok: true; readonly value: KnobValue } | { readonly ok: false; readonly error: string };

const INT = /^-?\d+$/;

/** Reads a value given as text (from `--set k=v`) or as JSON (from a trace file). */
export function parseKnob(spec: KnobSpec, raw: KnobValue): KnobParse {
  const text = String(raw).trim();
  switch (spec.kind) {
    case "bool":
      if (raw === true || text === "true" || text === "on" || text === "1") return { ok: true, value: true };
      if (raw === false || text === "false" || text === "off" || text === "0") return { ok: true, value: false };
      return { ok: false, error: `${spec.name} must be true or false, got ${JSON.stringify(raw)}` };
    case "enum":
      return spec.values.includes(text)
        ? { ok: true, value: text }
        : { ok: false, error: `${spec.name} must be one of ${spec.values.join(" | ")}, got ${JSON.stringify(raw)}` };
    case "int-or-unbounded":
      if (text === "unbounded" || text === "infinite") return { ok: true, value: "unbounded" };
      return parseInt(spec, text, raw, " or unbounded");
    case "int":
      return parseInt(spec, text, raw, "");
    case "string":
      return new RegExp(spec.pattern).test(text)
        ? { ok: true, value: text }
        : { ok: false, error: `${spec.name} is not in the form the setting takes, got ${JSON.stringify(raw)}` };
  }
}

function parseInt(spec: KnobSpec & { min: number; max: number; unit: string }, text: string, raw: KnobValue, extra: string): KnobParse {
  if (!INT.test(text)) return { ok: false, error: `${spec.name} must be a whole number${extra}, got ${JSON.stringify(raw)}` };
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
 * problem as one line naming the knob, so the CLI can print it and exit 2.
 */
export function resolveConfig(
  specs: readonly KnobSpec[],
  layers: readonly FlatConfig[],
): { ok: true; config: FlatConfig } | { ok: false; error: string } {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const out: Record<string, KnobValue> = knobDefaults(specs);
  for (const layer of layers) {
    for (const [name, raw] of Object.entries(layer)) {
      const spec = byName.get(name);
      if (spec === undefined) return { ok: false, error: `unknown knob ${shown(name)} (${knownKnobs([...byName.keys()], name)})` };
      const parsed = parseKnob(spec, raw);
      if (!parsed.ok) return parsed;
      out[name] = parsed.value;
    }
  }
  return { ok: true, config: canonicalOrder(specs, out) };
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

/** A name as quoted in an error: at most 200 characters, control characters escaped. */
function shown(name: string): string {
  return name.length <= 200 && !/[\u0000-\u001f\u007f]/.test(name) ? name : JSON.stringify(name.length > 200 ? `${name.slice(0, 200)}…` : name);
}

/** Knobs in declaration order, so that traces are byte-identical however they were built. */
function canonicalOrder(specs: readonly KnobSpec[], config: Record<string, KnobValue>): FlatConfig {
  return Object.fromEntries(specs.map((s) => [s.name, config[s.name] as KnobValue]));
}
