/** `secgraph-mcp eval` — not built yet. */
import type { CliIO } from "./io.js";
import { EXIT_FAIL } from "./io.js";

export default async function evalCommand(_argv: string[], io: CliIO): Promise<number> {
  io.stderr("secgraph-mcp: 'eval' is not available yet in this build.\n");
  return EXIT_FAIL;
}
