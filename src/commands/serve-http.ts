/**
 * `serve --transport http`: settings → the authenticator → one MCP server per session → Streamable
 * HTTP. The shared token is shown once here, on stderr, and nowhere else.
 */
import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { list, type Settings } from "../config.js";
import type { Logger } from "../log.js";
import { OAuthResourceServer, OAuthSetupError } from "../server/auth/oauth.js";
import { generateToken, SharedTokenAuth } from "../server/auth/shared-token.js";
import type { HttpAuthenticator } from "../server/auth/types.js";
import { HttpSetupError, serveHttp, type SessionPrincipal } from "../server/http.js";
import { createServer, type SecgraphServer, type ServerDeps } from "../server/server.js";
import { CallerOnBehalfOfCredential, onBehalfOfSettingsFromEnv, type OnBehalfOfSettings } from "../graph/auth.js";
import { createGraphExecutor } from "../graph/executor.js";
import type { CliIO } from "./io.js";

/** The token file must be the owner's alone, like an ssh key. */
function readTokenFile(path: string): string {
  let text: string;
  try {
    if (process.platform !== "win32" && (statSync(path).mode & 0o077) !== 0) {
      throw new HttpSetupError(`--http-token-file ${path} is readable by other users; chmod 600 it`);
    }
    text = readFileSync(path, "utf8");
  } catch (e) {
    if (e instanceof HttpSetupError) throw e;
    throw new HttpSetupError(`cannot read --http-token-file ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return text.trim();
}

interface SharedToken {
  auth: SharedTokenAuth;
  /** Set when the server made the token: it is shown once, then forgotten. */
  generated?: string;
}

function sharedToken(settings: Settings, io: CliIO): SharedToken {
  const given = io.env.SECGRAPH_HTTP_TOKEN?.trim() || (settings.httpTokenFile ? readTokenFile(resolve(io.cwd, settings.httpTokenFile)) : undefined);
  try {
    if (given) return { auth: new SharedTokenAuth(given) };
    const generated = generateToken();
    return { auth: new SharedTokenAuth(generated), generated };
  } catch (e) {
    throw new HttpSetupError((e as Error).message);
  }
}

function oauthFromSettings(settings: Settings): OAuthResourceServer {
  if (!settings.authIssuer) throw new HttpSetupError("--auth oauth needs the token issuer: SECGRAPH_AUTH_ISSUER or --auth-issuer (e.g. https://login.microsoftonline.com/<tenant>/v2.0)");
  try {
    return new OAuthResourceServer({
      issuer: settings.authIssuer,
      audiences: settings.authAudience ? list(settings.authAudience) : [],
      scope: settings.authScope,
      role: settings.authRole,
    });
  } catch (e) {
    throw e instanceof OAuthSetupError ? new HttpSetupError(e.message) : e;
  }
}

export function buildAuthenticator(settings: Settings, io: CliIO, logger: Logger): { auth: HttpAuthenticator | "none"; generatedToken?: string } {
  switch (settings.auth) {
    case "none":
      logger.warn("HTTP authentication is off (--auth none): any local user or process can call tools as this server");
      return { auth: "none" };
    case "token": {
      const { auth, generated } = sharedToken(settings, io);
      return { auth, generatedToken: generated };
    }
    case "oauth":
      return { auth: oauthFromSettings(settings) };
  }
}

/**
 * Each session's server records its caller in the audit, and in live OAuth mode sends Graph calls
 * on that caller's behalf (the session is bound to the principal that opened it).
 */
export function sessionFactory(
  settings: Settings,
  deps: ServerDeps,
  env: NodeJS.ProcessEnv,
  logger: Logger,
  auth: HttpAuthenticator | "none",
  oboOverride?: OnBehalfOfSettings,
): (state: SessionPrincipal) => SecgraphServer {
  const obo = settings.live && auth !== "none" && auth.mode === "oauth" ? (oboOverride ?? onBehalfOfSettingsFromEnv(env)) : undefined;
  return (state) => {
    const caller = state.current()?.caller;
    const executor = obo
      ? createGraphExecutor(settings, logger, { credential: new CallerOnBehalfOfCredential(obo, () => state.current()?.assertion) })
      : deps.executor;
    return createServer({ ...deps, executor, ...(caller ? { caller } : {}) });
  };
}

/** Serves until the HTTP server closes. */
export async function serveOverHttp(settings: Settings, deps: ServerDeps, io: CliIO, logger: Logger, status: Record<string, unknown>): Promise<void> {
  const { auth, generatedToken } = buildAuthenticator(settings, io, logger);
  const newSession = sessionFactory(settings, deps, io.env, logger, auth);
  // One MCP server per HTTP session; the first one is built now so setup errors surface at start.
  const tools = newSession({ current: () => undefined }).tools.length;
  const serving = await serveHttp(newSession, {
    port: settings.port,
    host: settings.host,
    auth,
    logger,
    allowedOrigins: settings.allowedOrigins,
    allowedHosts: settings.allowedHosts,
    maxSessions: settings.maxSessions,
    sessionIdleMs: settings.sessionIdleSeconds * 1000,
    rateLimitPerMinute: settings.rateLimit,
    publicUrl: settings.publicUrl,
    accessLog: settings.accessLog ? (record) => io.stderr(`${JSON.stringify(record)}\n`) : undefined,
  });
  logger.info(`serving ${tools} tools at ${serving.url}`, { ...status, auth: settings.auth, host: settings.host });
  if (generatedToken) {
    // Straight to stderr, not through the logger: this line is the only place the token appears.
    io.stderr(`secgraph-mcp: HTTP bearer token for this run (shown once; set SECGRAPH_HTTP_TOKEN to choose one): ${generatedToken}\n`);
  }
  // SIGTERM/SIGINT: finish the calls in flight, then return so serve closes (and flushes) the audit log.
  const unsubscribe = io.onShutdown?.(() => {
    logger.info("shutting down: finishing calls in flight");
    void serving.close();
  });
  try {
    await serving.closed;
  } finally {
    unsubscribe?.();
  }
}
