/**
 * `conform`'s progress on a terminal: one line, redrawn in place, saying which history of how
 * many is running, its origin and step, the time elapsed and an estimate of what is left. The
 * estimate is the time per step so far (counted from the first step: the search for targeted
 * histories before it is not a history's cost) times the steps still to come, taking each history
 * still to run as long as those run so far.
 */
import type { StepProgress } from "../conform/run.ts";
import type { Io } from "./io.ts";

/** Redraws at most this often: an adapter as fast as the model would otherwise flood the terminal. */
const REDRAW_MS = 100;

export interface ProgressReporter {
  readonly step: (p: StepProgress) => void;
  /** A history finished: its steps count towards the estimate of the length of those to come. */
  readonly historyDone: () => void;
  /** Clears the line, if one is shown: call before printing anything else. */
  readonly clear: () => void;
}

export function progressReporter(io: Io): ProgressReporter {
  const started = io.now();
  let shown = false;
  let lastDraw = -Infinity;
  let firstStepAt: number | null = null;
  let stepsDone = 0;
  let finished = { histories: 0, steps: 0 };
  let current: StepProgress | null = null;
  return {
    step: (p) => {
      const now = io.now();
      firstStepAt ??= now;
      stepsDone++;
      const fresh = current === null || current.index !== p.index || p.step === 0;
      current = p;
      if (!fresh && now - lastDraw < REDRAW_MS) return;
      lastDraw = now;
      shown = true;
      io.progress(progressLine(p, now - started, estimateLeftMs(p, finished, stepsDone, now - firstStepAt)));
    },
    historyDone: () => {
      if (current !== null) finished = { histories: finished.histories + 1, steps: finished.steps + current.steps };
      current = null;
    },
    clear: () => {
      if (shown) io.progress(null);
      shown = false;
    },
  };
}

/** Time per step: what passed since the first step over the steps since; null until there are two. */
function estimateLeftMs(p: StepProgress, finished: { histories: number; steps: number }, stepsDone: number, spentMs: number): number | null {
  if (stepsDone < 2 || spentMs <= 0) return null;
  const perHistory = (finished.steps + p.steps) / (finished.histories + 1);
  const stepsLeft = p.steps - p.step - 1 + Math.max(0, p.total - p.index - 1) * perHistory;
  return Math.round((spentMs / (stepsDone - 1)) * stepsLeft);
}

export function progressLine(p: StepProgress, elapsedMs: number, leftMs: number | null): string {
  const left = leftMs === null ? "estimating what is left" : `about ${seconds(leftMs)} left`;
  return `history ${p.index + 1}/${p.total} (${p.origin}), step ${p.step + 1}/${p.steps}, ${seconds(elapsedMs)} elapsed, ${left}`;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
