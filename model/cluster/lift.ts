/**
 * The parts' invariants and witnesses, read on the cluster: each sees its own part's config,
 * states and outputs, exactly as when that protocol runs alone.
 */
import type { Invariant, StepContext, Witness } from "../core/protocol.ts";
import type { ClusterConfig } from "./config.ts";
import type { ClusterEvent, ClusterOutput, ClusterState } from "./types.ts";

type ClusterCtx = StepContext<ClusterConfig, ClusterState, ClusterEvent, ClusterOutput>;
type ClusterInvariant = Invariant<ClusterConfig, ClusterState, ClusterEvent, ClusterOutput>;
type ClusterWitness = Witness<ClusterConfig, ClusterState, ClusterEvent, ClusterOutput>;

export interface Part<C, S, O> {
  /** The cluster outputs that carry this part's outputs. */
  readonly tag: Extract<ClusterOutput, { readonly output: O }>["type"];
  readonly config: (c: ClusterConfig) => C;
  /** The part's state, or null when this cluster has no such part (replication on shared storage). */
  readonly state: (s: ClusterState) => S | null;
}

function project<C, S, O>(part: Part<C, S, O>, ctx: ClusterCtx): StepContext<C, S, unknown, O> | null {
  const before = part.state(ctx.before);
  const after = part.state(ctx.after);
  if (before === null || after === null) return null;
  return { config: part.config(ctx.config), before, after, event: ctx.event, outputs: partOutputs(part, ctx.outputs), step: ctx.step };
}

const partOutputs = <C, S, O>(part: Part<C, S, O>, outputs: readonly ClusterOutput[]): O[] =>
  outputs.flatMap((o) => (o.type === part.tag && "output" in o ? [o.output as O] : []));

export function liftInvariants<C, S, O>(part: Part<C, S, O>, invariants: readonly Invariant<C, S, never, O>[]): ClusterInvariant[] {
  return invariants.map(({ observe, ...inv }) => ({
    ...inv,
    check: (ctx: ClusterCtx) => {
      const p = project(part, ctx);
      return p === null ? null : inv.check(p as StepContext<C, S, never, O>);
    },
    // An observer of the cluster sees the part's outputs inside the cluster's: unwrapped, the part's own check applies.
    ...(observe === undefined ? {} : {
      observe: (config: ClusterConfig, outputs: readonly ClusterOutput[], earlier: readonly (readonly ClusterOutput[])[]) =>
        observe(part.config(config), partOutputs(part, outputs), earlier.map((os) => partOutputs(part, os))),
    }),
  }));
}

export function liftWitnesses<C, S, O>(part: Part<C, S, O>, witnesses: readonly Witness<C, S, never, O>[]): ClusterWitness[] {
  return witnesses.map(({ observe, ...w }) => ({
    ...w,
    reached: (ctx: ClusterCtx) => {
      const p = project(part, ctx);
      return p !== null && w.reached(p as StepContext<C, S, never, O>);
    },
    ...(observe === undefined ? {} : {
      observe: (config: ClusterConfig, outputs: readonly ClusterOutput[], earlier: readonly (readonly ClusterOutput[])[]) =>
        observe(part.config(config), partOutputs(part, outputs), earlier.map((os) => partOutputs(part, os))),
    }),
  }));
}
