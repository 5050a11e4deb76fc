import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["specs/**/*.test.ts"],
    // Exploration tests run many thousands of histories; the machines are shared and slow.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: "forks",
    // One file at a time: real-server tests run on real time, and a neighbour burning both cores
    // on exploration would stretch their timings past any honest tolerance.
    fileParallelism: false,
  },
});
