/**
 * Rewrites the README's example from the CLI itself: the command and exactly what it printed.
 * specs/cli/readme.test.ts fails when the README and the CLI disagree, so the example is always
 * a real counterexample, never one pasted by hand.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { README_EXAMPLE_ARGS, readmeExampleBlock, replaceExample } from "./readme-example.ts";

const path = join(import.meta.dirname, "..", "README.md");
const block = await readmeExampleBlock();
writeFileSync(path, replaceExample(readFileSync(path, "utf8"), block));
console.log(`README example updated from: haspec ${README_EXAMPLE_ARGS.join(" ")}`);
