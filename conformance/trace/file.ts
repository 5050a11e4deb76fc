/**
 * Reading and writing trace files. Writing is canonical (fixed key order, two-space JSON, one
 * trailing newline), so the same run writes the same bytes. Reading bounds size and reports a
 * problem as one line naming the file and the field.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { MODEL_VERSION } from "../../model/core/version.ts";
import type { Trace } from "./schema.ts";

export const MAX_TRACE_BYTES = 64 * 1024 * 1024;

export class TraceError extends Error {}

/**
 * A JSON file read with a size bound, every problem one line naming the file (made into the
 * caller's error type): shared by trace files and shard results.
 */
export function readJsonFile(path: string, maxBytes: number, fail: (message: string) => Error): unknown {
  const cannotRead = (e: unknown): Error => fail(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    throw cannotRead(e);
  }
  if (size > maxBytes) throw fail(`${path}: larger than ${maxBytes} bytes`);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw cannotRead(e);
  }
  try {
    // Editors on Windows start a UTF-8 file with a byte-order mark, which JSON.parse refuses.
    return JSON.parse(text.startsWith("\uFEFF") ? text.slice(1) : text);
  } catch (e) {
    throw fail(`${path}: not valid JSON (${(e instanceof Error ? e.message : String(e)).replace(/\s+/g, " ")})`);
  }
}

export function renderTrace<E, O>(t: Trace<E, O>): string {
  const ordered: Trace<E, O> = {
    format: t.format, version: t.version, ...(t.model === undefined ? {} : { model: t.model }), protocol: t.protocol, preset: t.preset, config: t.config,
    invariants: t.invariants, seed: t.seed, events: t.events, outputs: t.outputs, violation: t.violation,
    ...(t.adapter === undefined ? {} : { adapter: t.adapter }),
    ...(t.observed === undefined ? {} : { observed: t.observed }),
    ...(t.observedViolation === undefined ? {} : { observedViolation: t.observedViolation }),
    ...(t.divergence === undefined ? {} : { divergence: t.divergence }),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

export function writeTrace<E, O>(path: string, t: Trace<E, O>): void {
  writeText(path, renderTrace(t));
}

/** Writes a file, making its directory first: traces and their exports go where the user named. */
export function writeText(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** A trace file parsed, not yet decoded: its protocol's kit decodes it (kits/load.ts). */
export function readTraceJson(path: string): unknown {
  return readJsonFile(path, MAX_TRACE_BYTES, (m) => new TraceError(m));
}

/**
 * One line for a trace written by another model version (or by a version-1 writer, which
 * recorded none), said before it is run again under this one; null when the versions agree.
 */
export function modelVersionNote<E, O>(t: Trace<E, O>): string | null {
  if (t.model === MODEL_VERSION) return null;
  const written = t.model === undefined ? "was written before traces recorded the model version" : `was written by model version ${JSON.stringify(t.model)}`;
  return `note: this trace ${written}; this is model version ${MODEL_VERSION}; re-running it under ${MODEL_VERSION}`;
}
