/**
 * The clients of a MariaDB history: each commit is an autocommit INSERT on its own connection,
 * which may block while the primary waits for its ACK; each read a SELECT. Replies become model
 * outputs as they arrive, whichever step that is. A client that gives up stops listening; the
 * server session goes on.
 */
import type { ReplOutput } from "../../model/replication/index.ts";
import { connect, type MariadbServer } from "./server.ts";

interface Pending {
  readonly id: number;
  readonly row: number;
  readonly node: number;
  readonly attempt: number;
  abandoned: boolean;
  done: boolean;
}

export class Clients {
  private nextId = 1;
  private readonly pending: Pending[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly emit: (o: ReplOutput) => void) {}

  /** Sends INSERT (id, row) to `node`; waits a moment so that a reply that needs no ACK is seen in this step. */
  async commit(server: MariadbServer, node: number, retryOf: { row: number; attempt: number } | null = null): Promise<void> {
    const id = this.nextId++;
    const p: Pending = { id, row: retryOf?.row ?? id, node, attempt: retryOf === null ? 0 : retryOf.attempt + 1, abandoned: false, done: false };
    this.pending.push(p);
    this.emit({ type: "CommitIssued", id, row: p.row, node, gtid: { server: node + 1, seq: 0 } });
    const work = this.run(server, p);
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
    await Promise.race([work, new Promise((r) => setTimeout(r, 30))]);
  }

  private async run(server: MariadbServer, p: Pending): Promise<void> {
    let outcome: "ok" | "error" | "unknown";
    let why: string;
    let conn;
    try {
      conn = await connect(server, 2000);
    } catch (e) {
      // Never sent: it certainly did not happen.
      this.finish(p, "error", `cannot connect: ${(e as Error).message.split("\n")[0]}`);
      return;
    }
    try {
      await conn.query("INSERT INTO d.t (id, `row`) VALUES (?, ?)", [p.id, p.row]);
      [outcome, why] = ["ok", "INSERT returned"];
    } catch (e) {
      const err = e as { sqlMessage?: string; fatal?: boolean; message?: string };
      // A connection lost mid-statement leaves the outcome unknown; a server's refusal is an error.
      [outcome, why] = err.fatal === true ? ["unknown", `connection lost: ${err.message?.split("\n")[0] ?? ""}`] : ["error", err.sqlMessage ?? err.message ?? "error"];
    } finally {
      await conn.end().catch(() => conn.destroy());
    }
    this.finish(p, outcome, why);
  }

  private finish(p: Pending, outcome: "ok" | "error" | "unknown", why: string): void {
    p.done = true;
    if (!p.abandoned) this.emit({ type: "CommitReplied", id: p.id, node: p.node, outcome, why });
  }

  /** With no writable primary a commit fails at once (the model numbers it all the same). */
  refuse(): void {
    this.emit({ type: "CommitReplied", id: this.nextId++, node: -1, outcome: "error", why: "no writable primary" });
  }

  /** The `pick`-th commit still waiting; null when none is. */
  waiting(pick: number): Pending | null {
    const live = this.pending.filter((p) => !p.done && !p.abandoned);
    return live.length === 0 ? null : live[Math.abs(Math.trunc(pick)) % live.length]!;
  }

  /** The client stops waiting; with retries left it sends the same row again. */
  async giveUp(p: Pending, retries: number, server: MariadbServer | null, node: number | null): Promise<void> {
    p.abandoned = true;
    this.emit({ type: "CommitReplied", id: p.id, node: p.node, outcome: "unknown", why: "the client gave up waiting" });
    if (p.attempt < retries && server !== null && node !== null) await this.commit(server, node, { row: p.row, attempt: p.attempt });
  }

  /** Commits to a crashed node lose their connection: their clients learn nothing. */
  lostWith(node: number): void {
    for (const p of this.pending) {
      if (p.node !== node || p.done || p.abandoned) continue;
      p.abandoned = true;
      this.emit({ type: "CommitReplied", id: p.id, node, outcome: "unknown", why: "connection lost: the primary crashed" });
    }
  }

  async read(server: MariadbServer | null, node: number): Promise<void> {
    if (server === null) {
      this.emit({ type: "ReadReplied", node, ids: null });
      return;
    }
    try {
      const conn = await connect(server, 2000);
      try {
        const rows = (await conn.query("SELECT id FROM d.t ORDER BY id")) as { id: number }[];
        this.emit({ type: "ReadReplied", node, ids: rows.map((r) => Number(r.id)) });
      } finally {
        await conn.end().catch(() => conn.destroy());
      }
    } catch {
      this.emit({ type: "ReadReplied", node, ids: null });
    }
  }

  /** Waits (bounded) for replies still on their way, so that stop() loses none. */
  async drain(ms: number): Promise<void> {
    await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((r) => setTimeout(r, ms))]);
  }
}
