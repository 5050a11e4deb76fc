/**
 * Where a failover (or a stale topology message) sends the sessions the proxy held: what
 * failover.ts decides and recover.ts carries each session over to. A file of its own so that
 * neither of the two imports the other.
 */
import type { NodeId } from "../core/ids.ts";

export interface Target {
  readonly node: NodeId;
  readonly epoch: number;
  /** The open transactions were rebuilt there and can be attached. */
  readonly trxState: boolean;
}
