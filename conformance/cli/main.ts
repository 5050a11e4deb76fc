/**
 * The `haspec` command. Exit status: 0 nothing violated, 1 a violation or divergence found,
 * 2 bad usage or bad input (one line on stderr naming what was wrong).
 */
import { UsageError } from "../usage.ts";
import { adapterHelp, adapterNames } from "./adapter-list.ts";
import { processIo, type Io } from "./io.ts";

// Every command is imported when it runs, not before: the trace schemas and the exploration
// engine take seconds to load, which `conform` (whose first history should start at once) and
// `knobs` do not need.
export async function help(): Promise<string> {
  const [{ CHECK_DEFAULTS }, { EXPLORE_DEFAULTS }] = await Promise.all([import("./check-command.ts"), import("./explore-command.ts")]);
  return `haspec: an executable specification of database high availability

  haspec explore  --protocol lease|replication|proxy|cluster [--preset X] [--set k=v ...] [--runs N]
                  [--seed S] [--max-steps K] [--time-limit SECONDS] [--invariants A,B] [--out FILE] [--json]
                  [--workers N] [--shard I/N]
  haspec merge    FILE... [--json]          the --json results of explore --shard i/n as one
  haspec check    --protocol lease|replication|proxy|cluster [--preset X] [--set k=v ...] [--depth D] [--max-states N]
                  [--budget class=N ...] [--no-symmetry] [--invariants A,B] [--out FILE] [--json]
                  exhaustive: every history of ≤D events (default ${CHECK_DEFAULTS.depth}) within the budgets
  haspec replay   FILE [--json]
  haspec scenarios [--seed S] [--only ID,ID] [--update] [--json]
  haspec scenarios --matrix [--protocol P,Q] [--runs N]   which invariants each preset keeps
  haspec scenarios --strategies [--runs N]               the proxy strategies side by side
  haspec show     FILE [--preset X] [--set k=v ...] [--color | --no-color]
                  [--html OUT] [--itf OUT] [--history OUT]
                  the timeline in the terminal; or written out: --html one self-contained page,
                  --itf the Informal Trace Format (Quint, Apalache), --history a Jepsen history
                  (with --preset or --set: the trace's events run under that configuration)
  haspec conform  --adapter ${adapterNames.join("|")} [--protocol P] [--preset X] [--set k=v ...] [--runs N] [--seed S] [--shrink TRIES]
                  [--max-steps K] [--invariants A,B] [--out FILE] [--json] [--allow-vacuous]
                  the model and a real system on the same histories; the adapters:
${adapterHelp("                    ")}
  haspec knobs    [--protocol P]            every knob, its default, range and what it mirrors
  haspec presets  [--protocol P]

Defaults: --runs ${EXPLORE_DEFAULTS.runs}, --max-steps ${EXPLORE_DEFAULTS.maxSteps}, --time-limit ${EXPLORE_DEFAULTS.timeLimitS} s, a fresh seed
(always printed), --workers: the number of cores (any number of workers or shards gives the same
result). A counterexample is written to ./haspec-traces/ unless --out is given.
Exit status: 0 nothing violated, 1 violation or divergence, 2 bad usage or bad input (or a real
system that could not be run), 3 conform passed vacuously (a targeted witness never reached).`;
}

export async function main(argv: readonly string[], io: Io = processIo(), err: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "explore": return await (await import("./explore-command.ts")).exploreCommand(rest, io);
      case "check": return await (await import("./check-command.ts")).checkCommand(rest, io);
      case "replay": return await (await import("./replay-command.ts")).replayCommand(rest, io, err);
      case "scenarios": return await (await import("./scenarios-command.ts")).scenariosCommand(rest, io);
      case "show": return await (await import("./show-command.ts")).showCommand(rest, io, err);
      case "merge": return await (await import("./merge-command.ts")).mergeCommand(rest, io);
      case "conform": return await (await import("./conform-command.ts")).conformCommand(rest, io);
      case "knobs": return await (await import("./knobs-command.ts")).knobsCommand(rest, io);
      case "presets": return await (await import("./knobs-command.ts")).presetsCommand(rest, io);
      case undefined: case "help": case "--help": case "-h":
        io.out(await help());
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command ${command} (try haspec --help)`);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof (await import("../trace/file.ts")).TraceError) {
      err(`haspec: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
