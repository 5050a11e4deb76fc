/** The proxy protocol's events as a schema, for decoding trace files. */
import { Schema } from "effect";
import { eventUnion } from "./event-union.ts";

const Index = Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 1_000_000 }));

export const stmtKinds = [
  "begin", "commit", "rollback", "read", "read-nondet", "insert-autoinc", "insert-keyed", "blind-update", "implicit-commit", "set-var", "create-tmp", "prepare",
] as const;

export const proxyEventFields = {
  TimeAdvanced: { ms: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 86_400_000 })) },
  StatementSent: { session: Index, kind: Schema.Literals(stmtKinds) },
  StatementExecuted: { session: Index },
  ResultStreamed: { session: Index },
  ReplyDelivered: { session: Index },
  OtherClientWrote: {},
  PrimaryLost: { how: Schema.Literals(["crash", "isolated"]) },
  FailoverDone: { node: Index, trxState: Schema.Boolean, lostCommits: Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 1_000 })) },
  StaleTopologyNoticed: {},
} as const;

export const proxyEventTypes = Object.keys(proxyEventFields) as (keyof typeof proxyEventFields)[];
export const ProxyEventSchema = eventUnion(proxyEventFields, proxyEventTypes);
