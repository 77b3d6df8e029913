/**
 * Streamable HTTP at /mcp: one createServer() per MCP session, every request authenticated (a shared
 * bearer token by default, OAuth JWTs with --auth oauth), `Host` and `Origin` checked, sessions bound
 * to the principal that opened them, capped in number and closed when idle, requests rate-limited per
 * principal. Also /healthz, /readyz and, in OAuth mode, RFC 9728 metadata. An adapter only: what a
 * call may do is the pipeline's business.
 */
import { randomUUID } from "node:crypto";
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { ErrorCode, JSONRPCMessageSchema, isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { invalidRequestReply } from "./request-errors.js";
import type { Logger } from "../log.js";
import { challenge } from "./auth/bearer.js";
import { allowedHostHeaders, isLoopbackHost, isWildcardHost, normalizeOrigin, originAllowed } from "./auth/origin.js";
import { RateLimiter } from "./auth/rate-limit.js";
import type { AuthOutcome, HttpAuthenticator, Principal } from "./auth/types.js";
import type { SecgraphServer } from "./server.js";

export const HTTP_PATH = "/mcp";
export const RESOURCE_METADATA_PATH = "/.well-known/oauth-protected-resource";
const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Graceful shutdown waits this long for calls in flight before closing their connections. */
const DRAIN_MS = 10_000;

export class HttpSetupError extends Error {
  override name = "HttpSetupError";
}

/** One line per request, for --access-log. No tokens, no bodies, no query strings. */
export interface AccessRecord {
  time: string;
  method: string;
  path: string;
  status: number;
  ms: number;
  session?: string;
  caller?: { oid?: string; upn?: string };
  remote?: string;
}

export interface HttpOptions {
  /** 0 picks a free port. */
  port: number;
  /** Default 127.0.0.1. Anything else needs an authenticator. */
  host?: string;
  /** Who may call; "none" only on a loopback address. */
  auth: HttpAuthenticator | "none";
  logger: Logger;
  /** Browser origins allowed besides loopback ones. */
  allowedOrigins?: readonly string[];
  /** Host header values allowed besides the loopback names and `host` itself. */
  allowedHosts?: readonly string[];
  /** Default 100. */
  maxSessions?: number;
  /** A session with no request for this long is closed. Default 15 minutes. */
  sessionIdleMs?: number;
  /** HTTP requests per minute per principal; 0 = no limit. Default 600. */
  rateLimitPerMinute?: number;
  /** The resource URL clients use (RFC 9728 `resource`); default the /mcp URL this binds. */
  publicUrl?: string;
  accessLog?: (record: AccessRecord) => void;
  /** For /readyz beyond the authenticator (e.g. the audit log is open). */
  ready?: () => Promise<boolean>;
}

export interface HttpServing {
  /** e.g. http://127.0.0.1:3000/mcp */
  url: string;
  /** Resolves when the HTTP server has stopped. */
  closed: Promise<void>;
  /** Number of open MCP sessions. */
  sessionCount(): number;
  /** Stops taking requests, lets calls in flight finish (up to 10 s), then closes every session. */
  close(): Promise<void>;
}

interface Session {
  transport: StreamableHTTPServerTransport;
  secgraph: SecgraphServer;
  principalKey: string;
  /** The latest principal of this session's requests (its token is what on-behalf-of exchanges). */
  principal: Principal | undefined;
  lastSeen: number;
  inFlight: number;
}

/** The state a session's server reads per call: who is calling right now. */
export interface SessionPrincipal {
  current(): Principal | undefined;
}

function replyError(res: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }));
}

function replyJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new RangeError(`request body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

/** What the SDK hands to request handlers as `extra.authInfo` (caller only: the token stays here). */
function authInfoOf(principal: Principal): AuthInfo {
  return {
    token: "",
    clientId: principal.clientId,
    scopes: principal.scopes,
    expiresAt: principal.expiresAt,
    extra: principal.caller ? { caller: principal.caller } : {},
  };
}

/**
 * `newSession` builds the MCP server of one client session; `principal.current()` is who sent the
 * request being handled (undefined with auth "none").
 */
export async function serveHttp(newSession: (principal: SessionPrincipal) => SecgraphServer, options: HttpOptions): Promise<HttpServing> {
  const { logger, auth } = options;
  const bindHost = options.host ?? "127.0.0.1";
  if (auth === "none" && !isLoopbackHost(bindHost)) {
    throw new HttpSetupError(`--host ${bindHost} is not a loopback address: serving it needs authentication (--auth token or --auth oauth), not --auth none`);
  }
  if (isWildcardHost(bindHost) && (options.allowedHosts ?? []).length === 0) {
    throw new HttpSetupError(`--host ${bindHost} listens on every interface: name the Host values clients use with --allowed-hosts (DNS-rebinding protection)`);
  }
  const allowedOrigins = new Set<string>();
  for (const o of options.allowedOrigins ?? []) {
    const normalized = normalizeOrigin(o);
    if (!normalized) throw new HttpSetupError(`--allowed-origins: ${JSON.stringify(o)} is not an http(s) origin`);
    allowedOrigins.add(normalized);
  }
  const maxSessions = options.maxSessions ?? 100;
  const idleMs = options.sessionIdleMs ?? 15 * 60_000;
  const limiter = new RateLimiter(options.rateLimitPerMinute ?? 600);
  const sessions = new Map<string, Session>();
  let opening = 0;
  let inFlight = 0;
  let draining = false;
  let allowedHosts = new Set<string>();
  let resourceUrl = "";

  const http = createHttpServer((req, res) => {
    const started = performance.now();
    const record: Partial<AccessRecord> = {};
    if (options.accessLog) {
      res.once("finish", () =>
        options.accessLog?.({
          time: new Date().toISOString(),
          method: req.method ?? "",
          path: (req.url ?? "/").split("?")[0] ?? "/",
          status: res.statusCode,
          ms: Math.round((performance.now() - started) * 10) / 10,
          remote: req.socket.remoteAddress,
          ...record,
        }),
      );
    }
    void handle(req, res, record).catch((e: unknown) => {
      logger.error("http request failed", { error: e instanceof Error ? e.message : String(e) });
      if (!res.headersSent) replyError(res, 500, ErrorCode.InternalError, "Internal error");
    });
  });

  const challengeParams = (): Record<string, string> => {
    if (auth === "none" || !auth.resourceMetadata) return {};
    return { resource_metadata: new URL(RESOURCE_METADATA_PATH, resourceUrl).href, ...(auth.requiredScope ? { scope: auth.requiredScope } : {}) };
  };

  function refuse(res: ServerResponse, outcome: Extract<AuthOutcome, { ok: false }>): void {
    const headers: Record<string, string> = { "www-authenticate": challenge(outcome, challengeParams()) };
    if (outcome.status === 503) headers["retry-after"] = "30";
    replyError(res, outcome.status, ErrorCode.InvalidRequest, `Unauthorized: ${outcome.description}`, headers);
  }

  async function isReady(): Promise<boolean> {
    if (draining) return false;
    const checks = await Promise.all([auth !== "none" && auth.ready ? auth.ready() : true, options.ready ? options.ready() : true]);
    return checks.every(Boolean);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, record: Partial<AccessRecord>): Promise<void> {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    // Probes carry no data and answer anyone: load balancers send their own Host.
    if (path === "/healthz") return replyJson(res, 200, { status: "ok" });
    if (path === "/readyz") {
      const ready = await isReady();
      return replyJson(res, ready ? 200 : 503, { status: ready ? "ready" : "not ready" });
    }
    const host = req.headers.host?.toLowerCase();
    if (host === undefined || !allowedHosts.has(host)) {
      return replyError(res, 403, ErrorCode.InvalidRequest, `Forbidden: Host ${JSON.stringify(req.headers.host ?? "")} is not one this server answers to (see --allowed-hosts)`);
    }
    // RFC 9728 names both the root document and the one with the resource's path appended.
    if ((path === RESOURCE_METADATA_PATH || path === `${RESOURCE_METADATA_PATH}${HTTP_PATH}`) && auth !== "none" && auth.resourceMetadata) {
      return replyJson(res, 200, auth.resourceMetadata(resourceUrl));
    }
    if (path !== HTTP_PATH) {
      res.writeHead(404).end();
      return;
    }
    if (!originAllowed(req.headers.origin, allowedOrigins)) {
      return replyError(res, 403, ErrorCode.InvalidRequest, `Forbidden: Origin ${JSON.stringify(req.headers.origin)} is not allowed (see --allowed-origins)`);
    }
    if (draining) return replyError(res, 503, ErrorCode.InternalError, "The server is shutting down", { "retry-after": "5" });

    let principal: Principal | undefined;
    if (auth !== "none") {
      const outcome = await auth.authenticate(req.headers.authorization);
      if (!outcome.ok) return refuse(res, outcome);
      principal = outcome.principal;
      if (principal.caller) record.caller = principal.caller;
    }
    const principalKey = principal?.key ?? "anonymous";
    const wait = limiter.take(principalKey);
    if (wait > 0) {
      return replyError(res, 429, ErrorCode.InvalidRequest, `Too many requests: this caller's limit is ${limiter.perMinute} per minute`, { "retry-after": String(Math.ceil(wait / 1000)) });
    }

    const sessionId = req.headers["mcp-session-id"];
    if (sessionId !== undefined) {
      const session = typeof sessionId === "string" ? sessions.get(sessionId) : undefined;
      // Another principal's session answers exactly like an unknown one.
      if (!session || session.principalKey !== principalKey) {
        return replyError(res, 404, ErrorCode.InvalidRequest, "Unknown or expired MCP session; initialize a new one");
      }
      record.session = session.secgraph.sessionId;
      return serveInSession(session, principal, req, res);
    }
    if (req.method !== "POST") return replyError(res, 400, ErrorCode.InvalidRequest, "Start a session with a POST of initialize");
    let body: unknown;
    try {
      body = await readJson(req);
    } catch (e) {
      return replyError(res, 400, ErrorCode.ParseError, `Parse error: ${(e as Error).message}`);
    }
    if (!isInitializeRequest(body)) return replyError(res, 400, ErrorCode.InvalidRequest, "No MCP session: the first request must be initialize");
    if (sessions.size + opening >= maxSessions) {
      return replyError(res, 503, ErrorCode.InternalError, `Too many MCP sessions (the limit is ${maxSessions}); close one or try again later`, { "retry-after": "30" });
    }
    opening++;
    let session: Session | undefined;
    try {
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          if (session) sessions.set(id, session);
        },
      });
      // The opening principal until the session exists; then whoever sent the request being handled.
      const state: SessionPrincipal = { current: () => (session ? session.principal : principal) };
      session = { transport, secgraph: newSession(state), principalKey, principal, lastSeen: Date.now(), inFlight: 0 };
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
      };
      await session.secgraph.server.connect(transport);
      record.session = session.secgraph.sessionId;
      await serveInSession(session, principal, req, res, body);
    } finally {
      opening--;
      // An initialize the transport refused leaves a server no session id points to.
      if (session && !session.transport.sessionId) await session.secgraph.close().catch(() => undefined);
    }
  }

  async function serveInSession(session: Session, principal: Principal | undefined, req: IncomingMessage & { auth?: AuthInfo }, res: ServerResponse, parsed?: unknown): Promise<void> {
    session.principal = principal;
    session.lastSeen = Date.now();
    if (principal) req.auth = authInfoOf(principal);
    // A GET is the client's standing notification stream: it does not keep a session alive.
    const counts = req.method !== "GET";
    if (counts) {
      session.inFlight++;
      inFlight++;
      res.once("close", () => {
        session.inFlight--;
        inFlight--;
        session.lastSeen = Date.now();
        if (draining && inFlight === 0) drained?.();
      });
    }
    let body = parsed;
    if (body === undefined && req.method === "POST") {
      try {
        body = await readJson(req);
      } catch (e) {
        return replyError(res, 400, ErrorCode.ParseError, `Parse error: ${(e as Error).message}`);
      }
    }
    // The SDK's transport answers a message that is JSON but not JSON-RPC (`"params": null`, say)
    // with −32700 and no id; answer −32600 with the request's id instead, as over stdio.
    const messages = Array.isArray(body) ? body : [body];
    const invalid = messages.filter((m) => !JSONRPCMessageSchema.safeParse(m).success);
    if (req.method === "POST" && invalid.length > 0) {
      const replies = invalid.map((m) => invalidRequestReply(m));
      return replyJson(res, 400, Array.isArray(body) ? replies : replies[0]);
    }
    await session.transport.handleRequest(req, res, body);
  }

  async function closeSession(id: string, session: Session, why: string): Promise<void> {
    sessions.delete(id);
    logger.info(`MCP session closed (${why})`, { session: session.secgraph.sessionId });
    await session.secgraph.close().catch((e: unknown) => logger.warn("closing a session failed", { error: (e as Error).message }));
  }

  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [id, session] of sessions) {
      if (session.inFlight === 0 && now - session.lastSeen >= idleMs) void closeSession(id, session, "idle");
    }
  }, Math.max(20, Math.min(idleMs / 4, 30_000)));
  sweep.unref();

  await new Promise<void>((resolve, reject) => {
    http.once("error", (e: NodeJS.ErrnoException) => reject(new HttpSetupError(`cannot listen on ${bindHost}:${options.port}: ${e.code ?? e.message}`)));
    http.listen(options.port, bindHost, () => resolve());
  });
  const closed = new Promise<void>((resolve) => http.once("close", () => resolve()));
  const { port: bound } = http.address() as AddressInfo;
  allowedHosts = allowedHostHeaders(bindHost, bound, options.allowedHosts ?? []);
  const shownHost = isWildcardHost(bindHost) ? "127.0.0.1" : bindHost.includes(":") ? `[${bindHost}]` : bindHost;
  const url = `http://${shownHost}:${bound}${HTTP_PATH}`;
  resourceUrl = options.publicUrl ?? url;

  let drained: (() => void) | undefined;
  return {
    url,
    closed,
    sessionCount: () => sessions.size,
    async close() {
      if (draining) return closed;
      draining = true;
      clearInterval(sweep);
      const stopped = new Promise<void>((resolve) => http.close(() => resolve()));
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          drained = resolve;
          setTimeout(resolve, DRAIN_MS).unref();
        });
      }
      await Promise.all([...sessions].map(([id, s]) => closeSession(id, s, "shutdown")));
      http.closeAllConnections();
      await stopped;
    },
  };
}
