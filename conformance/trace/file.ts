/**
 * Reading and writing trace files. Writing is canonical (fixed key order, two-space JSON, one
 * trailing newline), so the same run writes the same bytes. Reading bounds size and reports a
 * problem as one line naming the file and the field.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { decodeTrace, type Trace } from "./schema.ts";

export const MAX_TRACE_BYTES = 64 * 1024 * 1024;

export class TraceError extends Error {}

export function renderTrace(t: Trace): string {
  const ordered: Trace = {
    format: t.format, version: t.version, protocol: t.protocol, preset: t.preset, config: t.config,
    invariants: t.invariants, seed: t.seed, events: t.events, outputs: t.outputs, violation: t.violation,
    ...(t.adapter === undefined ? {} : { adapter: t.adapter }),
    ...(t.observed === undefined ? {} : { observed: t.observed }),
    ...(t.observedViolation === undefined ? {} : { observedViolation: t.observedViolation }),
    ...(t.divergence === undefined ? {} : { divergence: t.divergence }),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

export function writeTrace(path: string, t: Trace): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, renderTrace(t));
}

export function readTrace(path: string): Trace {
  let text: string;
  try {
    if (statSync(path).size > MAX_TRACE_BYTES) throw new TraceError(`${path}: larger than ${MAX_TRACE_BYTES} bytes`);
    text = readFileSync(path, "utf8");
  } catch (e) {
    if (e instanceof TraceError) throw e;
    throw new TraceError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return parseTrace(path, text);
}

export function parseTrace(path: string, text: string): Trace {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new TraceError(`${path}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const decoded = decodeTrace(value);
  if (!decoded.ok) throw new TraceError(`${path}: ${decoded.error}`);
  return decoded.trace;
}
