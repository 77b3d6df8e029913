/**
 * `secgraph-mcp serve`: settings → catalog → (executor, planner) → createServer → stdio.
 * Dry-run and read-only unless told otherwise; every setup problem is one line and exit 2.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { CatalogError, loadCatalog } from "../catalog/load.js";
import { ConfigError, list, resolveSettings, type Settings } from "../config.js";
import type { Executor } from "../graph/types.js";
import { createLogger, type Logger } from "../log.js";
import type { Planner } from "../planner/types.js";
import { FileAuditLog, FileConfirmationCodes, confirmationsDir, createRedactor, defaultAuditLogPath, secretsFromEnv } from "../pipeline/index.js";
import { DeferredPlanner } from "../server/deferred-planner.js";
import { ServerSetupError, visibleOperations } from "../server/registry.js";
import { HttpSetupError } from "../server/http.js";
import { createServer, type ServerDeps } from "../server/server.js";
import { isHuntingOperation, warmKqlCheckerLater } from "../graph/kql/index.js";
import { serveStdio } from "../server/stdio.js";
import { EXIT_FAIL, EXIT_OK, EXIT_USAGE, type CliIO } from "./io.js";
import { serveOverHttp } from "./serve-http.js";

const HELP = `usage: secgraph-mcp [serve] [options]

MCP server over stdio: dry-run (nothing sent to Graph) and read-only unless told otherwise.

  --transport stdio|http   stdio (default), or Streamable HTTP at http://127.0.0.1:PORT/mcp
  --port N                 HTTP port (default 3000)
  --host H                 HTTP listen address (default 127.0.0.1; others need --auth token|oauth)
  --auth token|oauth|none  HTTP sign-in: a shared bearer token (default; SECGRAPH_HTTP_TOKEN, or
                           generated and shown once on stderr), OAuth JWTs, or none (loopback only)
  --http-token-file PATH   read the shared token from a file (mode 0600)
  --allowed-origins a,b    browser origins allowed besides loopback ones
  --allowed-hosts a,b      Host header values allowed besides loopback and --host
  --max-sessions N         open HTTP sessions at most (default 100)
  --session-idle SECONDS   close a session after this long without a request (default 900)
  --rate-limit N           HTTP requests per minute per caller, 0 = none (default 600)
  --access-log             one JSON line per HTTP request on stderr
  --auth-issuer URL  --auth-audience A,B   for --auth oauth (SECGRAPH_AUTH_ISSUER, SECGRAPH_AUTH_AUDIENCE)
  --auth-scope S | --auth-role R           what every token must carry (SECGRAPH_AUTH_SCOPE, SECGRAPH_AUTH_ROLE)
  --public-url URL         the /mcp URL clients use, behind a proxy (RFC 9728 resource)
  --live                   execute calls against Microsoft Graph (default: dry-run)
  --allow-writes           publish write operations (live writes are confirmed per call)
  --toolsets a,b           only these toolsets (see \`secgraph-mcp toolsets\`)
  --discovery              publish search/describe/call tools instead of one tool per operation
  --schema-profile P       default|openai-strict|gemini|auto: tool schemas for the client's model (default: auto)
  --planner auto|model|rules|openai  --model PATH|hf:URI  --lora PATH   planner behind plan_request
  --planner-url URL  --planner-model NAME   OpenAI-compatible server for --planner openai (vLLM,
                           llama-server; SECGRAPH_PLANNER_URL, SECGRAPH_PLANNER_MODEL, SECGRAPH_PLANNER_API_KEY)
  --planner-timeout MS     per request to that server (default 30000)
  --graph-base-url URL     default https://graph.microsoft.com
  --audit-log PATH         default: ${defaultAuditLogPath()}
  --tools-dir DIR          catalog folder (default: the packaged tools/)
  --log-level debug|info|warn|error|silent

Environment (flags win): SECGRAPH_LIVE=1, SECGRAPH_ALLOW_WRITES=1, SECGRAPH_MODEL, SECGRAPH_LORA,
SECGRAPH_GRAPH_BASE_URL, SECGRAPH_AUDIT_LOG, SECGRAPH_TOOLS_DIR, SECGRAPH_LOG_LEVEL, SECGRAPH_SCHEMA_PROFILE, SECGRAPH_CONFIG (a JSON
settings file, e.g. {"maxPages": 10, "maxItems": 1000, "requestTimeoutMs": 30000}). Live credentials:
SECGRAPH_ACCESS_TOKEN, or @azure/identity's AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET,
AZURE_CLIENT_CERTIFICATE_PATH, AZURE_AUTHORITY_HOST (see README "Going live"). HTTP: SECGRAPH_HTTP_TOKEN,
SECGRAPH_HTTP_TOKEN_FILE, SECGRAPH_HTTP_HOST, SECGRAPH_AUTH=token|oauth|none, SECGRAPH_HTTP_ALLOWED_ORIGINS,
SECGRAPH_HTTP_ALLOWED_HOSTS, SECGRAPH_HTTP_MAX_SESSIONS, SECGRAPH_HTTP_SESSION_IDLE, SECGRAPH_HTTP_RATE_LIMIT,
SECGRAPH_ACCESS_LOG=1, SECGRAPH_PUBLIC_URL, SECGRAPH_AUTH_ISSUER, SECGRAPH_AUTH_AUDIENCE, SECGRAPH_AUTH_SCOPE,
SECGRAPH_AUTH_ROLE (with --live, each caller's Graph calls go on-behalf-of the AZURE_* app registration).
`;

const OPTIONS = {
  transport: { type: "string" },
  port: { type: "string" },
  host: { type: "string" },
  auth: { type: "string" },
  "http-token-file": { type: "string" },
  "allowed-origins": { type: "string" },
  "allowed-hosts": { type: "string" },
  "max-sessions": { type: "string" },
  "session-idle": { type: "string" },
  "rate-limit": { type: "string" },
  "access-log": { type: "boolean" },
  "planner-url": { type: "string" },
  "planner-model": { type: "string" },
  "planner-timeout": { type: "string" },
  "auth-issuer": { type: "string" },
  "auth-audience": { type: "string" },
  "auth-scope": { type: "string" },
  "auth-role": { type: "string" },
  "public-url": { type: "string" },
  live: { type: "boolean" },
  "allow-writes": { type: "boolean" },
  toolsets: { type: "string" },
  discovery: { type: "boolean" },
  "schema-profile": { type: "string" },
  planner: { type: "string" },
  model: { type: "string" },
  lora: { type: "string" },
  "graph-base-url": { type: "string" },
  "audit-log": { type: "string" },
  "tools-dir": { type: "string" },
  "log-level": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

class SetupError extends Error {
  override name = "SetupError";
}

function flagsToSettings(values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>["values"]): Record<string, unknown> {
  return {
    transport: values.transport,
    port: values.port,
    host: values.host,
    auth: values.auth,
    httpTokenFile: values["http-token-file"],
    allowedOrigins: values["allowed-origins"] === undefined ? undefined : list(values["allowed-origins"]),
    allowedHosts: values["allowed-hosts"] === undefined ? undefined : list(values["allowed-hosts"]),
    maxSessions: values["max-sessions"],
    sessionIdleSeconds: values["session-idle"],
    rateLimit: values["rate-limit"],
    accessLog: values["access-log"],
    plannerUrl: values["planner-url"],
    plannerModel: values["planner-model"],
    plannerTimeoutMs: values["planner-timeout"],
    authIssuer: values["auth-issuer"],
    authAudience: values["auth-audience"],
    authScope: values["auth-scope"],
    authRole: values["auth-role"],
    publicUrl: values["public-url"],
    live: values.live,
    allowWrites: values["allow-writes"],
    toolsets: values.toolsets === undefined ? undefined : list(values.toolsets),
    discovery: values.discovery,
    schemaProfile: values["schema-profile"],
    planner: values.planner,
    model: values.model,
    lora: values.lora,
    graphBaseUrl: values["graph-base-url"],
    auditLog: values["audit-log"],
    toolsDir: values["tools-dir"],
    logLevel: values["log-level"],
  };
}

/**
 * Modules other parts of the project provide. Imported by a computed specifier so this command
 * builds and serves dry-run even in a build where they are absent.
 */
