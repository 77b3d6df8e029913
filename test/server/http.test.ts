import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { compileCall } from "../../src/graph/compile.js";
import { silentLogger } from "../../src/log.js";
import { MemoryAuditLog } from "../../src/server/audit.js";
import { generateToken, SharedTokenAuth } from "../../src/server/auth/shared-token.js";
import { HttpSetupError, serveHttp, type HttpOptions, type HttpServing } from "../../src/server/http.js";
import { createServer } from "../../src/server/server.js";
import { fixtureCatalog } from "./helpers.js";

let serving: HttpServing | undefined;
afterEach(async () => {
  await serving?.close();
  serving = undefined;
});

const TOKEN = generateToken();
const INIT = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "x", version: "0" } } };
const ACCEPT = { "content-type": "application/json", accept: "application/json, text/event-stream" };

async function start(options: Partial<HttpOptions> = {}) {
  const audit = new MemoryAuditLog();
  let compiled = 0;
  const catalog = fixtureCatalog();
  serving = await serveHttp(
    () =>
      createServer({
        catalog,
        audit,
        compile: (...args: Parameters<typeof compileCall>) => {
          compiled++;
          return compileCall(...args);
        },
      }),
    { port: 0, auth: new SharedTokenAuth(TOKEN), logger: silentLogger, ...options },
  );
  return { audit, url: new URL(serving.url), compiled: () => compiled };
}

async function startPlain(options: Partial<HttpOptions> = {}) {
  const audit = new MemoryAuditLog();
  serving = await serveHttp(() => createServer({ catalog: fixtureCatalog(), audit }), { port: 0, auth: new SharedTokenAuth(TOKEN), logger: silentLogger, ...options });
  return { audit, url: new URL(serving.url) };
}

async function client(url: URL, token: string | null = TOKEN): Promise<Client> {
  const c = new Client({ name: "http-test", version: "0" });
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  await c.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers } }));
  return c;
}

/** node:http, because fetch will not send a foreign Host header (a DNS-rebinding page's request does). */
function rawPost(url: URL, headers: Record<string, string>, body: unknown): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers: { ...ACCEPT, ...headers } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

const post = (url: URL, headers: Record<string, string>, body: unknown) =>
  fetch(url, { method: "POST", headers: { ...ACCEPT, ...headers }, body: JSON.stringify(body) });

