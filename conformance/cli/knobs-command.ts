/** `haspec knobs` and `haspec presets`: what can be set, and the named configurations. */
import type { KnobSpec } from "../../model/core/knobs.ts";
import type { Preset } from "../../model/core/protocol.ts";
import { findKit, protocolNames } from "../kits/index.ts";
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

/** What these commands show of a protocol: none of it depends on the protocol's types. */
interface Described {
  readonly name: string;
  readonly knobs: readonly KnobSpec[];
  readonly presets: readonly Preset[];
}

function chosen(args: readonly string[]): { readonly protocol: Described }[] {
  const { values } = parse(args, { protocol: { type: "string" } });
  const names = values.protocol === undefined ? protocolNames : [values.protocol];
  return names.map((name) => findKit(name).use((kit) => ({ protocol: { name: kit.name, knobs: kit.model.knobs, presets: kit.model.presets } })));
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