async function importOptional(specifier: string): Promise<Record<string, unknown> | null> {
  try {
    return (await import(specifier)) as Record<string, unknown>;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND" && String((e as Error).message).includes(specifier.replace(/^\.\.\//, ""))) return null;
    throw e;
  }
}

async function loadExecutor(settings: Settings, logger: Logger, env: NodeJS.ProcessEnv): Promise<Executor> {
  const mod = await importOptional("../graph/executor.js");
  const factory = mod?.createGraphExecutor;
  if (typeof factory !== "function") {
    throw new SetupError("--live needs the Graph executor (src/graph/executor.ts), which this build does not include; run without --live for dry-run.");
  }
  return (await factory(settings, logger, { env })) as Executor;
}

/**
 * The planner behind plan_request. "rules" is cheap and built now; anything that may load a model
 * is deferred and warmed in the background, so the first tools/list is not held up by it.
 */
async function loadPlanner(settings: Settings, logger: Logger): Promise<Planner | undefined> {
  const mod = await importOptional("../planner/index.js");
  const factory = mod?.createPlanner;
  if (typeof factory !== "function") {
    logger.info("no planner in this build: plan_request is not published");
    return undefined;
  }
  const create = async () => (await factory(settings, logger)) as Planner;
  // Cheap to build (no model to load): built now, so a missing setting stops the start with one line.
  if (settings.planner === "rules" || settings.planner === "openai") return create();
  const deferred = new DeferredPlanner(settings.planner, create);
  deferred.warm();
  return deferred;
}

