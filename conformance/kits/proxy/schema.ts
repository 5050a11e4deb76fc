/**
 * The proxy protocol's events and outputs as schemas, for decoding trace files, each checked
 * against the model's union (model/proxy/types.ts) by type.
 */
import { Schema } from "effect";
import type { ProxyEvent, ProxyOutput, StmtKind } from "../../../model/proxy/types.ts";
import { Count, Ms, Node, Session, TimeMs } from "../../trace/leaves.ts";
import { type SchemaVersusModel, tagged } from "../../trace/tagged.ts";

export const stmtKinds = [
  "begin", "commit", "rollback", "read", "read-nondet", "insert-autoinc", "insert-keyed", "blind-update", "implicit-commit", "set-var", "create-tmp", "prepare",
] as const satisfies readonly StmtKind[];

const Kind = Schema.Literals(stmtKinds);
const How = Schema.Literals(["crash", "isolated"]);
const Stmt = Schema.Struct({ id: Count, kind: Kind, ctrx: Schema.NullOr(Count) });
const Digest = Schema.Struct({ rows: Schema.NullOr(Schema.String), insertId: Schema.NullOr(Count), error: Schema.NullOr(Schema.String) });

export const proxyEventFields = {
  TimeAdvanced: { ms: Ms },
  StatementSent: { session: Session, kind: Kind },
  StatementExecuted: { session: Session },
  ResultStreamed: { session: Session },
  ReplyDelivered: { session: Session },
  OtherClientWrote: {},
  PrimaryLost: { how: How },
  FailoverDone: { node: Node, trxState: Schema.Boolean, lostCommits: Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 1_000 })) },
  StaleTopologyNoticed: {},
} as const;

export const proxyOutputFields = {
  TimeNow: { nowMs: TimeMs },
  Executed: { session: Session, stmt: Stmt, node: Node, epoch: Count, digest: Digest, again: Schema.Boolean, alreadyApplied: Schema.Boolean },
  Replied: { session: Session, stmt: Stmt, outcome: Schema.Literals(["ok", "error"]), digest: Schema.NullOr(Digest), why: Schema.String, acrossFailover: Schema.Boolean },
  PartialResult: { session: Session, stmt: Stmt },
  SessionClosed: { session: Session, why: Schema.String, idleAtLoss: Schema.Boolean, restorable: Schema.Boolean },
  SessionHeld: { session: Session },
  Reconnected: { session: Session, node: Node, epoch: Count, restored: Schema.Literals(["all", "some", "nothing needed"]), idle: Schema.Boolean },
  Attached: { session: Session, epoch: Count, result: Schema.Literals(["attached", "committed", "invalid", "unvalidated"]) },
  Replayed: { session: Session, epoch: Count, statements: Count, continued: Schema.Boolean, checksumMismatch: Schema.Boolean, differs: Schema.Boolean },
  PrimaryLost: { node: Node, how: How },
  FailoverCompleted: { node: Node, epoch: Count, durationMs: TimeMs, stale: Schema.Boolean },
  CommitsLost: { stmts: Schema.Array(Count) },
} as const;

export const ProxyEventSchema = tagged("event", proxyEventFields);
export const ProxyOutputSchema = tagged("output", proxyOutputFields);

"same" satisfies SchemaVersusModel<typeof ProxyEventSchema.Type, ProxyEvent>;
"same" satisfies SchemaVersusModel<typeof ProxyOutputSchema.Type, ProxyOutput>;
