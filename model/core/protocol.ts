/**
 * The shapes every protocol shares: the reducer, its invariants and their witnesses.
 * A protocol is data plus pure functions; everything that runs it lives in `conformance/`.
 */
import type { KnobSpec, FlatConfig } from "./knobs.ts";

/** What one event did: the next state and what an outside observer saw. */
export interface Transition<S, O> {
  readonly state: S;
  readonly outputs: readonly O[];
}

/** Everything an invariant may look at after one step. */
export interface StepContext<C, S, E, O> {
  readonly config: C;
  readonly before: S;
  readonly event: E;
  readonly after: S;
  readonly outputs: readonly O[];
  readonly step: number;
}

export type InvariantKind = "safety" | "structural" | "liveness";

/** What an invariant says, apart from how it is checked: what a witness and a report refer to. */
export interface InvariantInfo {
  readonly name: string;
  readonly kind: InvariantKind;
  readonly statement: string;
  readonly citation: string;
}

/**
 * A named property that must hold after every step. `check` returns null when it holds and a
 * one-sentence account of the breach when it does not.
 */
export interface Invariant<C, S, E, O> extends InvariantInfo {
  /**
   * The same property judged from what an outside observer sees: the configuration, this step's
   * outputs and those of the steps before. An invariant that has it is also a black-box checker,
   * run on what a real system was observed to do, where there is no model state.
   */
  readonly observe?: (config: C, outputs: readonly O[], earlier: readonly (readonly O[])[]) => string | null;
  readonly check: (ctx: StepContext<C, S, E, O>) => string | null;
}

/**
 * A reachability property: the situation an invariant talks about does happen. A pass of the
 * invariant is vacuous unless its witness is reached in the same kind of run.
 */
export interface Witness<C, S, E, O> {
  readonly name: string;
  /** The invariant whose pass this witness makes non-vacuous: the object, so a typo cannot name none. */
  readonly invariant: InvariantInfo;
  readonly statement: string;
  readonly reached: (ctx: StepContext<C, S, E, O>) => boolean;
  /**
   * The same situation judged from what an outside observer sees (as `Invariant.observe`), for
   * witnesses that can be: `conform` uses it to tell whether the real system reached it.
   */
  readonly observe?: (config: C, outputs: readonly O[], earlier: readonly (readonly O[])[]) => boolean;
}

export interface Preset {
  readonly name: string;
  readonly description: string;
  /** What the preset is expected to do: `null` for a safe one, else the invariant it breaks. */
  readonly expectedViolation: string | null;
  readonly knobs: FlatConfig;
}

export interface Protocol<C, S, E extends { readonly type: string }, O> {
  readonly name: string;
  readonly knobs: readonly KnobSpec[];
  readonly presets: readonly Preset[];
  /** Builds the typed config from a flat, complete, validated knob record. */
  readonly configFromFlat: (flat: FlatConfig) => C;
  readonly init: (config: C) => S;
  /** True time in a state, in model milliseconds: what traces, timelines and conformance line up by. */
  readonly nowMs: (state: S) => number;
  readonly step: (config: C, state: S, event: E) => Transition<S, O>;
  /**
   * The event as it was actually taken: position-resolved choices made concrete (which node,
   * how much time really passed), so that an adapter can be driven by it. Replaying resolved
   * events through `step` gives the same run.
   */
  readonly resolve: (config: C, before: S, after: S, event: E) => E;
  readonly invariants: readonly Invariant<C, S, E, O>[];
  readonly witnesses: readonly Witness<C, S, E, O>[];
}

/** A protocol with its type parameters forgotten, for the engine and the CLI. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProtocol = Protocol<any, any, any, any>;
