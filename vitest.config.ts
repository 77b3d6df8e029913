import { defineConfig } from "vitest/config";

/** Tests that need Debian's Python packages: `npm run test:training` (vitest.training.config.ts) runs them. */
export const PYTHON_TESTS = ["test/training/python*.test.ts"];

export const shared = {
  // Two cores: keep the pool small so model and server suites do not starve each other.
  poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  pool: "forks" as const,
  testTimeout: 60_000,
  hookTimeout: 180_000,
  globalSetup: ["test/support/global-setup.ts"],
};

// `npm test` needs only Node (and git for the llama.cpp vocab bundle): no Python test runs here.
export default defineConfig({
  test: { ...shared, include: ["test/**/*.test.ts"], exclude: ["**/node_modules/**", "**/dist/**", ...PYTHON_TESTS] },
});
