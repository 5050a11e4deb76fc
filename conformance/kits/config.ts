/** A protocol's configuration as a user gives it: defaults, then a preset, then each `--set`. */
import { resolveConfig, type FlatConfig } from "../../model/core/knobs.ts";
import type { Preset, Protocol } from "../../model/core/protocol.ts";
import { brief, UsageError } from "../usage.ts";

/** What configuration needs of a model: none of it depends on the model's types. */
type AnyModel = Pick<Protocol<unknown, unknown, never, unknown>, "name" | "knobs" | "presets">;

export function findPreset(protocol: AnyModel, name: string): Preset {
  const preset = protocol.presets.find((p) => p.name === name);
  if (preset === undefined) {
    throw new UsageError(`unknown preset ${brief(name)} for ${protocol.name} (known: ${protocol.presets.map((p) => p.name).join(", ")})`);
  }
  return preset;
}

/** Defaults, then the preset, then each `--set`, validated; any problem is a UsageError. */
export function buildConfig(protocol: AnyModel, preset: string | undefined, sets: FlatConfig): FlatConfig {
  const layers = [preset === undefined ? {} : findPreset(protocol, preset).knobs, sets];
  const resolved = resolveConfig(protocol.knobs, layers);
  if (!resolved.ok) throw new UsageError(resolved.error);
  return resolved.config;
}

export function checkInvariantNames(protocol: { readonly name: string; readonly invariants: readonly { readonly name: string }[] }, names: readonly string[] | undefined): void {
  for (const name of names ?? []) {
    if (!protocol.invariants.some((i) => i.name === name)) {
      throw new UsageError(`unknown invariant ${brief(name)} for ${protocol.name} (known: ${protocol.invariants.map((i) => i.name).join(", ")})`);
    }
  }
}
