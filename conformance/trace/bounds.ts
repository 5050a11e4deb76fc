/**
 * The check a schema cannot make alone: every node and session a trace names exists in the
 * trace's own configuration. Histories name nodes and sessions directly (drawn below the
 * configured count), so a larger index is a damaged or hand-made file, refused rather than
 * wrapped. Picks are positions among whatever is live when the event is taken and wrap by
 * design (leaves.ts), so they are not checked here.
 */
import { Node, Session } from "./leaves.ts";
import { quote, type Root } from "./tag-check.ts";
import { tagSpecOf } from "./tagged.ts";

/** How many nodes and client sessions a configuration has (0 sessions for protocols without clients). */
export interface IndexBounds {
  readonly nodes: number;
  readonly sessions: number;
}

/** The first node or session under `roots` (key, entry schema, array depth) beyond `bounds`, as one line; else null. */
export function firstBeyond(trace: object, roots: readonly Root[], bounds: IndexBounds): string | null {
  for (const [key, schema, depth] of roots) {
    if (!Object.hasOwn(trace, key)) continue;
    const value: unknown = (trace as Record<string, unknown>)[key];
    const bad = depth === 1 ? inList(value, key, schema, bounds) : inLists(value, key, schema, bounds);
    if (bad !== null) return bad;
  }
  return null;
}

function inLists(value: unknown, path: string, schema: unknown, bounds: IndexBounds): string | null {
  if (!Array.isArray(value)) return null;
  for (let i = 0; i < value.length; i++) {
    const bad = inList(value[i], `${path}[${i}]`, schema, bounds);
    if (bad !== null) return bad;
  }
  return null;
}

function inList(value: unknown, path: string, schema: unknown, bounds: IndexBounds): string | null {
  if (!Array.isArray(value)) return null;
  for (let i = 0; i < value.length; i++) {
    const bad = inValue(value[i], `${path}[${i}]`, schema, bounds);
    if (bad !== null) return bad;
  }
  return null;
}

/** Walks a value beside its schema: tagged unions by type, structs by field, unions by member, optional fields and arrays by their schema. */
function inValue(value: unknown, path: string, schema: unknown, bounds: IndexBounds): string | null {
  if (schema === Node) return typeof value === "number" && value >= bounds.nodes ? beyond(path, value, bounds.nodes, "node") : null;
  if (schema === Session) return typeof value === "number" && value >= bounds.sessions ? beyond(path, value, bounds.sessions, "session") : null;
  // An array's item schema and an optional field's schema are both its `schema`.
  if (hasKey(schema, "schema")) return isArraySchema(schema) ? inList(value, path, schema.schema, bounds) : inValue(value, path, schema.schema, bounds);
  if (tagSpecOf(schema) === undefined && hasKey(schema, "members") && Array.isArray(schema.members)) {
    // A union's value may be a node itself (a node or null), so this comes before objects.
    for (const member of schema.members) {
      const bad = inValue(value, path, member, bounds);
      if (bad !== null) return bad;
    }
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const spec = tagSpecOf(schema);
  if (spec !== undefined) {
    const fields = spec.fields.get(String((value as { type?: unknown }).type));
    return fields === undefined ? null : inFields(value, path, fields, bounds);
  }
  if (hasKey(schema, "fields")) return inFields(value, path, schema.fields, bounds);
  return null;
}

function inFields(value: object, path: string, fields: unknown, bounds: IndexBounds): string | null {
  if (typeof fields !== "object" || fields === null) return null;
  for (const [name, field] of Object.entries(fields)) {
    if (!Object.hasOwn(value, name)) continue;
    const bad = inValue((value as Record<string, unknown>)[name], `${path}.${name}`, field, bounds);
    if (bad !== null) return bad;
  }
  return null;
}

function isArraySchema(schema: object): boolean {
  return hasKey(schema, "ast") && hasKey(schema.ast, "_tag") && schema.ast._tag === "Arrays";
}

function hasKey<K extends string>(x: unknown, key: K): x is Record<K, unknown> {
  return (typeof x === "object" || typeof x === "function") && x !== null && key in x;
}

function beyond(path: string, index: number, count: number, noun: "node" | "session"): string {
  const named = noun === "node" ? `n1..n${count}` : `0..${count - 1}`;
  return `${path}: ${noun} ${quote(index)} is not in this trace's configuration (${count} ${noun}s: ${count === 0 ? "none" : named})`;
}
