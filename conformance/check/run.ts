/**
 * Folds a protocol's reducer over a history, checking the chosen invariants after every step and
 * stopping at the first violation; records which witnesses were reached on the way.
 */
import type { AnyProtocol } from "../../model/core/protocol.ts";

export interface Violation {
  readonly invariant: string;
  /** Index of the event after which the invariant failed (0-based). */
  readonly step: number;
  readonly message: string;
}

export interface RunResult {
  readonly violation: Violation | null;
  /** Outputs of each step that ran, aligned with the events. */
  readonly outputs: readonly (readonly unknown[])[];
  readonly witnesses: ReadonlySet<string>;
}

export interface RunOptions {
  /** Invariant names to check; all of the protocol's by default. */
  readonly invariants?: readonly string[] | undefined;
  /** Keep the outputs (a trace needs them; a search does not). */
  readonly recordOutputs?: boolean;
  /** Evaluate witnesses (coverage runs): all of the protocol's, or only those given. */
  readonly witnesses?: boolean | AnyProtocol["witnesses"];
  /** Sees every step's outputs as they happen (measurements that need no recorded trace). */
  readonly onOutputs?: (outputs: readonly unknown[]) => void;
  /** Sees the state after every step, the violating one included (distinct-state counting). */
  readonly onState?: (state: unknown) => void;
}

export function selectInvariants(protocol: AnyProtocol, names: readonly string[] | undefined): AnyProtocol["invariants"] {
  if (names === undefined) return protocol.invariants;
  return protocol.invariants.filter((i) => names.includes(i.name));
}

export function runHistory(protocol: AnyProtocol, config: unknown, events: readonly { readonly type: string }[], options: RunOptions = {}): RunResult {
  const invariants = selectInvariants(protocol, options.invariants);
  const outputs: (readonly unknown[])[] = [];
  const witnesses = new Set<string>();
  const watched = options.witnesses === true ? protocol.witnesses : options.witnesses === undefined || options.witnesses === false ? [] : options.witnesses;
  let state = protocol.init(config);
  for (let step = 0; step < events.length; step++) {
    const event = events[step]!;
    const t = protocol.step(config, state, event);
    const ctx = { config, before: state, event, after: t.state, outputs: t.outputs, step };
    if (options.recordOutputs) outputs.push(t.outputs);
    options.onOutputs?.(t.outputs);
    options.onState?.(t.state);
    for (const w of watched) if (!witnesses.has(w.name) && w.reached(ctx)) witnesses.add(w.name);
    for (const inv of invariants) {
      const message = inv.check(ctx);
      if (message !== null) return { violation: { invariant: inv.name, step, message }, outputs, witnesses };
    }
    state = t.state;
  }
  return { violation: null, outputs, witnesses };
}
