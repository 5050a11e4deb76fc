/**
 * Coverage of a random search: how many distinct states it visited, and for each checked
 * invariant whether its witnesses were reached and in how many runs. An invariant that held while
 * none of its witnesses was reached held vacuously: the runs never came near what it forbids.
 *
 * Distinct states are counted on a sample, because hashing a state costs several times more than
 * stepping to it: the states of every SAMPLE_EVERY-th run (by run index, so the sample does not
 * depend on how runs were split) go into a bottom-k sketch of their canonical hashes. The count
 * is exact up to SKETCH_K distinct states and an estimate (standard error about 1/√k) above.
 * The sketch keeps, for each hash it ever held, the first block of runs that reached it, so the
 * count can be taken up to any block and sketches from several machines merge exactly.
 */
import type { Witness } from "../../model/core/protocol.ts";
import { stateHash } from "../explore/hash.ts";
import { mix32 } from "./indexed.ts";

/** One run in this many has its states hashed. */
export const SAMPLE_EVERY = 64;
/** Distinct states are exact up to this many, estimated above. */
export const SKETCH_K = 4096;

export interface WitnessCoverage {
  readonly invariant: string;
  /** Runs in which the witness was reached at least once. */
  readonly runs: number;
}

export interface Coverage {
  readonly distinctStates: number;
  /** False when `distinctStates` is the sketch's estimate rather than a count. */
  readonly exact: boolean;
  /** Runs whose states were hashed (one in SAMPLE_EVERY). */
  readonly sampledRuns: number;
  readonly witnesses: Readonly<Record<string, WitnessCoverage>>;
  /** Checked invariants that held while none of their witnesses was reached. */
  readonly vacuous: readonly string[];
}

/** The witnesses of the checked invariants (all invariants when none are named). */
export function watchedWitnesses<C, S, E, O>(protocol: { readonly witnesses: readonly Witness<C, S, E, O>[] }, invariants: readonly string[] | undefined): readonly Witness<C, S, E, O>[] {
  return protocol.witnesses.filter((w) => invariants === undefined || invariants.includes(w.invariant.name));
}

/** The sketch key of a state: its stateHash's two lanes, mixed so that keys are uniform. */
export function stateKey(state: unknown): string {
  const h = stateHash(state);
  const a = parseInt(h.slice(0, 8), 16);
  const b = parseInt(h.slice(8), 16);
  const hi = mix32(a ^ mix32(b));
  const lo = mix32(b ^ hi);
  return hi.toString(16).padStart(8, "0") + lo.toString(16).padStart(8, "0");
}

/** The SKETCH_K smallest of some keys, sorted: all a block needs to send. */
export function smallestKeys(keys: Iterable<string>): string[] {
  return [...keys].sort().slice(0, SKETCH_K);
}

/**
 * A bottom-k sketch that remembers when each key entered it. Blocks must be added in increasing
 * order. A key is recorded with its block if it was among the k smallest seen so far when first
 * seen; every key of the k smallest up to any block is then recorded, with a block no later.
 */
export class StateSketch {
  private readonly bottom: string[] = [];
  private readonly first = new Map<string, number>();

  addBlock(block: number, keys: readonly string[]): void {
    for (const key of keys) {
      if (this.bottom.length === SKETCH_K && key >= this.bottom[SKETCH_K - 1]!) continue;
      const at = lowerBound(this.bottom, key);
      if (this.bottom[at] === key) continue;
      this.bottom.splice(at, 0, key);
      if (this.bottom.length > SKETCH_K) this.bottom.pop();
      if (!this.first.has(key)) this.first.set(key, block);
    }
  }

  /** Every recorded key with the first block that reached it. */
  records(): [string, number][] {
    return [...this.first];
  }
}

/** Several sketches' records as one: each key with the earliest block any of them recorded. */
export function unionRecords(all: readonly (readonly (readonly [string, number])[])[]): [string, number][] {
  const first = new Map<string, number>();
  for (const records of all) for (const [key, block] of records) first.set(key, Math.min(block, first.get(key) ?? Infinity));
  return [...first];
}

/** Distinct states reached in blocks up to `lastBlock`: exact below SKETCH_K, else the k-th-minimum estimate. */
export function countStates(records: readonly (readonly [string, number])[], lastBlock: number): { distinct: number; exact: boolean } {
  const keys = records.filter(([, block]) => block <= lastBlock).map(([key]) => key).sort();
  if (keys.length < SKETCH_K) return { distinct: keys.length, exact: true };
  const kth = keys[SKETCH_K - 1]!;
  const u = (parseInt(kth.slice(0, 8), 16) + parseInt(kth.slice(8), 16) / 2 ** 32) / 2 ** 32;
  return { distinct: Math.round((SKETCH_K - 1) / u), exact: false };
}

/** Invariants checked, not violated, with witnesses, none of which was reached. */
export function vacuousInvariants(witnesses: Readonly<Record<string, WitnessCoverage>>, violated: string | null): string[] {
  const byInvariant = new Map<string, number>();
  for (const w of Object.values(witnesses)) byInvariant.set(w.invariant, (byInvariant.get(w.invariant) ?? 0) + w.runs);
  return [...byInvariant].filter(([inv, runs]) => runs === 0 && inv !== violated).map(([inv]) => inv);
}

/** Lines for people: distinct states, witnesses never reached, and each vacuous pass said plainly. */
export function describeCoverage(c: Coverage, invariantKinds: ReadonlyMap<string, string>): string[] {
  const approx = c.exact ? "" : "≈";
  const runs = `${c.sampledRuns.toLocaleString("en-US")} sampled run${c.sampledRuns === 1 ? "" : "s"}`;
  const states = `${approx}${c.distinctStates.toLocaleString("en-US")} distinct states in the ${runs} (1 in ${SAMPLE_EVERY}${c.exact ? "" : "; estimated"})`;
  const missed = Object.entries(c.witnesses).filter(([, w]) => w.runs === 0).map(([name]) => name);
  const total = Object.keys(c.witnesses).length;
  const witnesses = missed.length === 0 ? `all ${total} witnesses reached` : `${total - missed.length} of ${total} witnesses reached (not: ${missed.join(", ")})`;
  const lines = [`coverage: ${states}; ${witnesses}`];
  for (const inv of c.vacuous) {
    const names = Object.entries(c.witnesses).filter(([, w]) => w.invariant === inv).map(([name]) => name).join(" or ");
    lines.push(`VACUOUS: ${inv} (${invariantKinds.get(inv) ?? "invariant"}) held only because no run reached ${names}: this pass says nothing about it`);
  }
  return lines;
}

function lowerBound(sorted: readonly string[], key: string): number {
  let [lo, hi] = [0, sorted.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
