/**
 * `secgraph-mcp call OPERATION --args JSON --live`: runs the already validated and compiled call
 * against Graph and prints {"request", "status", "result"}. `call` hands over here after compiling,
 * so the request sent is exactly the request dry-run prints.
 *
 * Writes (operations that are not read-only) need --allow-writes and a confirmation: a y/N answer
 * on a terminal, or --confirm on a second invocation after the first has shown the exact request.
 */
import envPaths from "env-paths";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { ConfigError, resolveSettings, type Settings } from "../config.js";
import { CredentialSetupError } from "../graph/auth.js";
import { createGraphExecutor } from "../graph/executor.js";
import { GraphCallError } from "../graph/graph-error.js";
import type { CompileResult } from "../graph/types.js";
import { CONFIRMATION_TTL_MS, PendingWrites } from "../graph/write-confirmation.js";
import type { Operation } from "../catalog/types.js";
import { createLogger } from "../log.js";
import { EXIT_FAIL, EXIT_OK, EXIT_USAGE, type CliIO } from "./io.js";

export type PreparedCall = CompileResult & { operation: Operation };

/** The flags this half reads; `call` owns the rest of the command line, so unknown flags are ignored here. */
function liveFlags(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: {
      "allow-writes": { type: "boolean" },
      confirm: { type: "boolean" },
      "graph-base-url": { type: "string" },
      "tools-dir": { type: "string" },
    },
  });
  return {
    allowWrites: values["allow-writes"] === true ? true : undefined,
    confirm: values.confirm === true,
    graphBaseUrl: typeof values["graph-base-url"] === "string" ? values["graph-base-url"] : undefined,
  };
}

/** Where shown-but-unconfirmed writes wait for --confirm (SECGRAPH_STATE_DIR overrides, e.g. in tests). */
function pendingWritesDir(env: NodeJS.ProcessEnv): string {
  return join(env.SECGRAPH_STATE_DIR || envPaths("secgraph-mcp", { suffix: "" }).log, "pending-writes");
}

async function askYesNo(io: CliIO, question: string): Promise<boolean> {
  io.stderr(question);
  const lines = createInterface({ input: io.stdin, terminal: false });
  try {
    for await (const line of lines) return /^\s*y(es)?\s*$/i.test(line);
    return false;
  } finally {
    lines.close();
  }
}

const describeRequest = (prepared: PreparedCall) =>
  `${prepared.request.method} ${prepared.request.url}${prepared.request.body === null ? "" : `\n${JSON.stringify(prepared.request.body, null, 2)}`}`;

/**
 * Decides whether a write may be sent now. Returns an exit code when it may not (and has said why),
 * or null to go ahead.
 */
async function writeGate(prepared: PreparedCall, settings: Settings, confirm: boolean, io: CliIO): Promise<number | null> {
  const { operation, request } = prepared;
  if (operation.readOnly) return null;
  const what = `${operation.name} changes data in the tenant (${request.method} ${request.url.split("?")[0]})`;
  if (!settings.allowWrites) {
    io.stderr(`secgraph-mcp call: ${what}; add --allow-writes (or SECGRAPH_ALLOW_WRITES=1) to allow writes, each one confirmed before it is sent\n`);
    return EXIT_USAGE;
  }
  const pending = new PendingWrites(pendingWritesDir(io.env));
  if (confirm) {
    if (pending.consume(operation.name, request)) return null;
    io.stderr(`secgraph-mcp call: nothing to confirm for this exact request: run the same command without --confirm first to see it, then confirm within ${CONFIRMATION_TTL_MS / 60_000} minutes\n`);
    return EXIT_USAGE;
  }
  if (io.stdinIsTTY && io.stderrIsTTY) {
    io.stderr(`${what}. The exact request:\n${describeRequest(prepared)}\n`);
    if (await askYesNo(io, "Send it? [y/N] ")) return null;
    io.stderr("secgraph-mcp call: not sent\n");
    return EXIT_FAIL;
  }
  const expiresAt = pending.remember(operation.name, request);
  io.stdout(`${JSON.stringify({ operation: operation.name, mode: "confirmation-required", request, expiresAt: expiresAt.toISOString() }, null, 2)}\n`);
  io.stderr(`secgraph-mcp call: not sent. ${what}; to send exactly the request above, run the same command again with --confirm before ${expiresAt.toISOString()}\n`);
  return EXIT_FAIL;
}

export default async function callLive(argv: string[], io: CliIO, prepared: PreparedCall): Promise<number> {
  const flags = liveFlags(argv);
  let settings: Settings;
  try {
    settings = resolveSettings({ env: io.env, flags: { live: true, allowWrites: flags.allowWrites, graphBaseUrl: flags.graphBaseUrl } });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    io.stderr(`secgraph-mcp call: ${e.message}\n`);
    return EXIT_USAGE;
  }

  const gate = await writeGate(prepared, settings, flags.confirm, io);
  if (gate !== null) return gate;

  const logger = createLogger(settings.logLevel, (line) => io.stderr(line));
  const interactive = io.stdinIsTTY && io.stderrIsTTY;
  const { request } = prepared;
  try {
    const executor = createGraphExecutor(settings, logger, {
      env: io.env,
      deviceCodePrompt: interactive ? (message) => io.stderr(`${message}\n`) : undefined,
    });
    const { status, result } = await executor.execute(request, prepared.operation);
    io.stdout(`${JSON.stringify({ request, status, result }, null, 2)}\n`);
    return EXIT_OK;
  } catch (e) {
    if (e instanceof GraphCallError) {
      io.stdout(`${JSON.stringify({ request, status: e.status ?? null, error: e.toJSON() }, null, 2)}\n`);
      io.stderr(`secgraph-mcp call: ${e.message}\n`);
      return EXIT_FAIL;
    }
    if (e instanceof CredentialSetupError || e instanceof ConfigError) {
      io.stderr(`secgraph-mcp call: ${e.message}\n`);
      return e instanceof ConfigError ? EXIT_USAGE : EXIT_FAIL;
    }
    throw e;
  }
}
