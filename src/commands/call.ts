/**
 * `secgraph-mcp call OPERATION --args JSON [--now ISO] [--tools-dir DIR] [--graph-base-url URL] [--live …]`
 * One tool call from the shell: prints the dry-run request as JSON. Bad input is one line on
 * stderr and exit code 2; nothing is sent.
 */
import { CatalogError, loadCatalog } from "../catalog/load.js";
import { ConfigError, resolveSettings } from "../config.js";
import { prepareCall } from "../graph/compile.js";
import { normaliseDateTime } from "../graph/odata/time.js";
import { ArgumentError, type CompileResult } from "../graph/types.js";
import { ArgValidator } from "../graph/validate.js";
import type { Operation } from "../catalog/types.js";
import { EXIT_FAIL, EXIT_OK, EXIT_USAGE, UsageError, parseFlags, type CliIO } from "./io.js";

const USAGE = `usage: secgraph-mcp call OPERATION [--args JSON] [--now ISO]
       [--live [--allow-writes] [--confirm]] [--tools-dir DIR] [--graph-base-url URL]

Compiles one call and prints the request it would send (dry-run). --args is a JSON object of the
operation's arguments (default {}); --now fixes the time relative durations such as "-P1D" count from.
`;

export type PreparedCall = CompileResult & { operation: Operation };
type LiveCommand = (argv: string[], io: CliIO, prepared: PreparedCall) => Promise<number>;

function parseCallArgs(argv: string[]) {
  return parseFlags({
    args: argv,
    allowPositionals: true,
    options: {
      args: { type: "string" },
      now: { type: "string" },
      live: { type: "boolean", default: false },
      // Read by the live half (call-live.ts); accepted here so the command line parses as one.
      "allow-writes": { type: "boolean", default: false },
      confirm: { type: "boolean", default: false },
      "tools-dir": { type: "string" },
      "graph-base-url": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
}

function parseJsonArgs(text: string | undefined): unknown {
  if (text === undefined) return {};
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--args is not valid JSON: ${(e as Error).message}`);
  }
}

function parseNow(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const iso = normaliseDateTime(text);
  if (iso === null) throw new UsageError(`--now must be an ISO-8601 date-time such as 2026-11-21T12:00:00Z (got '${text.slice(0, 40)}')`);
  return new Date(iso);
}

/** The live half lives in another module; a build without it says so instead of failing to load. */
async function loadLive(): Promise<LiveCommand | null> {
  const specifier = "./call-live.js";
  try {
    return ((await import(specifier)) as { default: LiveCommand }).default;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "ERR_MODULE_NOT_FOUND" && String(err.message).includes("call-live")) return null;
    throw e;
  }
}

export default async function call(argv: string[], io: CliIO): Promise<number> {
  try {
    const { values, positionals } = parseCallArgs(argv);
    if (values.help) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "name the operation: secgraph-mcp call OPERATION --args JSON" : `expected one operation, got ${positionals.length}: ${positionals.join(" ")}`);
    const operationName = positionals[0]!;
    const args = parseJsonArgs(values.args);
    const now = parseNow(values.now);
    const settings = resolveSettings({
      env: io.env,
      flags: { graphBaseUrl: values["graph-base-url"], toolsDir: values["tools-dir"], live: values.live || undefined },
    });
    const catalog = loadCatalog(settings.toolsDir);
    const prepared = prepareCall(catalog, new ArgValidator(catalog), operationName, args, { now, baseUrl: settings.graphBaseUrl });

    if (settings.live) {
      const live = await loadLive();
      if (!live) {
        io.stderr("secgraph-mcp: live mode is not available in this build\n");
        return EXIT_FAIL;
      }
      return live(argv, io, prepared);
    }
    const output = { operation: prepared.operation.name, mode: "dry-run", request: prepared.request, warnings: prepared.warnings };
    io.stdout(`${JSON.stringify(output, null, 2)}\n`);
    return EXIT_OK;
  } catch (e) {
    if (e instanceof ArgumentError || e instanceof UsageError || e instanceof ConfigError) {
      io.stderr(`secgraph-mcp call: ${e.message}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof CatalogError) {
      io.stderr(`secgraph-mcp call: ${e.message}\n`);
      return EXIT_FAIL;
    }
    throw e;
  }
}
