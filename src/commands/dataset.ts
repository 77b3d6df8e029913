/** `secgraph-mcp dataset` — not built yet. */
import type { CliIO } from "./io.js";
import { EXIT_FAIL } from "./io.js";

export default async function dataset(_argv: string[], io: CliIO): Promise<number> {
  io.stderr("secgraph-mcp: 'dataset' is not available yet in this build.\n");
  return EXIT_FAIL;
}
