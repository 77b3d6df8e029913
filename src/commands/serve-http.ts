/**
 * `serve --transport http`: settings → the authenticator → one MCP server per session → Streamable
 * HTTP. The shared token is shown once here, on stderr, and nowhere else.
 */
import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { Settings } from "../config.js";
import type { Logger } from "../log.js";
import { generateToken, SharedTokenAuth } from "../server/auth/shared-token.js";
import type { HttpAuthenticator } from "../server/auth/types.js";
import { HttpSetupError, serveHttp } from "../server/http.js";
import { createServer, type ServerDeps } from "../server/server.js";
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

export function buildAuthenticator(settings: Settings, io: CliIO, logger: Logger): { auth: HttpAuthenticator | "none"; generatedToken?: string } {
  switch (settings.auth) {
    case "none":
      logger.warn("HTTP authentication is off (--auth none): any local user or process can call tools as this server");
      return { auth: "none" };
    case "token": {
      const { auth, generated } = sharedToken(settings, io);
      return { auth, generatedToken: generated };
    }
  }
}

/** Serves until the HTTP server closes. */
export async function serveOverHttp(settings: Settings, deps: ServerDeps, io: CliIO, logger: Logger, status: Record<string, unknown>): Promise<void> {
  const { auth, generatedToken } = buildAuthenticator(settings, io, logger);
  // One MCP server per HTTP session; the first one is built now so setup errors surface at start.
  const tools = createServer(deps).tools.length;
  const serving = await serveHttp(() => createServer(deps), {
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
