/**
 * Exploration on several threads: this thread and `workers − 1` worker threads take blocks of
 * runs in increasing order, each taking the next block when it is free. Once a block holds a
 * violation no later block is taken, the earlier blocks still running finish (a lower violation
 * may be in them), later ones are abandoned, and the results are folded exactly as a
 * single-threaded search folds them (explore.ts). The same seed therefore gives the same runs,
 * counts, coverage and counterexample whatever the number of workers. This thread starts at once,
 * so a violation found before the workers have loaded costs no waiting; shrinking runs here too.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { blockCount, explore, finish, prepare, searchBlockSteps, specOf, stoppable, tallyBlocks, type BlockResult, type Search, type ExploreOptions, type ExploreResult, type Shard } from "./explore.ts";
import type { WorkerData } from "./explore-worker.ts";
import type { Ev } from "../kits/kit.ts";

export const DEFAULT_WORKERS = availableParallelism();

export type ParallelOptions<C, S, E extends Ev, O> = ExploreOptions<C, S, E, O> & { readonly workers: number; readonly shard?: Shard | undefined };

/**
 * `explore` on `workers` threads (only this one when 1). Worker threads look the protocol up by
 * name, so `entry` must be one of `protocols`; the deadline is on Date.now, so `now` is not used.
 */
/** A block searched on this thread, letting the event loop in every LISTEN_MS or so. */
async function searchListening<C, S, E extends Ev, O>(search: Search<C, S, E, O>, block: number, deadline: number, now: () => number): Promise<BlockResult> {
  const run = searchBlockSteps(search, block, deadline, now);
  let since = Date.now();
  for (;;) {
    const next = run.next();
    if (next.done === true) return next.value;
    if (Date.now() - since >= LISTEN_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      since = Date.now();
    }
  }
}

const LISTEN_MS = 50;

export async function exploreParallel<C, S, E extends Ev, O>(o: ParallelOptions<C, S, E, O>): Promise<ExploreResult<E>> {
  const total = blockCount(o.runs);
  const threads = Math.min(o.workers, total);
  if (threads <= 1 && o.stop === undefined) return explore(o);
  const spec = specOf(o);
  const search = prepare(spec, o.kit);
  const deadline = Date.now() + o.timeLimitMs;
  const now = stoppable(Date.now, o.stop);
  const done: BlockResult[] = [];
  const running = new Set<number>();
  let [next, stopAt, runs] = [0, Infinity, 0];

  const take = (): number | null => (next < total && next <= stopAt && now() <= deadline ? next++ : null);
  const record = (r: BlockResult): void => {
    running.delete(r.block);
    done.push(r);
    runs += r.runs;
    o.onProgress?.(runs);
    if (r.violation !== null) stopAt = Math.min(stopAt, r.block);
  };
  // Finished when nothing is left to take and no block below the violating one is still running.
  const finished = (): boolean => (next >= total || next > stopAt || now() > deadline) && ![...running].some((b) => b < stopAt);

  const workers: Worker[] = [];
  let closing = false;
  let failure: Error | null = null;
  let settle: { resolve: () => void; reject: (e: Error) => void } | null = null;
  const settled = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  // Awaited below; this only keeps a failure before then from counting as unhandled.
  settled.catch(() => {});
  const fail = (e: Error) => {
    failure ??= e;
    settle?.reject(e);
  };
  const check = () => void (finished() && settle?.resolve());
  const give = (w: Worker) => {
    const b = take();
    if (b === null) return;
    running.add(b);
    w.postMessage(b);
  };
  for (let t = 1; t < threads; t++) {
    const data: WorkerData = { spec, deadline, stop: o.stop };
    const w = new Worker(new URL("./worker.mjs", import.meta.url), { workerData: data });
    workers.push(w);
    w.on("error", fail);
    // A worker that ends on its own (killed, out of memory) would leave its block undone forever.
    w.on("exit", (code) => void (closing || fail(new Error(`an exploration worker exited (code ${code}) before the search was done`))));
    w.on("message", (r: BlockResult) => {
      record(r);
      give(w);
      check();
    });
    give(w);
  }
  try {
    for (let b = take(); b !== null && failure === null; b = take()) {
      running.add(b);
      record(await searchListening(search, b, deadline, now));
      // Let the workers' results (and a Ctrl-C) in before taking the next block.
      await new Promise((resolve) => setImmediate(resolve));
    }
    check();
    await settled;
  } finally {
    closing = true;
    await Promise.all(workers.map((w) => w.terminate()));
  }
  const last = Math.min(stopAt, total - 1);
  const have = new Set(done.map((r) => r.block));
  const incomplete = Array.from({ length: last + 1 }, (_, b) => b).some((b) => !have.has(b));
  return finish(search, tallyBlocks(search, done, incomplete));
}
