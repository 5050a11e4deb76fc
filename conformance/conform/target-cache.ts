/**
 * A disk cache of the targeted histories `conform` finds on the model. Finding one is a
 * fast-check search of up to 10,000 model runs (seconds each, and a run has several targets);
 * the answer depends only on the inputs hashed into the key, and on the code of the model and
 * of the history generators, whose sources are hashed in too, so an edit to the model never
 * reads a stale answer. Best effort: a cache that cannot be read or written is simply not used.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";

export interface TargetCache {
  /** The history found for `key`, null when the search found none, undefined when not cached. */
  get(key: string): readonly unknown[] | null | undefined;
  set(key: string, events: readonly unknown[] | null): void;
}

/** Where the cache lives: $HASPEC_CACHE_DIR, else $XDG_CACHE_HOME/haspec, else ~/.cache/haspec. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HASPEC_CACHE_DIR) return env.HASPEC_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "haspec");
}

export function diskCache(dir: string): TargetCache {
  const file = (key: string): string => join(dir, "targets", `${key}.json`);
  return {
    get: (key) => {
      try {
        const parsed: unknown = JSON.parse(readFileSync(file(key), "utf8"));
        return parsed === null || Array.isArray(parsed) ? parsed : undefined;
      } catch {
        return undefined;
      }
    },
    set: (key, events) => {
      try {
        mkdirSync(join(dir, "targets"), { recursive: true });
        // Written aside and renamed, so that a concurrent reader never sees half a file.
        const tmp = `${file(key)}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify(events));
        renameSync(tmp, file(key));
      } catch {
        // A read-only or full disk costs only speed.
      }
    },
  };
}

/** A cache that remembers nothing (`--no-cache`, and tests that time the search itself). */
export const noCache: TargetCache = { get: () => undefined, set: () => {} };

let sourceHash: string | null = null;

/** A hash of the code a search's answer depends on: the model and the history generators. */
export function codeFingerprint(): string {
  if (sourceHash !== null) return sourceHash;
  const h = createHash("sha256");
  const root = resolve(import.meta.dirname, "../..");
  for (const dir of ["model", "conformance/histories", "conformance/conform"]) {
    for (const f of listTs(join(root, dir))) h.update(f.slice(root.length)).update(readFileSync(f));
  }
  sourceHash = h.digest("hex").slice(0, 16);
  return sourceHash;
}

function listTs(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => (e.isDirectory() ? listTs(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

export function cacheKey(parts: unknown): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 32);
}
