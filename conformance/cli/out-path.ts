/**
 * Where a command writes its files. A path that cannot be written is found before the work
 * (explore may search for minutes; finding then that `--out` names a directory would lose the
 * counterexample), and a write that still fails afterwards keeps the text somewhere it can be found.
 */
import { closeSync, mkdirSync, openSync, rmdirSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { quote, UsageError } from "../usage.ts";

/**
 * Makes sure `path` can be written: not a directory, its directory made (one level at a time:
 * node's recursive mkdir never returns for some paths under /proc), the file openable for writing.
 * A file that did not exist is removed again. Any problem is a one-line UsageError naming `flag`.
 */
export function checkOutPath(path: string, flag: string): void {
  const cannot = (why: string): UsageError => new UsageError(`${flag} ${quote(path)}: ${why}`);
  if (path === "") throw cannot("an empty path");
  const existing = statOrNull(path);
  if (existing?.isDirectory()) throw cannot("is a directory; name a file");
  let made: string[] = [];
  try {
    try {
      made = makeDirs(dirname(resolve(path)));
    } catch (e) {
      throw cannot(`cannot create its directory (${code(e)})`);
    }
    try {
      closeSync(openSync(path, "a"));
      if (existing === null) unlinkSync(path);
    } catch (e) {
      throw cannot(`cannot be written (${code(e)})`);
    }
  } finally {
    // A check leaves nothing behind: the directories are made again when the file is written.
    for (const d of made.reverse()) rmdirQuietly(d);
  }
}

/** mkdir -p, one level at a time, so that a parent that cannot be made fails at once; returns the directories made. */
export function makeDirs(dir: string): string[] {
  const missing: string[] = [];
  let d = dir;
  for (; statOrNull(d) === null && dirname(d) !== d; d = dirname(d)) missing.unshift(d);
  if (statOrNull(d)?.isDirectory() === false) throw Object.assign(new Error(`${d} is not a directory`), { code: "ENOTDIR" });
  const made: string[] = [];
  try {
    for (const d of missing) {
      mkdirSync(d);
      made.push(d);
    }
  } catch (e) {
    for (const d of made.reverse()) rmdirQuietly(d);
    throw e;
  }
  return made;
}

function rmdirQuietly(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // Someone else put something there meanwhile: it stays.
  }
}

/**
 * Writes `text` to `path`; if that fails (the disk filled, the directory went away), writes it to
 * a file in the OS temporary directory instead, and if even that fails prints it on stderr. Says
 * which in one line on stderr and returns where the text went (null: only on stderr).
 */
export function writeOrKeep(path: string, text: string, say: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): string | null {
  let why: string;
  try {
    makeDirs(dirname(resolve(path)));
    writeFileSync(path, text);
    return path;
  } catch (e) {
    why = code(e);
  }
  const fallback = join(tmpdir(), `haspec-${process.pid}-${Date.now()}-${basename(path) || "out.json"}`);
  try {
    writeFileSync(fallback, text, { flag: "wx" });
    say(`haspec: cannot write ${quote(path)} (${why}); wrote it to ${fallback} instead`);
    return fallback;
  } catch (e) {
    say(`haspec: cannot write ${quote(path)} (${why}) nor ${fallback} (${code(e)}); here it is:`);
    process.stderr.write(text.endsWith("\n") ? text : `${text}\n`);
    return null;
  }
}

function statOrNull(path: string): ReturnType<typeof statSync> | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function code(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
}