export default async function serve(argv: string[], io: CliIO): Promise<number> {
  let settings: Settings;
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    if (values.help) {
      io.stdout(HELP);
      return EXIT_OK;
    }
    if (positionals.length > 0) throw new SetupError(`unexpected argument "${positionals[0]}" (see --help)`);
    settings = resolveSettings({ flags: flagsToSettings(values) as Partial<Settings>, env: io.env });
  } catch (e) {
    io.stderr(`secgraph-mcp serve: ${(e as Error).message}\n`);
    return EXIT_USAGE;
  }
  const logger = createLogger(settings.logLevel, io.stderr);

  let audit: FileAuditLog | undefined;
  let planner: Planner | undefined;
  try {
    const catalog = loadCatalog(settings.toolsDir ? resolve(io.cwd, settings.toolsDir) : undefined);
    const redactor = createRedactor(secretsFromEnv(io.env));
    audit = new FileAuditLog(resolve(io.cwd, settings.auditLog ?? defaultAuditLogPath()), { redactor });
    audit.open();
    // With --auth oauth each HTTP session gets its own on-behalf-of executor (serve-http.ts), never the app's identity.
    const perCaller = settings.transport === "http" && settings.auth === "oauth";
    const executor = settings.live && !perCaller ? await loadExecutor(settings, logger, io.env) : undefined;
    planner = await loadPlanner({ ...settings, toolsDir: settings.toolsDir ? resolve(io.cwd, settings.toolsDir) : undefined }, logger);
    const deps: ServerDeps = {
      catalog,
      audit,
      executor,
      planner,
      toolsets: settings.toolsets,
      allowWrites: settings.allowWrites,
      discovery: settings.discovery,
      schemaProfile: settings.schemaProfile,
      graphBaseUrl: settings.graphBaseUrl,
      checkRequests: true,
      // Write confirmation codes go to the person (this terminal, a 0600 file), never to the client.
      confirmations: new FileConfirmationCodes(confirmationsDir(io.env)),
      notifyPerson: (notice) => io.stderr(notice.text),
      redactor,
      logger,
    };
    const status = { mode: settings.live ? "live" : "dry-run", writes: settings.allowWrites, audit: audit.path };
    // The KQL check's language service takes seconds to load: warm it once the server is up.
    if (visibleOperations(catalog, { toolsets: settings.toolsets, allowWrites: settings.allowWrites }).some(isHuntingOperation)) warmKqlCheckerLater(logger);
    if (settings.transport === "http") {
      await serveOverHttp(settings, deps, io, logger, status);
      return EXIT_OK;
    }
    const secgraph = createServer(deps);
    logger.info(`serving ${secgraph.tools.length} tools over stdio`, status);
    await serveStdio(secgraph.server, io.stdin, io.stdout, logger);
    await secgraph.close();
    return EXIT_OK;
  } catch (e) {
    // PlannerError: --planner model without a usable model, and the like (src/planner/index.ts).
    const usage =
      e instanceof ConfigError || e instanceof ServerSetupError || e instanceof SetupError || e instanceof HttpSetupError || (e as Error).name === "PlannerError" || (e as Error).name === "CredentialSetupError";
    const known = usage || e instanceof CatalogError || (e as NodeJS.ErrnoException).code !== undefined;
    io.stderr(`secgraph-mcp serve: ${known ? (e as Error).message : `unexpected error: ${(e as Error).message}`}\n`);
    return usage ? EXIT_USAGE : EXIT_FAIL;
  } finally {
    await planner?.close?.();
    audit?.close();
  }
}
