/** Tests that every generated block of the README is exactly what the CLI prints today. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { BLOCKS, currentBlock, renderBlock } from "../../scripts/readme-example.ts";

const readme = readFileSync(join(import.meta.dirname, "../../README.md"), "utf8");

it.each(BLOCKS.map((b) => [b.name, b] as const))("README block %s is the CLI's own output (npm run readme refreshes it)", async (_name, b) => {
  const block = await renderBlock(b);
  // Each block shows something broken: a marked step, a client error, a violated cell or a risk.
  if (b.as === "session") expect(block).toMatch(/^>>\s*\d+ |^clients saw \d+ error/m);
  else expect(block).toMatch(/\*\*violated\*\*|\*\*`\w+`\*\*/);
  expect(currentBlock(readme, b.name)).toBe(block);
});
