/**
 * No output records that a client sent a statement: the model's replay says so, step by step, and
 * the outputs (the model's or a real system's) say what came back.
 */
import type { ModelRun } from "../../conform/fold.ts";
import type { Sent, StatementStep } from "../../kits/proxy/client-history.ts";

export function withSends<S, E, O>(run: ModelRun<S, E, O>, outputs: readonly (readonly O[])[], sent: (before: S, after: S, event: E) => Sent | null): StatementStep<O>[] {
  return run.resolved.map((event, i) => ({ sent: sent(run.states[i]!, run.states[i + 1]!, event), outputs: outputs[i] ?? [] }));
}
