/**
 * Folds a protocol's reducer over a history, checking the chosen invariants after every step and
 * stopping at the first violation; records which witnesses were reached on the way.
 */
import type { Invariant, Protocol, Witness } from "../../model/core/protocol.ts";
import { steps } from "../../model/core/run.ts";
import type { Ev } from "../kits/event.ts";

export interface Violation {
  readonly invariant: string;
  /** Index of the event after which the invariant failed (0-based). */
  readonly step: number;
  readonly message: string;
}

export interface RunResult<O> {
  readonly violation: Violation | null;
  /** Outputs of each step that ran, aligned with the events. */
  readonly outputs: readonly (readonly O[])[];
  readonly witnesses: ReadonlySet<string>;
}

export interface RunOptions<C, S, E, O> {
  /** Invariant names to check; all of the protocol's by default. */
  readonly invariants?: readonly string[] | undefined;
  /** Keep the outputs (a trace needs them; a search does not). */
  readonly recordOutputs?: boolean;
  /** Evaluate witnesses (coverage runs): all of the protocol's, or only those given. */
  readonly witnesses?: boolean | readonly Witness<C, S, E, O>[];
  /** Sees every step's outputs as they happen (measurements that need no recorded trace). */
  readonly onOutputs?: (outputs: readonly O[]) => void;
  /** Sees the state after every step, the violating one included (distinct-state counting). */
  readonly onState?: (state: S) => void;
}

export function selectInvariants<C, S, E, O>(protocol: { readonly invariants: readonly Invariant<C, S, E, O>[] }, names: readonly string[] | undefined): readonly Invariant<C, S, E, O>[] {
  if (names === undefined) return protocol.invariants;
  return protocol.invariants.filter((i) => names.includes(i.name));
}

export function runHistory<C, S, E extends Ev, O>(protocol: Protocol<C, S, E, O>, config: C, events: readonly E[], options: RunOptions<C, S, E, O> = {}): RunResult<O> {
  const invariants = selectInvariants(protocol, options.invariants);
  const outputs: (readonly O[])[] = [];
  const witnesses = new Set<string>();
  const watched = options.witnesses === true ? protocol.witnesses : options.witnesses === undefined || options.witnesses === false ? [] : options.witnesses;
  for (const ctx of steps(protocol, config, events)) {
    if (options.recordOutputs) outputs.push(ctx.outputs);
    options.onOutputs?.(ctx.outputs);
    options.onState?.(ctx.after);
    for (const w of watched) if (!witnesses.has(w.name) && w.reached(ctx)) witnesses.add(w.name);
    for (const inv of invariants) {
      const message = inv.check(ctx);
      if (message !== null) return { violation: { invariant: inv.name, step: ctx.step, message }, outputs, witnesses };
    }
  }
  return { violation: null, outputs, witnesses };
}
