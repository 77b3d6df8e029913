/** `secgraph-mcp harvest` — not built yet. */
import type { CliIO } from "./io.js";
import { EXIT_FAIL } from "./io.js";

export default async function harvest(_argv: string[], io: CliIO): Promise<number> {
  io.stderr("secgraph-mcp: 'harvest' is not available yet in this build.\n");
  return EXIT_FAIL;
}
