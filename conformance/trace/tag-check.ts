/**
 * The decode's first pass over a trace's events and outputs: every entry is an object whose
 * `type` its protocol knows, and so are the parts' events and outputs the cluster nests. A
 * union's own message lists every alternative; this one says which entry and what is wrong,
 * quoting at most QUOTE_MAX characters of it. Everything else is left to the schemas.
 */
import { tagSpecOf, type TagSpec } from "./tagged.ts";

export const QUOTE_MAX = 200;
const LINE_MAX = 600;

/** A value as a person reads it in a one-line error, cut to QUOTE_MAX characters. */
export function quote(value: unknown): string {
  const text = value === undefined ? "undefined" : (JSON.stringify(value) ?? String(value));
  return text.length <= QUOTE_MAX ? text : `${text.slice(0, QUOTE_MAX)}… (${text.length} characters)`;
}

/** A message made safe for one line of a terminal: no line breaks, bounded length. */
export function oneLine(message: string): string {
  const flat = message.replace(/\s+/g, " ");
  return flat.length <= LINE_MAX ? flat : `${flat.slice(0, LINE_MAX)}…`;
}

/** A top-level key of the trace, the schema of its entries, and how deeply they nest in arrays. */
export type Root = readonly [key: string, schema: unknown, depth: 1 | 2];

/** The first entry under `roots` that is not an object of a known type, as one line; else null. */
export function firstBadTag(trace: unknown, roots: readonly Root[]): string | null {
  if (typeof trace !== "object" || trace === null) return null;
  for (const [key, schema, depth] of roots) {
    const spec = tagSpecOf(schema);
    if (spec === undefined || !Object.hasOwn(trace, key)) continue;
    const value = (trace as Record<string, unknown>)[key];
    const bad = depth === 1 ? inList(value, key, spec) : inLists(value, key, spec);
    if (bad !== null) return bad;
  }
  return null;
}

function inLists(value: unknown, path: string, spec: TagSpec): string | null {
  if (!Array.isArray(value)) return null;
  for (let i = 0; i < value.length; i++) {
    const bad = inList(value[i], `${path}[${i}]`, spec);
    if (bad !== null) return bad;
  }
  return null;
}

function inList(value: unknown, path: string, spec: TagSpec): string | null {
  if (!Array.isArray(value)) return null;
  for (let i = 0; i < value.length; i++) {
    const bad = inEntry(value[i], `${path}[${i}]`, spec);
    if (bad !== null) return bad;
  }
  return null;
}

function inEntry(entry: unknown, path: string, spec: TagSpec): string | null {
  const known = `known: ${[...spec.fields.keys()].join(", ")}`;
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return `${path}: expected an ${spec.noun} (an object with a "type"), got ${quote(entry)}`;
  if (!Object.hasOwn(entry, "type")) return `${path}.type: missing; an ${spec.noun} names its type (${known})`;
  const type = (entry as { type: unknown }).type;
  if (typeof type !== "string") return `${path}.type: expected a string, got ${quote(type)}`;
  const fields = spec.fields.get(type);
  if (fields === undefined) return `${path}.type: unknown ${spec.noun} type ${quote(type)} (${known})`;
  for (const [name, schema] of Object.entries(fields)) {
    const nested = tagSpecOf(schema);
    if (nested === undefined || !Object.hasOwn(entry, name)) continue;
    const bad = inEntry((entry as Record<string, unknown>)[name], `${path}.${name}`, nested);
    if (bad !== null) return bad;
  }
  return null;
}
