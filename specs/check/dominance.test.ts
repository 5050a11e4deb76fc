/**
 * Tests the bookkeeping that keeps budgets from multiplying states: spending stops at each
 * class's limit, and a state reached again with no less left in any class is dropped, while one
 * reached with more left in some class is kept.
 */
import { describe, expect, it } from "vitest";
import { Budgets, Visited } from "../../conformance/explore/budget.ts";

describe("Budgets", () => {
  const b = new Budgets({ faults: 2, writes: 1 });

  it("spends each class up to its limit, then refuses", () => {
    const once = b.spend(0, "faults")!;
    const twice = b.spend(once, "faults")!;
    expect(b.spend(twice, "faults")).toBeNull();
    expect(b.spend(twice, "writes")).not.toBeNull();
    expect(b.spend(b.spend(0, "writes")!, "writes")).toBeNull();
  });

  it("lets free events and classes it does not bound through unchanged", () => {
    expect(b.spend(5, undefined)).toBe(5);
    expect(b.spend(5, "jitter")).toBe(5);
  });

  it("orders spendings class by class", () => {
    const fault = b.spend(0, "faults")!;
    const write = b.spend(0, "writes")!;
    expect(b.within(0, fault)).toBe(true);
    expect(b.within(fault, b.spend(fault, "writes")!)).toBe(true);
    expect(b.within(fault, write)).toBe(false);
    expect(b.within(write, fault)).toBe(false);
  });
});

describe("Visited", () => {
  const b = new Budgets({ faults: 2, writes: 1 });
  const fault = b.spend(0, "faults")!;
  const write = b.spend(0, "writes")!;

  it("drops a state reached again having spent as much or more", () => {
    const v = new Visited(b);
    expect(v.add("s", fault)).toBe(true);
    expect(v.add("s", fault)).toBe(false);
    expect(v.add("s", b.spend(fault, "faults")!)).toBe(false);
  });

  it("keeps one reached having spent less in some class, and counts the state once", () => {
    const v = new Visited(b);
    expect(v.add("s", fault)).toBe(true);
    expect(v.add("s", write)).toBe(true);
    expect(v.add("s", 0)).toBe(true);
    expect(v.add("s", b.spend(write, "faults")!)).toBe(false);
    expect(v.size).toBe(1);
  });
});
