/**
 * The ids every protocol shares. A node is named by its index in the configuration; a pick is a
 * position among whatever is there when the event is taken (in-flight I/O, waiting sessions),
 * which the history cannot know in advance and so wraps.
 */

/** A node's index in the configuration, 0-based; branded so that a count or a pick is never taken for one. */
export type NodeId = number & { readonly __brand: "NodeId" };

/** The node at configuration index `i`. Callers check the range: ids come from the history's own checked fields. */
export const nodeId = (i: number): NodeId => i as NodeId;

/** Every node of a configuration of `count` nodes, in index order. */
export const nodeIds = (count: number): readonly NodeId[] => Array.from({ length: count }, (_, i) => nodeId(i));

/** A node's name as people and the real systems' configurations write it: n1, n2, ... */
export type NodeName = `n${number}`;

/** The name of the node at configuration index `id`. */
export const nodeName = (id: number): NodeName => `n${id + 1}`;

/**
 * The `pick`-th of `count` things present at a step (count > 0), wrapping: a generator draws a
 * pick before it knows how many there will be, and any integer names one of them.
 */
export type Pick = number;

export function resolvePick(pick: Pick, count: number): number {
  return Math.abs(Math.trunc(pick)) % count;
}

/** The `pick`-th element of `items`, or undefined when there is none to pick. */
export function pickFrom<T>(items: readonly T[], pick: Pick): T | undefined {
  return items.length === 0 ? undefined : items[resolvePick(pick, items.length)];
}
