/** Every ordering of a small list of ids (a symmetry group is at most 3! = 6 here). */
export function permutations(ids: readonly number[]): number[][] {
  if (ids.length <= 1) return [[...ids]];
  return ids.flatMap((first, i) => permutations([...ids.slice(0, i), ...ids.slice(i + 1)]).map((rest) => [first, ...rest]));
}

/**
 * Each permutation of `movable` as a map from old id to new id over 0..size−1; the ids not in
 * `movable` map to themselves. The identity comes first.
 */
export function relabellings(size: number, movable: readonly number[]): number[][] {
  return permutations(movable).map((image) => {
    const map = Array.from({ length: size }, (_, i) => i);
    movable.forEach((from, k) => (map[from] = image[k]!));
    return map;
  });
}
