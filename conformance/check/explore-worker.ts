/**
 * One exploration worker: rebuilds the search from plain data, then answers each block number
 * the main thread sends with that block's result (see parallel.ts).
 */
import { parentPort, workerData } from "node:worker_threads";
import { findKit } from "../kits/index.ts";
import { prepare, searchBlock, stoppable, type SearchSpec } from "./explore.ts";

export interface WorkerData {
  readonly spec: SearchSpec;
  /** Date.now() after which no new run starts (until a violation is found in the block). */
  readonly deadline: number;
  /** The search's stop flag (see ExploreOptions.stop). */
  readonly stop?: Int32Array | undefined;
}

const data = workerData as WorkerData;
const runBlock = findKit(data.spec.protocol).use((kit) => {
  const search = prepare(data.spec, kit);
  const now = stoppable(Date.now, data.stop);
  return (block: number) => searchBlock(search, block, data.deadline, now);
});
parentPort!.on("message", (block: number) => {
  parentPort!.postMessage(runBlock(block));
});
