/** Rewrites the README's generated blocks from the CLI itself (see readme-example.ts). */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BLOCKS, renderBlock, replaceBlock } from "./readme-example.ts";

const path = join(import.meta.dirname, "..", "README.md");
let readme = readFileSync(path, "utf8");
for (const b of BLOCKS) {
  readme = replaceBlock(readme, b.name, await renderBlock(b));
  console.log(`README ${b.name}: haspec ${b.args.join(" ")}`);
}
writeFileSync(path, readme);