describe("Streamable HTTP transport", () => {
  it("listens on 127.0.0.1 and serves independent sessions to a Client with the token, one audit session each", async () => {
    const { audit, url } = await startPlain();
    expect(url.hostname).toBe("127.0.0.1");
    const [a, b] = await Promise.all([client(url), client(url)]);
    expect((await a.listTools()).tools.map((t) => t.name)).toContain("alerts_list");
    const result = (await b.callTool({ name: "alerts_get", arguments: { alertId: "a1" } })) as CallToolResult;
    expect(result.structuredContent).toMatchObject({ mode: "dry-run" });
    await a.callTool({ name: "alerts_list", arguments: { top: 1 } });
    expect(new Set(audit.entries.map((e) => e.session)).size).toBe(2);
    expect(JSON.stringify(audit.entries)).not.toContain(TOKEN);
    await Promise.all([a.close(), b.close()]);
  });

  it("refuses a Client without the token or with a wrong one (401 with WWW-Authenticate), and audits nothing", async () => {
    const { audit, url } = await startPlain();
    await expect(client(url, null)).rejects.toMatchObject({ code: 401, message: expect.stringMatching(/Unauthorized: this server needs an Authorization: Bearer token/) });
    await expect(client(url, generateToken())).rejects.toMatchObject({ code: 401, message: expect.stringMatching(/not this server's token/) });
    const none = await post(url, {}, INIT);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="secgraph-mcp"');
    const wrong = await post(url, { authorization: `Bearer ${generateToken()}` }, INIT);
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toMatch(/^Bearer realm="secgraph-mcp", error="invalid_token", error_description="[^"]+"$/);
    for (const malformed of ["Basic dXNlcjpwYXNz", "Bearer", "Bearer  ", `Bearer ${TOKEN} extra`, `Bearer "${TOKEN}"`, TOKEN]) {
      const res = await post(url, { authorization: malformed }, INIT);
      expect(res.status, malformed).toBe(401);
      expect(res.headers.get("www-authenticate"), malformed).toMatch(/error="invalid_(request|token)"/);
    }
    expect(audit.entries).toHaveLength(0);
  });

  it("refuses an over-long Authorization header without reading it as a token", async () => {
    const { url } = await startPlain();
    const long = await rawPost(url, { authorization: `Bearer ${"a".repeat(9000)}` }, INIT);
    expect(long.status).toBe(401);
    expect(String(long.headers["www-authenticate"])).toMatch(/longer than 8192/);
    // 100 kB is over Node's header limit: the HTTP parser refuses it before any handler runs.
    const huge = await rawPost(url, { authorization: `Bearer ${"a".repeat(100_000)}` }, INIT);
    expect(huge.status).toBe(431);
    const c = await client(url);
    expect((await c.listTools()).tools.length).toBeGreaterThan(0);
    await c.close();
  });

  it("checks Origin: none, loopback and allow-listed origins pass; others and `null` get 403", async () => {
    const { url } = await startPlain({ allowedOrigins: ["https://soc.example"] });
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect((await post(url, { ...auth, origin: "http://localhost:6274" }, INIT)).status).toBe(200);
    expect((await post(url, { ...auth, origin: "http://127.0.0.1:8080" }, INIT)).status).toBe(200);
    expect((await post(url, { ...auth, origin: "https://soc.example" }, INIT)).status).toBe(200);
    for (const origin of ["https://evil.example", "null", "https://soc.example.evil.example", "file://"]) {
      expect((await post(url, { ...auth, origin }, INIT)).status, origin).toBe(403);
    }
  });

  it("rejects requests without a session, with an unknown session, or for another Host", async () => {
    const { url } = await startPlain();
    const auth = { authorization: `Bearer ${TOKEN}` };
    const list = { jsonrpc: "2.0", id: 1, method: "tools/list" };
    expect((await post(url, auth, list)).status).toBe(400);
    expect((await post(url, { ...auth, "mcp-session-id": "nope" }, list)).status).toBe(404);
    expect((await rawPost(url, { ...auth, host: "evil.example" }, INIT)).status).toBe(403);
    expect((await rawPost(url, { ...auth, host: `evil.example:${url.port}` }, INIT)).status).toBe(403);
    expect((await fetch(new URL("/other", url), { headers: auth })).status).toBe(404);
    const bad = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...auth }, body: "{not json" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: -32700 } });
  });

  it("caps the number of sessions and frees a slot when a session closes", async () => {
    const { url } = await startPlain({ maxSessions: 2 });
    const [a, b] = await Promise.all([client(url), client(url)]);
    const third = await post(url, { authorization: `Bearer ${TOKEN}` }, INIT);
    expect(third.status).toBe(503);
    expect(await third.json()).toMatchObject({ error: { message: expect.stringMatching(/limit is 2/) } });
    await (a.transport as StreamableHTTPClientTransport).terminateSession();
    await a.close();
    for (let i = 0; i < 100 && serving!.sessionCount() > 1; i++) await new Promise((r) => setTimeout(r, 10));
    const c = await client(url);
    expect((await c.listTools()).tools.length).toBeGreaterThan(0);
    await Promise.all([b.close(), c.close()]);
  });

  it("closes a session after it has been idle, and its id is then unknown", async () => {
    const { url } = await startPlain({ sessionIdleMs: 150 });
    const res = await post(url, { authorization: `Bearer ${TOKEN}` }, INIT);
    expect(res.status).toBe(200);
    const id = res.headers.get("mcp-session-id");
    expect(id).toBeTruthy();
    await res.text();
    expect(serving!.sessionCount()).toBe(1);
    for (let i = 0; i < 100 && serving!.sessionCount() > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(serving!.sessionCount()).toBe(0);
    const later = await post(url, { authorization: `Bearer ${TOKEN}`, "mcp-session-id": id!, "mcp-protocol-version": "2025-06-18" }, { jsonrpc: "2.0", id: 2, method: "tools/list" });
    expect(later.status).toBe(404);
  });

  it("keeps a session that is in use", async () => {
    const { url } = await startPlain({ sessionIdleMs: 300 });
    const c = await client(url);
    for (let i = 0; i < 8; i++) {
      await c.callTool({ name: "alerts_get", arguments: { alertId: `a${i}` } });
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(serving!.sessionCount()).toBe(1);
    await c.close();
  });

  it("rate-limits each principal", async () => {
    const { url } = await startPlain({ rateLimitPerMinute: 60 });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await post(url, { authorization: `Bearer ${TOKEN}` }, { jsonrpc: "2.0", id: 1, method: "tools/list" })).status);
    // Burst of 10 (400: no session), then 429 with Retry-After.
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it("lets a call in flight finish when it is closed, then refuses new requests", async () => {
    const executor = { execute: () => new Promise<{ status: number; result: unknown }>((r) => setTimeout(() => r({ status: 200, result: { id: "a1" } }), 300)) };
    const audit = new MemoryAuditLog();
    serving = await serveHttp(() => createServer({ catalog: fixtureCatalog(), audit, executor }), { port: 0, auth: new SharedTokenAuth(TOKEN), logger: silentLogger });
    const url = new URL(serving.url);
    const c = await client(url);
    const pending = c.callTool({ name: "alerts_get", arguments: { alertId: "a1" } }) as Promise<CallToolResult>;
    await new Promise((r) => setTimeout(r, 100));
    const closing = serving.close();
    const result = await pending;
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ mode: "live" });
    await closing;
    expect(audit.entries.at(-1)).toMatchObject({ outcome: "executed" });
    await expect(fetch(new URL("/healthz", url))).rejects.toThrow();
    serving = undefined;
  });

  it("serves /healthz and /readyz without a token", async () => {
    const { url } = await startPlain();
    expect(await (await fetch(new URL("/healthz", url))).json()).toEqual({ status: "ok" });
    expect((await fetch(new URL("/readyz", url))).status).toBe(200);
  });

  it("refuses to serve a non-loopback address without authentication, or every interface without --allowed-hosts", async () => {
    await expect(serveHttp(() => createServer({ catalog: fixtureCatalog(), audit: new MemoryAuditLog() }), { port: 0, host: "0.0.0.0", auth: "none", logger: silentLogger, allowedHosts: ["soc.example"] })).rejects.toThrow(HttpSetupError);
    await expect(serveHttp(() => createServer({ catalog: fixtureCatalog(), audit: new MemoryAuditLog() }), { port: 0, host: "0.0.0.0", auth: new SharedTokenAuth(TOKEN), logger: silentLogger })).rejects.toThrow(/--allowed-hosts/);
    expect(() => new SharedTokenAuth("short")).toThrow(/at least 24/);
  });

  it("answers 0 of 1 000 unauthenticated attempts with a tool call (attack-table count)", async () => {
    const { audit, url, compiled } = await start();
    // A real session to aim at: the attacker may know (or guess) its id but not the token.
    const init = await post(url, { authorization: `Bearer ${TOKEN}` }, INIT);
    const sessionId = init.headers.get("mcp-session-id")!;
    await init.text();
    const call = { jsonrpc: "2.0", id: 7, method: "tools/call", params: { name: "alerts_get", arguments: { alertId: "a1" } } };
    const headerVariants = [
      undefined,
      "",
      "Bearer",
      `Bearer ${TOKEN.slice(0, -1)}`,
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.toUpperCase()}`,
      `Basic ${Buffer.from(`u:${TOKEN}`).toString("base64")}`,
      `Token ${TOKEN}`,
      `Bearer ${generateToken()}`,
      `Bearer ${TOKEN.slice(0, 8)}`,
    ];
    let sent = 0;
    const statuses = new Map<number, number>();
    for (let i = 0; i < 1000; i++) {
      const authorization = headerVariants[i % headerVariants.length];
      const headers: Record<string, string> = { "mcp-protocol-version": "2025-06-18" };
      if (authorization !== undefined) headers.authorization = authorization;
      if (i % 2 === 0) headers["mcp-session-id"] = sessionId;
      const res = await post(url, headers, i % 3 === 0 ? INIT : call);
      await res.text();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      sent++;
    }
    expect(sent).toBe(1000);
    expect([...statuses.keys()]).toEqual([401]);
    expect(audit.entries).toHaveLength(0);
    expect(compiled()).toBe(0);
  });
});

describe("Streamable HTTP: messages that are JSON but not JSON-RPC", () => {
  it("answers −32600 with the request's own id (params: null, a batch), and the session keeps serving", async () => {
    const { url } = await startPlain();
    const auth = { authorization: `Bearer ${TOKEN}` };
    const opened = await post(url, auth, INIT);
    const session = opened.headers.get("mcp-session-id");
    expect(session).toBeTruthy();
    await opened.text();
    const headers = { ...auth, "mcp-session-id": session!, "mcp-protocol-version": "2025-06-18" };
    const single = await post(url, headers, { jsonrpc: "2.0", id: 7, method: "ping", params: null });
    expect(single.status).toBe(400);
    expect(await single.json()).toEqual({ jsonrpc: "2.0", id: 7, error: { code: -32600, message: expect.stringMatching(/params must be an object or left out \(got null\)/) } });
    const batch = await post(url, headers, [{ jsonrpc: "2.0", id: "a", method: "ping", params: null }, { jsonrpc: "2.0", id: "b", method: "tools/list", params: 3 }]);
    expect(((await batch.json()) as { id: string }[]).map((r) => r.id)).toEqual(["a", "b"]);
    const ok = await post(url, headers, { jsonrpc: "2.0", id: 8, method: "ping" });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('"id":8');
  });
});
