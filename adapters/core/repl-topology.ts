/**
 * What a real replication topology knows of its servers, whatever the server: which is running,
 * which a server query last showed writable, and whom the adapter pointed each replica at. It
 * decides nothing the model decides: whether a crash happens, how a node comes back and which
 * replica failover promotes arrive resolved in the event (model/replication/step.ts,
 * resolveReplEvent). Every `Promoted` and `NodeFault` it reports rests on what a server said,
 * recorded as evidence beside the output.
 */
import { nodeId, nodeName, pickFrom, type Pick } from "../../model/core/ids.ts";
import type { ReplConfig } from "../../model/replication/config.ts";
import type { ReplOutput, RestartTaken } from "../../model/replication/index.ts";
import { describeNodeFault } from "../../model/replication/reasons.ts";
import { AdapterError } from "../contract.ts";

type Out = ReplOutput[];

/** A server's answer an output rests on: the query (or process action) and what came back. */
export interface Evidence {
  readonly output: ReplOutput;
  readonly query: string;
  readonly answer: string;
}

/** A server's own say on whether it accepts writes (`@@read_only`, `pg_is_in_recovery()`). */
export interface WritableSeen {
  readonly writable: boolean;
  readonly query: string;
  readonly answer: string;
}

/** A server's own say on where it replicates from (its source's port), or null for none. */
export interface SourceSeen {
  readonly port: number | null;
  readonly query: string;
  readonly answer: string;
}

export abstract class ReplTopology<S extends { readonly port: number }> {
  protected readonly up: boolean[];
  /** What a server query last said (or, for a server just killed, nothing: it is down). */
  protected readonly writable: boolean[];
  protected readonly source: (number | null)[];
  protected readonly io: boolean[];
  protected readonly restarts: number[];
  /** Called with the evidence of every `Promoted` and `NodeFault` reported. */
  onEvidence: (e: Evidence) => void = () => {};

  protected constructor(protected readonly config: ReplConfig, protected readonly servers: readonly S[], readonly stop: () => Promise<void>) {
    this.up = servers.map(() => true);
    this.writable = servers.map(() => false);
    this.source = servers.map((_, i) => (i === 0 ? null : 0));
    this.io = servers.map((_, i) => i !== 0);
    this.restarts = servers.map(() => 0);
  }

  /** Reports a node's semi-sync status counters, where the server has them (MariaDB/MySQL). */
  async readCounters(_i: number, _out: Out): Promise<void> {}

  protected abstract kill(i: number): Promise<void>;
  protected abstract ioOn(i: number): Promise<void>;
  protected abstract ioOff(i: number): Promise<void>;
  /** Whether the replica's receiver runs, as the server (or its process) says. */
  protected abstract ioSeen(i: number): Promise<{ readonly running: boolean; readonly query: string; readonly answer: string }>;
  /** Restarts a replica, following `source`. */
  protected abstract restartReplica(i: number, source: number): Promise<void>;
  /** Restarts a former primary as a primary. */
  protected abstract restartAsPrimary(i: number): Promise<void>;
  /** Brings a former primary back as a replica of `primary`, rewound or as it is. */
  protected abstract rejoin(i: number, primary: number): Promise<void>;
  protected abstract promoteServer(i: number): Promise<void>;
  /** Points a running replica at the new primary. */
  protected abstract follow(i: number, primary: number): Promise<void>;
  /** Points a replica whose IO is stopped at the new primary, leaving its IO stopped. */
  protected abstract followLater(i: number, primary: number): Promise<void>;
  /** The sessions waiting for an acknowledgement on `primary`, in the order they began. */
  protected abstract waiting(primary: number): Promise<readonly number[]>;
  protected abstract killSession(primary: number, session: number): Promise<void>;
  protected abstract writableSeen(i: number): Promise<WritableSeen>;
  protected abstract sourceSeen(i: number): Promise<SourceSeen>;

  /** Asks every server whether it is writable: the topology starts from what they say. */
  protected async observeRoles(): Promise<void> {
    for (let i = 0; i < this.servers.length; i++) this.writable[i] = (await this.writableSeen(i)).writable;
  }

  /** The server a query last showed writable and that is still running, if any. */
  primary(): number | null {
    const i = this.servers.findIndex((_, k) => this.up[k] && this.writable[k]);
    return i < 0 ? null : i;
  }

  server(i: number): S {
    return this.servers[i]!;
  }

  /** Whether a client can read this node now. */
  readable(i: number): boolean {
    return this.up[i]!;
  }

  private report(out: Out, output: ReplOutput, query: string, answer: string): void {
    out.push(output);
    this.onEvidence({ output, query, answer });
  }

