import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Integration tests start real workers, child processes and databases: generous per-test limits,
    // while every wait inside a test is for a condition with its own timeout.
    testTimeout: 90_000,
    hookTimeout: 90_000,
    pool: "forks",
    maxWorkers: 2,
    reporters: ["default"],
  },
});
