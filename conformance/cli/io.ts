/** The CLI's contact with the world, injected so that tests can run commands in-process. */
import type { Interrupt } from "./interrupt.ts";

export interface Io {
  readonly out: (line: string) => void;
  /** A transient progress line (TTY only); null clears it. */
  readonly progress: (line: string | null) => void;
  /** Whether a person is watching: stdout is a terminal, so progress is worth showing. */
  readonly tty?: boolean;
  readonly now: () => number;
  readonly freshSeed: () => number;
  readonly color: boolean;
  /** How the command learns of Ctrl-C; tests inject one, the default watches SIGINT. */
  readonly interrupt?: () => Interrupt;
}

export function processIo(): Io {
  const tty = process.stderr.isTTY === true;
  return {
    out: (line) => process.stdout.write(line.endsWith("\n") ? line : `${line}\n`),
    progress: (line) => {
      if (tty) process.stderr.write(line === null ? "\r\x1b[K" : `\r\x1b[K${line}`);
    },
    tty: tty && process.stdout.isTTY === true,
    now: Date.now,
    freshSeed: () => Date.now() % 2 ** 31,
    color: process.stdout.isTTY === true && process.env["NO_COLOR"] === undefined,
  };
}

/** One line on stderr: notes that are not the command's output (stdout stays parseable). */
export function stderrLine(line: string): void {
  process.stderr.write(`${line}\n`);
}
