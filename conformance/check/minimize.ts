/**
 * Makes a counterexample 1-minimal: after fast-check's shrinking, drop the events after the
 * violating step, then remove single events for as long as the same invariant still fails.
 * Deterministic: the same input always gives the same output.
 */
import type { Protocol } from "../../model/core/protocol.ts";
import type { Ev } from "../kits/kit.ts";
import { runHistory, type Violation } from "./run.ts";


export function minimize<C, S, E extends Ev, O>(protocol: Protocol<C, S, E, O>, config: C, events: readonly E[], invariants: readonly string[] | undefined, target: string): readonly E[] {
  return minimizeWith(events, (h) => {
    const v = runHistory(protocol, config, h, { invariants }).violation;
    return v !== null && v.invariant === target ? v : null;
  });
}

/** The same, for any test of failure: `fails` returns the violation (to truncate at) or null. */
export function minimizeWith<E>(events: readonly E[], fails: (h: readonly E[]) => Violation | null): readonly E[] {
  let current = truncate(events, fails(events));
  // Remove blocks, halving their size down to single events (ddmin-style), until a full pass
  // of single removals changes nothing: the result is then 1-minimal.
  for (let size = Math.max(1, current.length >> 1); ; size = Math.max(1, size >> 1)) {
    let changed = false;
    for (let i = current.length - size; i >= 0; i -= size) {
      const candidate = [...current.slice(0, i), ...current.slice(i + size)];
      const v = fails(candidate);
      if (v !== null) {
        current = truncate(candidate, v);
        changed = true;
        i = Math.min(i, current.length - size + size);
      }
    }
    if (size === 1 && !changed) return current;
  }
}

function truncate<E>(events: readonly E[], v: Violation | null): readonly E[] {
  return v === null ? events : events.slice(0, v.step + 1);
}

/** Whether removing any single event loses the violation of `target`. */
export function isOneMinimal<C, S, E extends Ev, O>(protocol: Protocol<C, S, E, O>, config: C, events: readonly E[], invariants: readonly string[] | undefined, target: string): boolean {
  return events.every((_, i) => {
    const v = runHistory(protocol, config, [...events.slice(0, i), ...events.slice(i + 1)], { invariants }).violation;
    return v === null || v.invariant !== target;
  });
}
