/** Tests that the README's counterexample is exactly what the CLI prints today. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { currentExample, readmeExampleBlock } from "../../scripts/readme-example.ts";

it("README shows the CLI's own output for its example (run `npm run readme` to refresh)", async () => {
  const readme = readFileSync(join(import.meta.dirname, "../../README.md"), "utf8");
  const block = await readmeExampleBlock();
  expect(block).toMatch(/^>>\s*\d+ /m);
  expect(currentExample(readme)).toBe(block);
});
