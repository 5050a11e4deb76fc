/**
 * Shrinking a failure found on a real system: the same block-then-single removal as the model's
 * minimizer, but each try re-runs the system, so a budget caps the tries. A try counts when it
 * fails the same way: the same invariant broken by the system, or again a divergence.
 */
export interface Failure {
  readonly kind: string;
}

export async function shrinkOnSystem<E, R extends Failure>(
  events: readonly E[], failure: R, rerun: (events: readonly E[]) => Promise<R | null>, budget: number,
): Promise<{ events: readonly E[]; failure: R; tries: number }> {
  let current = { events, failure };
  let tries = 0;
  for (let size = Math.max(1, events.length >> 1); tries < budget; size = Math.max(1, size >> 1)) {
    let changed = false;
    for (let i = current.events.length - size; i >= 0 && tries < budget; i -= size) {
      const candidate = [...current.events.slice(0, i), ...current.events.slice(i + size)];
      tries++;
      const again = await rerun(candidate);
      if (again !== null && again.kind === current.failure.kind) {
        current = { events: candidate, failure: again };
        changed = true;
      }
    }
    if (size === 1 && !changed) break;
  }
  return { ...current, tries };
}
