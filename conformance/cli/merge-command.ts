/**
 * `haspec merge FILE...`: the `--json` results of `explore --shard i/n` (one per shard) as one
 * result, the one a single `explore` doing every run would have printed.
 */
import { MergeError, mergeShards, type Merged, type ShardResult } from "../check/merge.ts";
import { findKit } from "../kits/index.ts";
import type { Ev, ProtocolKit } from "../kits/kit.ts";
import { loadTrace, type LoadedTrace } from "../kits/load.ts";
import { UsageError } from "../usage.ts";
import { readJsonFile } from "../trace/file.ts";
import type { Trace } from "../trace/schema.ts";
import { decodeShardResult } from "../trace/shard-schema.ts";
import { parse } from "./args.ts";
import { outcomeJson, printOutcome } from "./explore-command.ts";
import type { Io } from "./io.ts";

const MAX_SHARD_BYTES = 512 * 1024 * 1024;

export function mergeCommand(args: readonly string[], io: Io): number {
  const { values, positionals } = parse(args, { json: { type: "boolean" } }, Infinity);
  if (positionals.length === 0) throw new UsageError("merge needs the shards' result FILEs (the --json output of explore --shard i/n)");
  const results = positionals.map(readShard);
  let merged;
  try {
    merged = mergeShards(results, positionals);
  } catch (e) {
    if (e instanceof MergeError) throw new UsageError(e.message);
    throw e;
  }
  const json = values.json === true;
  const loaded = merged.traceFile === null ? null : traceIfReadable(merged.traceFile);
  // The winning shard's trace, shown with the result when it is at hand and of the same protocol.
  if (loaded !== null && loaded.protocol === merged.job.protocol) return loaded.use((kit, trace) => report(kit, merged, trace, json, io));
  return findKit(merged.job.protocol).use((kit) => report(kit, merged, null, json, io));
}

function report<C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>, merged: Merged, trace: Trace<E, O> | null, json: boolean, io: Io): number {
  const outcome = { ...merged, seed: merged.job.seed, trace, timeLimitS: null };
  if (json) io.out(JSON.stringify({ ...outcomeJson(kit, outcome), shards: merged.shards }));
  else {
    const { job } = merged;
    io.out(`haspec merge: ${merged.shards} shards of protocol ${job.protocol}, preset ${job.preset ?? "custom"}, seed ${job.seed}, ${job.runs} runs of ≤${job.maxSteps} steps`);
    printOutcome(kit, outcome, io);
  }
  return merged.violation === null ? 0 : 1;
}

function readShard(path: string): ShardResult {
  const decoded = decodeShardResult(readJsonFile(path, MAX_SHARD_BYTES, (m) => new UsageError(m)));
  if (!decoded.ok) throw new UsageError(`${path}: ${decoded.error}`);
  return decoded.result;
}

/** The winning shard's trace, when it can be read from here (shards may have written it elsewhere). */
function traceIfReadable(path: string): LoadedTrace | null {
  try {
    return loadTrace(path);
  } catch {
    return null;
  }
}
