/**
 * Runs once before the suite. Each setup step lives in its own module under test/support/
 * and is listed here; steps write only under .cache/ (git-ignored).
 */
import { startDryRunSentinel } from "./graph-server.js";
import { setupTinyGguf } from "./tiny-gguf.js";

/** Returns the teardown: the dry-run Graph sentinel fails the run if any request reached it. */
export default async function setup(): Promise<() => Promise<void>> {
  // Steps are added by the suites that need them (e.g. the tiny GGUF for model-planner tests).
  await setupTinyGguf();
  return startDryRunSentinel();
}
