/** `secgraph-mcp toolsets [--json] [--tools-dir DIR]`: toolset names with their operation counts. */
import type { CliIO } from "./io.js";
import { table, withCatalog } from "./operations.js";

const USAGE = `usage: secgraph-mcp toolsets [--json] [--tools-dir DIR]

  --json       one JSON array: name, operations (count), readOnly (count), description
  --tools-dir DIR  catalog folder (default: the package's tools/)
`;

export default async function toolsets(argv: string[], io: CliIO): Promise<number> {
  return withCatalog("toolsets", USAGE, argv, io, (catalog, json) => {
    const rows = catalog.toolsets.map((t) => ({
      name: t.name,
      operations: t.operations.length,
      readOnly: t.operations.filter((op) => op.readOnly).length,
      description: t.description,
    }));
    if (json) {
      io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
      return;
    }
    io.stdout(
      table([
        ["TOOLSET", "OPERATIONS", "READ-ONLY", "DESCRIPTION"],
        ...rows.map((r) => [r.name, String(r.operations), String(r.readOnly), r.description]),
      ]),
    );
  });
}
