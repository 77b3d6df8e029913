/**
 * Streamable HTTP on 127.0.0.1 only: one createServer() per MCP session (its own pending
 * confirmations and audit session id), DNS-rebinding protection on, at /mcp.
 */
import { randomUUID } from "node:crypto";
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { ErrorCode, isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "../log.js";
import type { SecgraphServer } from "./server.js";

export const HTTP_PATH = "/mcp";
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface HttpServing {
  /** e.g. http://127.0.0.1:3000/mcp */
  url: string;
  /** Resolves when the HTTP server has stopped. */
  closed: Promise<void>;
  close(): Promise<void>;
}

function replyError(res: ServerResponse, status: number, code: number, message: string): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }));
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

/** `newSession` builds the MCP server of one client session. Port 0 picks a free port. */
export async function serveHttp(newSession: () => SecgraphServer, port: number, logger: Logger): Promise<HttpServing> {
  const sessions = new Map<string, { transport: StreamableHTTPServerTransport; secgraph: SecgraphServer }>();

  const http = createHttpServer((req, res) => {
    void handle(req, res).catch((e: unknown) => {
      logger.error("http request failed", { error: e instanceof Error ? e.message : String(e) });
      if (!res.headersSent) replyError(res, 500, ErrorCode.InternalError, "Internal error");
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (new URL(req.url ?? "/", "http://127.0.0.1").pathname !== HTTP_PATH) {
      res.writeHead(404).end();
      return;
    }
    const sessionId = req.headers["mcp-session-id"];
    const existing = typeof sessionId === "string" ? sessions.get(sessionId) : undefined;
    if (existing) {
      const body = req.method === "POST" ? await readJson(req).catch(() => undefined) : undefined;
      await existing.transport.handleRequest(req, res, body);
      return;
    }
    if (sessionId !== undefined) {
      replyError(res, 404, ErrorCode.InvalidRequest, "Unknown or expired MCP session; initialize a new one");
      return;
    }
    if (req.method !== "POST") {
      replyError(res, 400, ErrorCode.InvalidRequest, "Start a session with a POST of initialize");
      return;
    }
    let body: unknown;
    try {
      body = await readJson(req);
    } catch (e) {
      replyError(res, 400, ErrorCode.ParseError, `Parse error: ${(e as Error).message}`);
      return;
    }
    if (!isInitializeRequest(body)) {
      replyError(res, 400, ErrorCode.InvalidRequest, "No MCP session: the first request must be initialize");
      return;
    }
    const { port: bound } = http.address() as AddressInfo;
    const secgraph = newSession();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      enableDnsRebindingProtection: true,
      allowedHosts: [`127.0.0.1:${bound}`, `localhost:${bound}`],
      onsessioninitialized: (id) => void sessions.set(id, { transport, secgraph }),
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await secgraph.server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(port, "127.0.0.1", () => resolve());
  });
  const closed = new Promise<void>((resolve) => http.once("close", () => resolve()));
  const { port: bound } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}${HTTP_PATH}`,
    closed,
    async close() {
      for (const { secgraph } of [...sessions.values()]) await secgraph.close();
      sessions.clear();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
