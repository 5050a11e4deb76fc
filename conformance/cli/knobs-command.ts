/** `haspec knobs` and `haspec presets`: what can be set, and the named configurations. */
import type { KnobSpec } from "../../model/core/knobs.ts";
import { findProtocol, protocols } from "../protocols.ts";
import { parse } from "./args.ts";
import type { Io } from "./io.ts";

function range(k: KnobSpec): string {
  switch (k.kind) {
    case "int": return `${k.min}..${k.max} ${k.unit}`;
    case "int-or-unbounded": return `${k.min}..${k.max} ${k.unit} | unbounded`;
    case "enum": return k.values.join(" | ");
    case "bool": return "true | false";
    case "string": return "text";
  }
}

function chosen(args: readonly string[]) {
  const { values } = parse(args, { protocol: { type: "string" } });
  return values.protocol === undefined ? Object.values(protocols) : [findProtocol(values.protocol)];
}

export function knobsCommand(args: readonly string[], io: Io): number {
  for (const { protocol } of chosen(args)) {
    for (const k of protocol.knobs) {
      io.out(`${k.name} = ${String(k.default)}   (${range(k)})\n    ${k.doc}\n    mirrors: ${k.mirrors}; safe: ${k.safe}; unsafe: ${k.unsafe}`);
    }
  }
  return 0;
}

export function presetsCommand(args: readonly string[], io: Io): number {
  for (const { protocol } of chosen(args)) {
    for (const p of protocol.presets) {
      const knobs = Object.entries(p.knobs).map(([k, v]) => `${k}=${String(v)}`).join(" ");
      io.out(`${p.name} (${protocol.name}; expect ${p.expectedViolation ?? "no violation"})\n    ${p.description}\n    ${knobs}`);
    }
  }
  return 0;
}
