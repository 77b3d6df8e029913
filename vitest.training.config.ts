import { defineConfig } from "vitest/config";
import { PYTHON_TESTS, shared } from "./vitest.config.js";

/**
 * `npm run test:training`: the tests that need Python (Debian's python3-torch, numpy, sentencepiece),
 * kept out of `npm test` so that one needs only Node. `.ci/run` installs the packages and runs both.
 */
export default defineConfig({ test: { ...shared, include: PYTHON_TESTS } });
