/**
 * One exploration worker: rebuilds the search from plain data, then answers each block number
 * the main thread sends with that block's result (see parallel.ts).
 */
import { parentPort, workerData } from "node:worker_threads";
import { prepare, searchBlock, type SearchSpec } from "./explore.ts";

export interface WorkerData {
  readonly spec: SearchSpec;
  /** Date.now() after which no new run starts (until a violation is found in the block). */
  readonly deadline: number;
}

const data = workerData as WorkerData;
const search = prepare(data.spec);
parentPort!.on("message", (block: number) => {
  parentPort!.postMessage(searchBlock(search, block, data.deadline, Date.now));
});
