/** `secgraph-mcp operations` — not built yet. */
import type { CliIO } from "./io.js";
import { EXIT_FAIL } from "./io.js";

export default async function operations(_argv: string[], io: CliIO): Promise<number> {
  io.stderr("secgraph-mcp: 'operations' is not available yet in this build.\n");
  return EXIT_FAIL;
}
