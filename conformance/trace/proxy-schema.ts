/**
 * The proxy protocol's events and outputs as schemas, for decoding trace files, each checked
 * against the model's union (model/proxy/types.ts) by type.
 */
import { Schema } from "effect";
import type { ProxyEvent, ProxyOutput, StmtKind } from "../../model/proxy/types.ts";
import { Count, Ms, NodeIndex, TimeMs } from "./leaves.ts";
import { type SchemaVersusModel, tagged } from "./tagged.ts";

export const stmtKinds = [
  "begin", "commit", "rollback", "read", "read-nondet", "insert-autoinc", "insert-keyed", "blind-update", "implicit-commit", "set-var", "create-tmp", "prepare",
] as const satisfies readonly StmtKind[];

const Kind = Schema.Literals(stmtKinds);
const How = Schema.Literals(["crash", "isolated"]);
const Stmt = Schema.Struct({ id: Count, kind: Kind, ctrx: Schema.NullOr(Count) });
const Digest = Schema.Struct({ rows: Schema.NullOr(Schema.String), insertId: Schema.NullOr(Count), error: Schema.NullOr(Schema.String) });

export const proxyEventFields = {
  TimeAdvanced: { ms: Ms },
  StatementSent: { session: NodeIndex, kind: Kind },
  StatementExecuted: { session: NodeIndex },
  ResultStreamed: { session: NodeIndex },
  ReplyDelivered: { session: NodeIndex },
  OtherClientWrote: {},
  PrimaryLost: { how: How },
  FailoverDone: { node: NodeIndex, trxState: Schema.Boolean, lostCommits: Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 1_000 })) },
  StaleTopologyNoticed: {},
} as const;

export const proxyOutputFields = {
  TimeNow: { nowMs: TimeMs },
  Executed: { session: NodeIndex, stmt: Stmt, node: NodeIndex, epoch: Count, digest: Digest, again: Schema.Boolean, alreadyApplied: Schema.Boolean },
  Replied: { session: NodeIndex, stmt: Stmt, outcome: Schema.Literals(["ok", "error"]), digest: Schema.NullOr(Digest), why: Schema.String, acrossFailover: Schema.Boolean },
  PartialResult: { session: NodeIndex, stmt: Stmt },
  SessionClosed: { session: NodeIndex, why: Schema.String, idleAtLoss: Schema.Boolean, restorable: Schema.Boolean },
  SessionHeld: { session: NodeIndex },
  Reconnected: { session: NodeIndex, node: NodeIndex, epoch: Count, restored: Schema.Literals(["all", "some", "nothing needed"]), idle: Schema.Boolean },
  Attached: { session: NodeIndex, epoch: Count, result: Schema.Literals(["attached", "committed", "invalid", "unvalidated"]) },
  Replayed: { session: NodeIndex, epoch: Count, statements: Count, continued: Schema.Boolean, checksumMismatch: Schema.Boolean, differs: Schema.Boolean },
  PrimaryLost: { node: NodeIndex, how: How },
  FailoverCompleted: { node: NodeIndex, epoch: Count, durationMs: TimeMs, stale: Schema.Boolean },
  CommitsLost: { stmts: Schema.Array(Count) },
} as const;

export const proxyEventTypes = Object.keys(proxyEventFields) as (keyof typeof proxyEventFields)[];
export const proxyOutputTypes = Object.keys(proxyOutputFields) as (keyof typeof proxyOutputFields)[];
export const ProxyEventSchema = tagged("event", proxyEventFields);
export const ProxyOutputSchema = tagged("output", proxyOutputFields);

"same" satisfies SchemaVersusModel<typeof ProxyEventSchema.Type, ProxyEvent>;
"same" satisfies SchemaVersusModel<typeof ProxyOutputSchema.Type, ProxyOutput>;
