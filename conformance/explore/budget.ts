/**
 * Budgets spent along a history, packed into one number so that a search node carries them
 * cheaply. A state reached with less spent can do everything the same state can with more, so a
 * node is dropped when the same state was already reached, no deeper, with no more spent in any
 * class (it is dominated); this keeps budgets from multiplying the state count.
 */

export class Budgets {
  /** Bounded classes in a fixed order, with their limits. */
  private readonly names: readonly string[];
  private readonly limits: readonly number[];

  constructor(limits: Readonly<Record<string, number>>) {
    this.names = Object.keys(limits).sort();
    this.limits = this.names.map((n) => limits[n]!);
  }

  /** The packed spending after spending one more of `cls` from `used`, or null when over budget. */
  spend(used: number, cls: string | undefined): number | null {
    if (cls === undefined) return used;
    const i = this.names.indexOf(cls);
    if (i < 0) return used;
    const scale = this.scale(i);
    const spent = Math.floor(used / scale) % (this.limits[i]! + 1);
    return spent >= this.limits[i]! ? null : used + scale;
  }

  /** True when `a` spent no more than `b` in every class. */
  within(a: number, b: number): boolean {
    if (a === b) return true;
    for (let i = 0; i < this.names.length; i++) {
      const base = this.limits[i]! + 1;
      const scale = this.scale(i);
      if (Math.floor(a / scale) % base > Math.floor(b / scale) % base) return false;
    }
    return true;
  }

  private scale(i: number): number {
    let s = 1;
    for (let j = 0; j < i; j++) s *= this.limits[j]! + 1;
    return s;
  }
}

/**
 * The spendings with which each state was reached. Most states are reached with one spending
 * only, so that one is stored bare; an array only when they are incomparable.
 */
export class Visited {
  private readonly seen = new Map<string, number | number[]>();

  constructor(private readonly budgets: Budgets) {}

  get size(): number {
    return this.seen.size;
  }

  /** Records `key` reached with `used`; false when an earlier visit dominates it. */
  add(key: string, used: number): boolean {
    const prior = this.seen.get(key);
    if (prior === undefined) {
      this.seen.set(key, used);
      return true;
    }
    const list = typeof prior === "number" ? [prior] : prior;
    if (list.some((p) => this.budgets.within(p, used))) return false;
    this.seen.set(key, [...list, used]);
    return true;
  }
}
