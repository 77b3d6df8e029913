/** `secgraph-mcp harvest --source DIR|URL [--out tools/] [--check] [--spec spec/]` */
import { resolve } from "node:path";
import { harvestCatalog } from "../harvest/index.js";
import { defaultSpecDir, isUrl } from "../harvest/load.js";
import { HarvestError } from "../harvest/openapi.js";
import { compareCatalog, describeStale, writeCatalog } from "../harvest/output.js";
import type { CliIO } from "./io.js";
import { EXIT_FAIL, EXIT_OK, EXIT_USAGE, parseFlags } from "./io.js";

const USAGE = `usage: secgraph-mcp harvest --source DIR|URL [--out tools/] [--check] [--spec DIR]

  --source DIR|URL  folder with the pinned OpenAPI documents, or the upstream openApiDocs base URL
  --out DIR         catalog folder to write (default tools/)
  --check           regenerate in memory and fail if the catalog folder is stale (writes nothing)
  --spec DIR        pins and curation profile (default: the package's spec/)
`;

export default async function harvest(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags({
    args: argv,
    options: {
      source: { type: "string" },
      out: { type: "string" },
      check: { type: "boolean" },
      spec: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (values.source === undefined) {
    io.stderr("secgraph-mcp harvest: --source DIR|URL is required\n");
    return EXIT_USAGE;
  }
  const source = isUrl(values.source) ? values.source : resolve(io.cwd, values.source);
  const specDir = values.spec === undefined ? defaultSpecDir() : resolve(io.cwd, values.spec);
  const outDir = resolve(io.cwd, values.out ?? "tools");
  const shownOut = values.out ?? "tools/";

  let files: Map<string, string>;
  try {
    files = await harvestCatalog({ source, specDir });
  } catch (e) {
    if (e instanceof HarvestError) {
      io.stderr(`secgraph-mcp harvest: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  const operations = countOperations(files);
  if (values.check) {
    const stale = await compareCatalog(outDir, files);
    if (stale !== null) {
      io.stderr(`secgraph-mcp harvest: ${describeStale(shownOut, stale)}. Regenerate with: secgraph-mcp harvest --source ${values.source} --out ${shownOut}\n`);
      return EXIT_FAIL;
    }
    io.stderr(`${shownOut} is up to date (${operations} operations, ${files.size} files)\n`);
    return EXIT_OK;
  }
  await writeCatalog(outDir, files);
  io.stderr(`wrote ${files.size} files to ${shownOut} (${operations} operations)\n`);
  return EXIT_OK;
}

function countOperations(files: Map<string, string>): number {
  const index = JSON.parse(files.get("index.json") ?? "{}") as { operations?: number };
  return index.operations ?? 0;
}
