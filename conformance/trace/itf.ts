/**
 * A trace as ITF (the Informal Trace Format of Quint and Apalache): the model's state after every
 * step, so that Quint's tools (and anything else that reads ITF) can look at a haspec run, and the
 * way back. Values are encoded as Quint writes them: every integer a `#bigint`, `null` as Quint's
 * `None`. Model states hold only integers, strings, booleans, null, arrays and records; anything
 * ITF cannot say exactly (fractions, undefined) is refused rather than approximated.
 */
import type { Protocol } from "../../model/core/protocol.ts";
import { steps } from "../../model/core/run.ts";
import type { Ev } from "../kits/kit.ts";
import { ITF_FORMAT_DESCRIPTION, validateItf, type ItfDocument, type ItfRecord, type ItfState, type ItfValue } from "./itf-schema.ts";
import { lastShownStep, type Trace } from "./schema.ts";

export class ItfError extends Error {}

/** A Quint tuple (`#tup`); JS has none, and an array is an ITF list. */
export class Tuple {
  constructor(readonly items: readonly unknown[]) {}
}

export const tuple = (...items: readonly unknown[]): Tuple => new Tuple(items);

/** A value the writer could not serialise (`#unserializable`), kept as its text. */
export class Unserializable {
  constructor(readonly text: string) {}
}

/** Quint's `None`: a variant whose value is the unit, the empty tuple. */
const NONE = { tag: "None", value: { "#tup": [] } } as const;

/** Model-based-testing variables, as Quint names them, and haspec's own. */
const ACTION_TAKEN = "mbt::actionTaken";
const EVENT = "haspec::event";
const OUTPUTS = "haspec::outputs";
const isAuxiliary = (name: string): boolean => name.startsWith("mbt::") || name.startsWith("haspec::");

const at = (path: string): string => (path === "" ? "(top level)" : path);
const field = (path: string, key: string): string => (path === "" ? key : `${path}.${key}`);

export function toItfValue(v: unknown): ItfValue {
  return encode(v, "");
}

function encode(v: unknown, path: string): ItfValue {
  if (typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "bigint") return { "#bigint": v.toString() };
  if (typeof v === "number") {
    if (!Number.isInteger(v)) throw new ItfError(`${at(path)}: ${v} is not an integer, and ITF has integers only`);
    // BigInt, not String: String(1e21) is "1e+21".
    return { "#bigint": BigInt(v).toString() };
  }
  if (v === null) return NONE;
  if (Array.isArray(v)) return v.map((x, i) => encode(x, `${path}[${i}]`));
  if (v instanceof Tuple) return { "#tup": v.items.map((x, i) => encode(x, `${path}[${i}]`)) };
  if (v instanceof Set) return { "#set": [...v].map((x, i) => encode(x, `${path}[${i}]`)) };
  if (v instanceof Map) return { "#map": [...v].map(([k, x], i) => [encode(k, `${path}[${i}].key`), encode(x, `${path}[${i}].value`)] as const) };
  if (v instanceof Unserializable) return { "#unserializable": v.text };
  if (isPlainObject(v)) return encodeRecord(v, path);
  throw new ItfError(`${at(path)}: ${describeJs(v)} has no ITF encoding`);
}

function encodeRecord(v: object, path: string): ItfRecord {
  return Object.fromEntries(Object.entries(v).map(([k, x]) => {
    // ADR-015: field names do not start with "#", which marks the forms (#bigint, #set, ...).
    if (k.startsWith("#")) throw new ItfError(`${field(path, k)}: a record field must not start with "#"`);
    return [k, encode(x, field(path, k))];
  }));
}

function isPlainObject(v: unknown): v is object {
  if (typeof v !== "object" || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function describeJs(v: unknown): string {
  if (v === undefined) return "undefined";
  if (typeof v === "object") return `an instance of ${(v as object).constructor?.name ?? "an unknown class"}`;
  return `a ${typeof v}`;
}

/**
 * The inverse of `toItfValue`: an integer becomes a number when it is safe and a bigint when it
 * is not; a record a plain object; `None` null. Other variants stay records `{ tag, value }`.
 */
export function fromItfValue(json: unknown): unknown {
  return decode(json, "");
}

function decode(j: unknown, path: string): unknown {
  if (typeof j === "boolean" || typeof j === "string") return j;
  if (typeof j === "number") {
    if (!Number.isSafeInteger(j)) throw new ItfError(`${at(path)}: ${j} is not an integer in the safe range (write it as #bigint)`);
    return j;
  }
  if (Array.isArray(j)) return j.map((x, i) => decode(x, `${path}[${i}]`));
  if (typeof j !== "object" || j === null) throw new ItfError(`${at(path)}: ${String(j)} is not an ITF value`);
  const o = j as Record<string, unknown>;
  if ("#bigint" in o) return decodeInteger(o["#bigint"], field(path, "#bigint"));
  if ("#tup" in o) return new Tuple(items(o["#tup"], field(path, "#tup")));
  if ("#set" in o) return new Set(items(o["#set"], field(path, "#set")));
  if ("#map" in o) return new Map(entries(o["#map"], field(path, "#map")));
  if ("#unserializable" in o) return new Unserializable(String(o["#unserializable"]));
  if (isNone(o)) return null;
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, decode(x, field(path, k))]));
}

