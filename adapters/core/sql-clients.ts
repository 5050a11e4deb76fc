/**
 * The clients of a replication history on a real SQL server: each commit is an autocommit
 * INSERT on its own connection, which may block while the primary waits for its
 * acknowledgement; each read a SELECT. Replies become model outputs as they arrive, whichever
 * step that is. A client that gives up stops listening; the server session goes on. The driver
 * (MariaDB, PostgreSQL) supplies only the two statements.
 */
import { nodeId, pickFrom, type NodeId } from "../../model/core/ids.ts";
import { describeCommitReason, serverReply } from "../../model/replication/reasons.ts";
import { NO_PRIMARY, type CommitReason, type ReplOutput } from "../../model/replication/types.ts";

/** How an INSERT ended, as a client can tell: a lost connection leaves the outcome unknown. */
export type InsertResult = { readonly outcome: "ok" | "error" | "unknown"; readonly why: string };

export interface SqlDriver<S> {
  /** Inserts (id, row) into d.t on its own connection; never throws. */
  readonly insert: (server: S, id: number, row: number) => Promise<InsertResult>;
  /** Every id in d.t, or null when the server cannot be read. */
  readonly select: (server: S) => Promise<number[] | null>;
}

interface Pending {
  readonly id: number;
  readonly row: number;
  readonly node: NodeId;
  readonly attempt: number;
  abandoned: boolean;
  done: boolean;
}

/** What the application does around its commits: its timeout, its retries, where it writes. */
export interface ClientPolicy<S> {
  readonly commitTimeoutMs: number;
  readonly retries: number;
  /** The server the application now writes to, or null when there is none. */
  readonly primary: () => { readonly server: S; readonly node: number } | null;
}

export class Clients<S> {
  private nextId = 1;
  private readonly pending: Pending[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly driver: SqlDriver<S>, private readonly policy: ClientPolicy<S>, private readonly emit: (o: ReplOutput) => void) {}

  /** Sends INSERT (id, row) to `node`; waits a moment so that a reply that needs no ACK is seen in this step. */
  async commit(server: S, node: number, retryOf: { row: number; attempt: number } | null = null): Promise<void> {
    const id = this.nextId++;
    const p: Pending = { id, row: retryOf?.row ?? id, node: nodeId(node), attempt: retryOf === null ? 0 : retryOf.attempt + 1, abandoned: false, done: false };
    this.pending.push(p);
    this.emit({ type: "CommitIssued", id, row: p.row, node: p.node, gtid: { server: node + 1, seq: 0 } });
    const work = this.run(server, p);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!p.done && !p.abandoned) void this.giveUp(p, { type: "ClientTimedOut", ms: this.policy.commitTimeoutMs });
    }, this.policy.commitTimeoutMs);
    this.timers.add(timer);
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
    await Promise.race([work, new Promise((r) => setTimeout(r, 30))]);
  }

  private async run(server: S, p: Pending): Promise<void> {
    const r = await this.driver.insert(server, p.id, p.row);
    this.finish(p, r.outcome, r.why);
  }

  private finish(p: Pending, outcome: "ok" | "error" | "unknown", why: string): void {
    p.done = true;
    if (!p.abandoned) this.emit({ type: "CommitReplied", id: p.id, node: p.node, outcome, why: serverReply(why) });
  }

  /** With no writable primary a commit fails at once (the model numbers it all the same). */
  refuse(): void {
    this.emit({ type: "CommitReplied", id: this.nextId++, node: NO_PRIMARY, outcome: "error", why: describeCommitReason({ type: "NoPrimary" }) });
  }

  /** The `pick`-th commit still waiting; null when none is. */
  waiting(pick: number): Pending | null {
    const live = this.pending.filter((p) => !p.done && !p.abandoned);
    return pickFrom(live, pick) ?? null;
  }

  /** The client stops waiting; with retries left it sends the same row again, to the primary it now knows. */
  async giveUp(p: Pending, why: CommitReason): Promise<void> {
    p.abandoned = true;
    this.emit({ type: "CommitReplied", id: p.id, node: p.node, outcome: "unknown", why: describeCommitReason(why) });
    const target = this.policy.primary();
    if (p.attempt < this.policy.retries && target !== null) await this.commit(target.server, target.node, { row: p.row, attempt: p.attempt });
  }

  /** Commits to a crashed node lose their connection: their clients learn nothing. */
  lostWith(node: number): void {
    for (const p of this.pending) {
      if (p.node !== node || p.done || p.abandoned) continue;
      p.abandoned = true;
      this.emit({ type: "CommitReplied", id: p.id, node: p.node, outcome: "unknown", why: describeCommitReason({ type: "PrimaryCrashed" }) });
    }
  }

  async read(server: S | null, node: number): Promise<void> {
    this.emit({ type: "ReadReplied", node: nodeId(node), ids: server === null ? null : await this.driver.select(server) });
  }

  /** Waits (bounded) for replies still on their way, so that stop() loses none. */
  async drain(ms: number): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((r) => setTimeout(r, ms))]);
  }
}
