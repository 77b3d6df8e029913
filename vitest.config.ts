import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Two cores: keep the pool small so model and server suites do not starve each other.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 180_000,
    globalSetup: ["test/support/global-setup.ts"],
  },
});
