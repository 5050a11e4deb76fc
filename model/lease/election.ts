/**
 * What a step of election decided about who leads, for a composer that acts on it (the cluster
 * starts, elects and abandons failovers by these): typed facts in the order they happened. Which
 * of its outputs mark such a moment is the lease's own knowledge, kept here in one place, so a
 * composer depends on this small contract and not on the observer's vocabulary. A role change
 * can be undone within one step (a win whose lease already ran out on the winner's clock), so
 * comparing states before and after a step could not tell a composer this.
 */
import type { LeaseOutput, NodeId } from "./types.ts";

export type ElectionNews =
  /** Node `node` asked storage for the lease (detection of a failure ends here). */
  | { readonly type: "AcquireIssued"; readonly node: NodeId }
  /** Node `node` now leads at `epoch`: its acquire CAS won, or it resumed a persisted lease. */
  | { readonly type: "Elected"; readonly node: NodeId; readonly epoch: number }
  /** Node `node` stopped leading while it runs, for the reason given. */
  | { readonly type: "Deposed"; readonly node: NodeId; readonly why: string };

/** The election news of one lease step, from the outputs the lease made in that step. */
export function electionNews(outputs: readonly LeaseOutput[]): ElectionNews[] {
  return outputs.flatMap((o): ElectionNews[] => {
    if (o.type === "CasIssued") return o.purpose === "acquire" ? [{ type: "AcquireIssued", node: o.node }] : [];
    if (o.type !== "RoleChanged") return [];
    return o.role === "Leader" ? [{ type: "Elected", node: o.node, epoch: o.epoch ?? 0 }] : [{ type: "Deposed", node: o.node, why: o.why }];
  });
}
