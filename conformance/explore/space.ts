/**
 * What an exhaustive search may do from a state: the search space of one protocol. Random
 * exploration draws events from a distribution; exhaustive search needs the finite list of
 * distinct events worth taking from each state, with every parameter drawn from a small bounded
 * domain (which nodes, how long a pause, which in-flight I/O).
 *
 * Some events can be taken at every step forever (client writes, faults), and a state space in
 * which they are free grows by a factor of ten or more per step. So each such event belongs to a
 * budget class, and a history may contain at most so many events of each class: the same device
 * as a TLA+ model's `MaxCrashes` constant. Events with no class (the passage of time) are bounded
 * only by the depth.
 */

/** One event worth taking, and the budget class it spends from (none: free). */
export interface Choice<E> {
  readonly event: E;
  readonly spends?: string;
}

export interface SearchSpace<C, S, E> {
  /** Each budget class, its default limit, and what it counts (for `--help` and the README). */
  readonly budgets: readonly Budget[];
  /** The distinct events worth taking from `state`, in a fixed order (the search is deterministic). */
  readonly choices: (config: C, state: S) => readonly Choice<E>[];
  /**
   * The states a state is interchangeable with: itself with its interchangeable ids permuted.
   * The search names the class by the least key among them, so the list must be the same class
   * for every member (the whole orbit, or one canonical member). Null when this configuration
   * has no ids the protocol treats alike; then every state is its own class.
   */
  readonly symmetry: (config: C) => ((state: S) => readonly unknown[]) | null;
  /** One line per bounded domain, for the human report: what was enumerated. */
  readonly describe: (config: C) => readonly string[];
}

export interface Budget {
  readonly name: string;
  readonly limit: number;
  readonly counts: string;
}