  async setIo(i: number, running: boolean, out: Out): Promise<void> {
    if (this.source[i] === null || !this.up[i] || this.io[i] === running) return;
    await (running ? this.ioOn(i) : this.ioOff(i));
    this.io[i] = running;
    const seen = await this.ioSeen(i);
    if (seen.running !== running) return;
    this.report(out, { type: "NodeFault", node: nodeId(i), fault: describeNodeFault({ type: "IoThread", running }) }, seen.query, seen.answer);
  }

  /** KILL QUERY / pg_cancel_backend on the `pick`-th session waiting on the primary. */
  async killWaiter(pick: Pick): Promise<void> {
    const p = this.primary();
    if (p === null) return;
    const session = pickFrom(await this.waiting(p), pick);
    if (session !== undefined) await this.killSession(p, session);
  }

  /** Crashes the node when the model says it crashed; returns whether it did. */
  async crash(i: number, crashed: boolean | undefined, out: Out): Promise<boolean> {
    if (crashed === undefined) throw new AdapterError(`NodeCrashed ${nodeName(i)} reached the adapter unresolved`);
    if (!crashed || !this.up[i]) return false;
    await this.kill(i);
    this.up[i] = false;
    this.report(out, { type: "NodeFault", node: nodeId(i), fault: describeNodeFault({ type: "Crashed" }) }, "kill -9 (the server's process)", "the process exited");
    return true;
  }

  /** Restarts the node as the model says it came back: a replica, a primary, or rejoined. */
  async restart(i: number, how: RestartTaken | null | undefined, out: Out): Promise<void> {
    if (how === undefined) throw new AdapterError(`NodeRestarted ${nodeName(i)} reached the adapter unresolved`);
    if (how === null || this.up[i]) return;
    const otherPrimary = this.primary();
    if (how.as !== "primary") this.source[i] = how.source;
    if (how.as === "primary") await this.restartAsPrimary(i);
    else if (how.as === "replica") await this.restartReplica(i, how.source);
    else await this.rejoin(i, how.source);
    this.up[i] = true;
    this.restarts[i]!++;
    const role = await this.writableSeen(i);
    this.writable[i] = role.writable;
    this.report(out, { type: "NodeFault", node: nodeId(i), fault: describeNodeFault({ type: "Restarted" }) }, role.query, role.answer);
    if (how.as === "primary") {
      this.source[i] = null;
      this.io[i] = false;
      if (otherPrimary !== null && role.writable) this.report(out, { type: "NodeFault", node: nodeId(i), fault: describeNodeFault({ type: "CameBackAsPrimary" }) }, role.query, role.answer);
      return;
    }
    if (how.as === "rejoined") {
      this.io[i] = true;
      await this.reportRejoined(i, out);
    }
  }

  /** Says whom the server itself names as its source, whatever was asked of it. */
  private async reportRejoined(i: number, out: Out): Promise<void> {
    const seen = await this.sourceSeen(i);
    const from = this.servers.findIndex((s) => s.port === seen.port);
    if (from < 0 || this.writable[i]) return;
    const fault = describeNodeFault({ type: "Rejoined", source: nodeId(from), rewound: this.config.rejoin === "rewind" });
    this.report(out, { type: "NodeFault", node: nodeId(i), fault }, seen.query, seen.answer);
  }

  /**
   * Promotes the replica the model chose (none when it chose none), reports `Promoted` once the
   * server says it is writable, and points the other replicas at it.
   */
  async failover(chosen: number | null | undefined, out: Out): Promise<void> {
    if (chosen === undefined) throw new AdapterError("FailoverPromoted reached the adapter unresolved");
    if (chosen === null) return;
    try {
      await this.promoteServer(chosen);
    } catch (e) {
      const error = (e as { code?: string }).code ?? (e as Error).message;
      this.report(out, { type: "NodeFault", node: nodeId(chosen), fault: describeNodeFault({ type: "PromotionFailed", error }) }, "promote", String(error));
      return;
    }
    const role = await this.writableSeen(chosen);
    this.writable[chosen] = role.writable;
    if (!role.writable) return;
    this.source[chosen] = null;
    this.io[chosen] = false;
    this.report(out, { type: "Promoted", node: nodeId(chosen) }, role.query, role.answer);
    for (let i = 0; i < this.servers.length; i++) {
      if (i === chosen || this.source[i] === null) continue;
      this.source[i] = chosen;
      if (this.up[i]) await (this.io[i] ? this.follow(i, chosen) : this.followLater(i, chosen));
    }
  }
}
