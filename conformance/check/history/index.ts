/**
 * Black-box checkers over client histories. They read only what clients asked and were told, so
 * the same verdicts apply to the model and to a real MariaDB or PostgreSQL server. Run
 * `validateHistory` first: the checkers assume a well-formed history.
 */
import { ackedWritesLost } from "./acked-writes-lost.ts";
import { divergedHistories } from "./diverged-histories.ts";
import { duplicatedEffects } from "./duplicated-effects.ts";
import { readThenLost } from "./read-then-lost.ts";
import type { Anomaly, History } from "./types.ts";

export type { Anomaly, History, Op, OpF, OpType } from "./types.ts";
export { validateHistory } from "./validate.ts";
export { ackedWritesLost, divergedHistories, duplicatedEffects, readThenLost };

export type Checker = (h: History) => Anomaly[];

/** In the order `checkHistory` runs them; the names are the `checker` field of their anomalies. */
export const checkers = { ackedWritesLost, readThenLost, duplicatedEffects, divergedHistories } as const satisfies Record<string, Checker>;

/** Every checker's anomalies, concatenated in the order of `checkers`. */
export function checkHistory(h: History): Anomaly[] {
  return Object.values(checkers).flatMap((check) => check(h));
}
