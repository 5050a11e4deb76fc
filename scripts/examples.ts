/**
 * The example traces under examples/: hand-written histories a reader can `show` under different
 * presets. `npx tsx scripts/make-examples.ts` writes them; specs/cli/examples.test.ts checks them.
 */
import type { ClusterEvent, ClusterOutput } from "../model/cluster/index.ts";
import type { StmtKind } from "../model/proxy/index.ts";
import { buildConfig } from "../conformance/kits/config.ts";
import { kits } from "../conformance/kits/index.ts";
import { buildTrace } from "../conformance/trace/build.ts";
import type { Trace } from "../conformance/trace/schema.ts";

const client = (event: Extract<ClusterEvent, { type: "Client" }>["event"]): ClusterEvent => ({ type: "Client", event });
const sent = (kind: StmtKind): ClusterEvent => client({ type: "StatementSent", session: 0, kind });
const executed = client({ type: "StatementExecuted", session: 0 });
const replied = client({ type: "ReplyDelivered", session: 0 });
const time = (maxMs: number): ClusterEvent => ({ type: "TimeAdvanced", maxMs });

/** BEGIN; INSERT; UPDATE c=c+1 (executed, reply in flight) — the primary crashes — then COMMIT. */
export const crashMidTransaction: readonly ClusterEvent[] = [
  sent("begin"), executed, replied,
  sent("insert-keyed"), executed, replied,
  sent("blind-update"), executed,
  { type: "PrimaryCrashed" },
  time(5_000), time(5_000), time(5_000), time(5_000), time(5_000), time(5_000),
  executed, replied,
  sent("commit"), executed, replied,
];

export const EXAMPLES: readonly { readonly file: string; readonly preset: string; readonly events: readonly ClusterEvent[] }[] = [
  { file: "crash-mid-transaction.json", preset: "polardb-hot-standby", events: crashMidTransaction },
];

export function exampleTrace(x: (typeof EXAMPLES)[number]): Trace<ClusterEvent, ClusterOutput> {
  const kit = kits.cluster;
  return buildTrace({ kit, preset: x.preset, flatConfig: buildConfig(kit.model, x.preset, {}), invariants: undefined, seed: null, events: x.events });
}