function decodeInteger(digits: unknown, path: string): number | bigint {
  if (typeof digits !== "string" || !/^-?[0-9]+$/.test(digits)) throw new ItfError(`${path}: expected a string of digits`);
  const n = BigInt(digits);
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

function items(list: unknown, path: string): unknown[] {
  if (!Array.isArray(list)) throw new ItfError(`${path}: expected a list`);
  return list.map((x, i) => decode(x, `${path}[${i}]`));
}

function entries(list: unknown, path: string): [unknown, unknown][] {
  if (!Array.isArray(list)) throw new ItfError(`${path}: expected a list of [key, value] pairs`);
  return list.map((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2) throw new ItfError(`${path}[${i}]: expected a [key, value] pair`);
    return [decode(pair[0], `${path}[${i}][0]`), decode(pair[1], `${path}[${i}][1]`)];
  });
}

function isNone(o: Record<string, unknown>): boolean {
  const keys = Object.keys(o);
  if (keys.length !== 2 || o.tag !== "None") return false;
  const value = o.value as Record<string, unknown> | undefined;
  return typeof value === "object" && value !== null && Array.isArray(value["#tup"]) && value["#tup"].length === 0 && Object.keys(value).length === 1;
}

/**
 * The trace as ITF: state 0 is the initial state and state k the state after event k−1, up to
 * the step `haspec show` stops at (the violating one, if any). Each state carries, besides the
 * model's variables, the event that led to it (`mbt::actionTaken` its type, "init" first, as
 * Quint writes it; `haspec::event` the whole event, None first) and that step's outputs.
 */
export function traceToItf<C, S, E extends Ev, O>(protocol: Protocol<C, S, E, O>, trace: Trace<E, O>, source?: string): ItfDocument {
  const config = protocol.configFromFlat(trace.config);
  const init = protocol.init(config);
  const names = Object.keys(Object.assign({}, init));
  const states: ItfState[] = [itfState(0, names, init, null, [])];
  for (const { step, event, after, outputs } of steps(protocol, config, trace.events.slice(0, lastShownStep(trace) + 1), init)) {
    states.push(itfState(step + 1, names, after, event, outputs));
  }
  return { "#meta": meta(trace, source), vars: [...names, ACTION_TAKEN, EVENT, OUTPUTS], states };
}

function itfState(index: number, names: readonly string[], state: unknown, event: Ev | null, outputs: readonly unknown[]): ItfState {
  const fields: object = Object.assign({}, state);
  const vars = Object.fromEntries(names.map((n) => [n, encode(Reflect.get(fields, n), n)]));
  return {
    "#meta": { index },
    ...vars,
    [ACTION_TAKEN]: event === null ? "init" : event.type,
    [EVENT]: encode(event, EVENT),
    [OUTPUTS]: encode(outputs, OUTPUTS),
  };
}

function meta<E, O>(trace: Trace<E, O>, source: string | undefined): Record<string, unknown> {
  const v = trace.violation;
  return {
    format: "ITF",
    "format-description": ITF_FORMAT_DESCRIPTION,
    ...(source === undefined ? {} : { source }),
    status: v === null ? "ok" : "violation",
    description: `A ${trace.protocol} trace replayed through haspec's model: state k is the state after event k-1.`,
    protocol: trace.protocol,
    preset: trace.preset,
    seed: trace.seed,
    config: trace.config,
    // `state` is the ITF state in which the invariant fails: the one after the violating event.
    violation: v === null ? null : { invariant: v.invariant, step: v.step, message: v.message, state: v.step + 1 },
  };
}

/**
 * An ITF document back into the model's states (the `mbt::` and `haspec::` variables left out)
 * and, when it has them, the events between them. Throws an ItfError naming the path when the
 * document is not ITF.
 */
export function itfToStates(json: unknown): { states: Record<string, unknown>[]; events: { type: string }[] } {
  const valid = validateItf(json);
  if (!valid.ok) throw new ItfError(valid.error);
  const doc = json as ItfDocument;
  // Quint lists the mbt:: variables twice in some versions: read each variable once.
  const names = [...new Set(doc.vars)].filter((n) => !isAuxiliary(n));
  const states = doc.states.map((s, i) => Object.fromEntries(names.map((n) => [n, decode(s[n], `states[${i}].${n}`)])));
  const events = doc.vars.includes(EVENT) ? doc.states.slice(1).map((s, i) => decode(s[EVENT], `states[${i + 1}].${EVENT}`) as { type: string }) : [];
  return { states, events };
}
