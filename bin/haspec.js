#!/usr/bin/env node
// The haspec command: runs the TypeScript sources through tsx, so there is no build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../conformance/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
