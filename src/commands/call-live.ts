/**
 * `secgraph-mcp call OPERATION --args JSON --live`: the call through the pipeline with the Graph
 * executor; prints {"request", "status", "result"} (INTERFACES.md). Every run is audited before
 * anything is sent, and a run whose audit record cannot be written sends nothing.
 *
 * Writes need --allow-writes and a person: a y/N answer on a terminal, or --confirm CODE where CODE
 * is the one-time code a first run wrote to a private file under the state directory (not to
 * stdout or stderr, which a model driving the shell would read).
 */
import { createInterface } from "node:readline";
import { ConfigError } from "../config.js";
import { CredentialSetupError } from "../graph/auth.js";
import { createGraphExecutor } from "../graph/executor.js";
import { GraphCallError } from "../graph/graph-error.js";
import { createLogger } from "../log.js";
import { type CodeNotice } from "../pipeline/index.js";
import { shellPipeline } from "../pipeline/shell.js";
import type { LiveCall } from "./call.js";
import { EXIT_FAIL, EXIT_OK, EXIT_USAGE, parseFlags, type CliIO } from "./io.js";

/** The flags this half reads; `call` owns the rest of the command line and has checked it. */
function confirmCode(argv: string[]): string | undefined {
  const { values } = parseFlags({ args: argv, allowPositionals: true, strict: false, options: { confirm: { type: "string" } } });
  return typeof values.confirm === "string" ? values.confirm : undefined;
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

export default async function callLive(argv: string[], io: CliIO, call: LiveCall): Promise<number> {
  const { settings, catalog } = call;
  const logger = createLogger(settings.logLevel, (line) => io.stderr(line));
  const interactive = io.stdinIsTTY && io.stderrIsTTY;
  const code = confirmCode(argv);
  let notice: CodeNotice | undefined;
  let shell: ReturnType<typeof shellPipeline> | undefined;
  try {
    const executor = createGraphExecutor(settings, logger, {
      env: io.env,
      deviceCodePrompt: interactive ? (message) => io.stderr(`${message}\n`) : undefined,
    });
    shell = shellPipeline({ settings, catalog, env: io.env, cwd: io.cwd, logger, executor, notifyPerson: (n) => (notice = n) });
    const { pipeline } = shell;
    const outcome = await pipeline.run(call.operation, call.arguments, {
      tool: "cli:call",
      now: call.now,
      confirmationCode: code,
      askPerson: interactive && code === undefined
        ? (question) => askYesNo(io, `${question}\nSend it? [y/N] `)
        : undefined,
      askVia: "terminal",
    });
    switch (outcome.kind) {
      case "executed":
        io.stdout(`${JSON.stringify({ request: outcome.call.request, status: outcome.status, result: outcome.result }, null, 2)}\n`);
        return EXIT_OK;
      case "invalid":
      case "refused":
        io.stderr(`secgraph-mcp call: ${outcome.detail}\n`);
        return EXIT_USAGE;
      case "declined":
        io.stderr("secgraph-mcp call: not sent\n");
        return EXIT_FAIL;
      case "awaiting-confirmation": {
        const { request } = outcome.call;
        const expiresAt = outcome.expiresAt.toISOString();
        io.stdout(`${JSON.stringify({ operation: call.operation.name, mode: "confirmation-required", request, expiresAt, codeFile: notice?.file }, null, 2)}\n`);
        io.stderr(`secgraph-mcp call: not sent. ${call.operation.name} changes data in the tenant; the one-time code for exactly the request above is in ${notice?.file ?? "the state directory"} (readable by you only). To send it, run the same command with --confirm CODE before ${expiresAt}.\n`);
        return EXIT_FAIL;
      }
      case "failed": {
        const e = outcome.error;
        if (e instanceof GraphCallError) {
          const error = pipeline.clean(JSON.stringify(e.toJSON()));
          io.stdout(`${JSON.stringify({ request: outcome.call?.request, status: e.status ?? null, error: JSON.parse(error) as unknown }, null, 2)}\n`);
        }
        io.stderr(`secgraph-mcp call: ${outcome.auditFailed ? outcome.message : pipeline.clean(e instanceof Error ? e.message : outcome.message)}\n`);
        return e instanceof ConfigError ? EXIT_USAGE : EXIT_FAIL;
      }
      default:
        return EXIT_FAIL; // a dry-run outcome cannot happen with an executor
    }
  } catch (e) {
    if (e instanceof CredentialSetupError || e instanceof ConfigError) {
      io.stderr(`secgraph-mcp call: ${e.message}\n`);
      return e instanceof ConfigError ? EXIT_USAGE : EXIT_FAIL;
    }
    if ((e as Error).name === "AuditWriteError") {
      io.stderr(`secgraph-mcp call: ${(e as Error).message}\n`);
      return EXIT_FAIL;
    }
    throw e;
  } finally {
    shell?.close();
  }
}
