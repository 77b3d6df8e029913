/**
 * `secgraph-mcp call OPERATION --args JSON [--now ISO] [--tools-dir DIR] [--graph-base-url URL] [--live …]`
 * One tool call from the shell through the call pipeline: prints the dry-run request as JSON (and
 * audits it). Bad input is one line on stderr and exit code 2; nothing is sent.
 */
import { CatalogError, loadCatalog } from "../catalog/load.js";
import type { Catalog, Operation } from "../catalog/types.js";
import { ConfigError, resolveSettings, type Settings } from "../config.js";
import { prepareCall } from "../graph/compile.js";
import { normaliseDateTime } from "../graph/odata/time.js";
import { ArgumentError } from "../graph/types.js";
import { ArgValidator } from "../graph/validate.js";
import { createLogger } from "../log.js";
import { shellPipeline } from "../pipeline/shell.js";
import { EXIT_FAIL, EXIT_OK, EXIT_USAGE, UsageError, parseFlags, type CliIO } from "./io.js";

const USAGE = `usage: secgraph-mcp call OPERATION [--args JSON] [--now ISO]
       [--live [--allow-writes] [--confirm CODE]] [--tools-dir DIR] [--graph-base-url URL] [--audit-log PATH]

Compiles one call and prints the request it would send (dry-run). --args is a JSON object of the
operation's arguments (default {}); --now fixes the time relative durations such as "-P1D" count from.
A live write is sent after a y/N answer on a terminal, or with --confirm CODE: the one-time code a
first run without --confirm wrote to a private file (valid 5 minutes, once, for that exact request).
`;

/** What `call` hands the live half: the call as asked, not yet validated (the pipeline does that). */
export interface LiveCall {
  operation: Operation;
  arguments: unknown;
  now?: Date;
  catalog: Catalog;
  settings: Settings;
}
type LiveCommand = (argv: string[], io: CliIO, call: LiveCall) => Promise<number>;

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
      confirm: { type: "string" },
      "tools-dir": { type: "string" },
      "graph-base-url": { type: "string" },
      "audit-log": { type: "string" },
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

/** The operation by name, or the compiler's sentence naming close matches. */
function findOperation(catalog: Catalog, name: string): Operation {
  const op = catalog.byName.get(name);
  if (op) return op;
  prepareCall(catalog, new ArgValidator(catalog), name, {});
  throw new ArgumentError(`unknown operation '${name.slice(0, 80)}'`, "operation");
}

export default async function call(argv: string[], io: CliIO): Promise<number> {
  try {
    const { values, positionals } = parseCallArgs(argv);
    if (values.help) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "name the operation: secgraph-mcp call OPERATION --args JSON" : `expected one operation, got ${positionals.length}: ${positionals.join(" ")}`);
    const args = parseJsonArgs(values.args);
    const now = parseNow(values.now);
    if (values.confirm !== undefined && !values.live) throw new UsageError("--confirm CODE goes with --live (a dry-run sends nothing to confirm)");
    const settings = resolveSettings({
      env: io.env,
      flags: { graphBaseUrl: values["graph-base-url"], toolsDir: values["tools-dir"], live: values.live || undefined, auditLog: values["audit-log"], allowWrites: values["allow-writes"] || undefined },
    });
    const catalog = loadCatalog(settings.toolsDir);
    const operation = findOperation(catalog, positionals[0]!);

    if (settings.live) {
      const live = await loadLive();
      if (!live) {
        io.stderr("secgraph-mcp call: live mode is not available in this build\n");
        return EXIT_FAIL;
      }
      return live(argv, io, { operation, arguments: args, now, catalog, settings });
    }
    // A dry-run prints writes too (that is how a person reviews one); only --live has a write policy.
    const shell = shellPipeline({ settings, catalog, env: io.env, cwd: io.cwd, logger: createLogger(settings.logLevel, io.stderr), allowWrites: true });
    try {
      const outcome = await shell.pipeline.run(operation, args, { tool: "cli:call", now });
      if (outcome.kind === "dry-run") {
        const { call: c } = outcome;
        io.stdout(`${JSON.stringify({ operation: c.operation.name, mode: "dry-run", request: c.request, warnings: c.warnings }, null, 2)}\n`);
        return EXIT_OK;
      }
      if (outcome.kind === "invalid" || outcome.kind === "refused") {
        io.stderr(`secgraph-mcp call: ${outcome.detail}\n`);
        return EXIT_USAGE;
      }
      io.stderr(`secgraph-mcp call: ${"message" in outcome ? outcome.message : `unexpected outcome ${outcome.kind}`}\n`);
      return EXIT_FAIL;
    } finally {
      shell.close();
    }
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
