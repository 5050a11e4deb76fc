/**
 * The adapter contract: how a real system (or the model itself) is driven through a history.
 * An adapter holds no protocol logic: it turns each event into actions on the system, and what
 * the system did into outputs of the model's own output type, so that the same checkers and the
 * same comparison apply to both.
 */
import type { FlatConfig } from "../model/core/knobs.ts";

export interface Adapter<E extends { readonly type: string } = { readonly type: string }, O = unknown> {
  readonly name: string;
  /** The protocol this adapter implements (a key of conformance/protocols.ts). */
  readonly protocol: string;
  /** Whether the system can be made to take this kind of event; histories avoid the rest. */
  readonly supports: (event: E) => boolean;
  /**
   * How far real observations may stray from the model's in time: outcomes decided within this
   * many model milliseconds of a timing boundary (a lease expiring, a takeover) are not compared.
   */
  readonly timeToleranceMs: number;
  /**
   * What the system does between any two events whether the history says so or not, as a model
   * event: a MariaDB replica receives what its primary wrote within milliseconds, so its adapter
   * has the model catch up too. Inserted after every event, for both sides.
   */
  readonly between?: E;
  /** Starts the system for one history (servers on 127.0.0.1 only, in their own directories). */
  readonly start: (config: FlatConfig) => Promise<void>;
  /**
   * Drives the system through one event, already resolved by the model (nodes named by index,
   * `TimeAdvanced` carrying the time that really passed), and returns what was observed.
   */
  readonly apply: (event: E) => Promise<readonly O[]>;
  /** Stops everything `start` started, by process id; safe to call twice and after failures. */
  readonly stop: () => Promise<void>;
}

/** A server an adapter started, reported so that a person (or a test) can check on it by pid. */
export interface ServerStarted {
  readonly pid: number;
  readonly address: string;
  readonly dir: string;
}

/** Raised when a system cannot be started or driven: the CLI reports it in one line, exit 2. */
export class AdapterError extends Error {}
