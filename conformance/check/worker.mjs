// The entry of an exploration worker thread. The sources are TypeScript and run through tsx
// (as bin/haspec.js does for the command), so the worker registers tsx before importing them;
// this file is plain JavaScript so that a bare worker thread can load it.
import { register } from "tsx/esm/api";

register();
await import("./explore-worker.ts");
