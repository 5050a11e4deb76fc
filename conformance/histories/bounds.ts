/** How long a generated history may be. */
export interface HistoryBounds {
  readonly maxSteps: number;
}
