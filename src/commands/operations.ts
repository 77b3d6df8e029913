/** `secgraph-mcp operations [--json] [--tools-dir DIR]`: the catalog's operations, one per line or as JSON. */
import { resolve } from "node:path";
import { CatalogError, loadCatalog } from "../catalog/load.js";
import type { Catalog } from "../catalog/types.js";
import type { CliIO } from "./io.js";
import { EXIT_FAIL, EXIT_OK, parseFlags } from "./io.js";

const USAGE = `usage: secgraph-mcp operations [--json] [--tools-dir DIR]

  --json       one JSON array: name, method, path, version, toolset, readOnly, destructive, inputSchema
  --tools-dir DIR  catalog folder (default: the package's tools/)
`;

/** Shared by `operations` and `toolsets`: flags parsed, catalog loaded, failures as one line. */
export async function withCatalog(
  command: string,
  usage: string,
  argv: string[],
  io: CliIO,
  body: (catalog: Catalog, json: boolean) => void,
): Promise<number> {
  const { values } = parseFlags({
    args: argv,
    // --tools-dir as in every other command; --tools kept as its older spelling.
    options: { json: { type: "boolean" }, "tools-dir": { type: "string" }, tools: { type: "string" }, help: { type: "boolean", short: "h" } },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    io.stdout(usage);
    return EXIT_OK;
  }
  let catalog: Catalog;
  try {
    const dir = values["tools-dir"] ?? values.tools;
    catalog = dir === undefined ? loadCatalog() : loadCatalog(resolve(io.cwd, dir));
  } catch (e) {
    if (e instanceof CatalogError) {
      io.stderr(`secgraph-mcp ${command}: ${e.message}\n`);
      return EXIT_FAIL;
    }
    throw e;
  }
  body(catalog, values.json === true);
  return EXIT_OK;
}

/** Text table columns, padded to the widest value. */
export function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  ")).join("\n") + "\n";
}

export default async function operations(argv: string[], io: CliIO): Promise<number> {
  return withCatalog("operations", USAGE, argv, io, (catalog, json) => {
    if (json) {
      const rows = catalog.operations.map((op) => ({
        name: op.name,
        method: op.method,
        path: op.path,
        version: op.version,
        toolset: op.toolset,
        readOnly: op.readOnly,
        destructive: op.destructive,
        deprecated: op.deprecated,
        inputSchema: op.inputSchema,
      }));
      io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
      return;
    }
    const flags = (op: Catalog["operations"][number]) =>
      [op.readOnly ? "read-only" : op.destructive ? "destructive" : "write", ...(op.deprecated ? ["deprecated"] : [])].join(",");
    io.stdout(
      table([
        ["NAME", "METHOD", "VERSION", "TOOLSET", "KIND", "PATH"],
        ...catalog.operations.map((op) => [op.name, op.method, op.version, op.toolset, flags(op), op.path]),
      ]),
    );
  });
}
