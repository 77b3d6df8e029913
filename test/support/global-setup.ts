/**
 * Runs once before the suite. Each setup step lives in its own module under test/support/
 * and is listed here; steps write only under .cache/ (git-ignored).
 */
import { setupTinyGguf } from "./tiny-gguf.js";

export default async function setup(): Promise<void> {
  // Steps are added by the suites that need them (e.g. the tiny GGUF for model-planner tests).
  await setupTinyGguf();
}
