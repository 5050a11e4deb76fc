/**
 * Breadth-first search over every event a search space enumerates, up to a depth and a state
 * budget. Level by level, so the first violation found is on a shortest history. Invariants and
 * witnesses are checked on every transition, also on one into a state already seen: they are
 * properties of steps (they read the outputs and the state before), not of states alone.
 *
 * Only the frontier keeps whole states; every state seen keeps its hash, and every search node
 * its parent and the event that reached it, which is all a counterexample needs.
 */
import type { Protocol } from "../../model/core/protocol.ts";
import type { Ev } from "../kits/kit.ts";
import { selectInvariants, type Violation } from "../check/run.ts";
import { stateKey } from "./key.ts";
import { Budgets, Visited } from "./budget.ts";
import type { SearchSpace } from "./space.ts";

export interface SearchOptions<C, S, E extends Ev, O> {
  readonly protocol: Protocol<C, S, E, O>;
  readonly space: SearchSpace<C, S, E>;
  readonly config: C;
  readonly depth: number;
  readonly maxStates: number;
  readonly invariants?: readonly string[] | undefined;
  /** The limit of every budget class (see space.ts). */
  readonly budgets: Readonly<Record<string, number>>;
  /** Identify states up to the space's symmetry. */
  readonly symmetry: boolean;
  readonly onLevel?: (depth: number, states: number) => void;
  /** How a state is remembered; `stateKey` unless a spec compares it with the canonical `stateHash`. */
  readonly key?: (value: unknown) => string;
}

export interface SearchResult<E> {
  readonly violation: Violation | null;
  /** The violating history as enumerated (not yet resolved), or empty. */
  readonly path: readonly E[];
  /** Distinct states seen (up to symmetry), the initial one included. */
  readonly states: number;
  readonly transitions: number;
  /** Every history of at most this many events was checked. */
  readonly depth: number;
  /** True unless the state budget cut the search short of its depth (or a violation ended it). */
  readonly complete: boolean;
  /** The frontier ran dry: every reachable state (within the budgets) was seen. */
  readonly exhausted: boolean;
  /** How many transitions reached each witness of a checked invariant. */
  readonly witnesses: Readonly<Record<string, number>>;
}

interface Node<S> {
  readonly state: S;
  readonly id: number;
  readonly used: number;
}

export function search<C, S, E extends Ev, O>(o: SearchOptions<C, S, E, O>): SearchResult<E> {
  const { protocol, space, config } = o;
  const invariants = selectInvariants(protocol, o.invariants);
  const checked = new Set(invariants.map((i) => i.name));
  const witnesses = protocol.witnesses.filter((w) => checked.has(w.invariant.name));
  const counts: Record<string, number> = Object.fromEntries(witnesses.map((w) => [w.name, 0]));
  const canon = o.symmetry ? space.symmetry(config) : null;
  const key = o.key ?? stateKey;
  const keyOf = (s: S): string => (canon === null ? key(s) : leastKey(canon(s), key));
  const budgets = new Budgets(o.budgets);
  const visited = new Visited(budgets);
  const parents: number[] = [-1];
  const vias: (E | null)[] = [null];
  const pathTo = (id: number, last: E): E[] => {
    const events = [last];
    for (let i = id; parents[i]! >= 0; i = parents[i]!) events.push(vias[i]!);
    return events.reverse();
  };

  const init = protocol.init(config);
  visited.add(keyOf(init), 0);
  let frontier: Node<S>[] = [{ state: init, id: 0, used: 0 }];
  let transitions = 0;
  for (let level = 0; level < o.depth; level++) {
    const next: Node<S>[] = [];
    for (const node of frontier) {
      for (const choice of space.choices(config, node.state)) {
        if (visited.size >= o.maxStates) {
          return { violation: null, path: [], states: visited.size, transitions, depth: level, complete: false, exhausted: false, witnesses: counts };
        }
        const used = budgets.spend(node.used, choice.spends);
        if (used === null) continue;
        const event = choice.event;
        const t = protocol.step(config, node.state, event);
        transitions++;
        const ctx = { config, before: node.state, event, after: t.state, outputs: t.outputs, step: level };
        for (const w of witnesses) if (w.reached(ctx)) counts[w.name]!++;
        for (const inv of invariants) {
          const message = inv.check(ctx);
          if (message === null) continue;
          const violation = { invariant: inv.name, step: level, message };
          return { violation, path: pathTo(node.id, event), states: visited.size, transitions, depth: level, complete: false, exhausted: false, witnesses: counts };
        }
        if (!visited.add(keyOf(t.state), used)) continue;
        parents.push(node.id);
        vias.push(event);
        next.push({ state: t.state, id: parents.length - 1, used });
      }
    }
    o.onLevel?.(level + 1, visited.size);
    if (next.length === 0) {
      return { violation: null, path: [], states: visited.size, transitions, depth: level + 1, complete: true, exhausted: true, witnesses: counts };
    }
    frontier = next;
  }
  return { violation: null, path: [], states: visited.size, transitions, depth: o.depth, complete: true, exhausted: false, witnesses: counts };
}

/** The least key of a symmetry class's listed members: the same for every member of the class. */
function leastKey(members: readonly unknown[], key: (value: unknown) => string): string {
  let least: string | null = null;
  for (const m of members) {
    const k = key(m);
    if (least === null || k < least) least = k;
  }
  if (least === null) throw new Error("a symmetry class lists no member");
  return least;
}
