import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { silentLogger } from "../../src/log.js";
import { MemoryAuditLog } from "../../src/server/audit.js";
import { serveHttp, type HttpServing } from "../../src/server/http.js";
import { createServer } from "../../src/server/server.js";
import { fixtureCatalog } from "./helpers.js";

let serving: HttpServing | undefined;
afterEach(async () => {
  await serving?.close();
  serving = undefined;
});

async function start() {
  const audit = new MemoryAuditLog();
  serving = await serveHttp(() => createServer({ catalog: fixtureCatalog(), audit }), 0, silentLogger);
  return { audit, url: new URL(serving.url) };
}

async function client(url: URL): Promise<Client> {
  const c = new Client({ name: "http-test", version: "0" });
  await c.connect(new StreamableHTTPClientTransport(url));
  return c;
}

describe("Streamable HTTP transport", () => {
  it("listens on 127.0.0.1 and serves independent sessions, one audit session each", async () => {
    const { audit, url } = await start();
    expect(url.hostname).toBe("127.0.0.1");
    const [a, b] = await Promise.all([client(url), client(url)]);
    expect((await a.listTools()).tools.map((t) => t.name)).toContain("alerts_list");
    const result = (await b.callTool({ name: "alerts_get", arguments: { alertId: "a1" } })) as CallToolResult;
    expect(result.structuredContent).toMatchObject({ mode: "dry-run" });
    await a.callTool({ name: "alerts_list", arguments: { top: 1 } });
    expect(new Set(audit.entries.map((e) => e.session)).size).toBe(2);
    await Promise.all([a.close(), b.close()]);
  });

  it("rejects requests without a session, with an unknown session, or for another Host", async () => {
    const { url } = await start();
    const post = (headers: Record<string, string>, body: unknown) =>
      fetch(url, { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers }, body: JSON.stringify(body) });
    const list = { jsonrpc: "2.0", id: 1, method: "tools/list" };
    expect((await post({}, list)).status).toBe(400);
    expect((await post({ "mcp-session-id": "nope" }, list)).status).toBe(404);
    const init = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "x", version: "0" } } };
    // fetch will not send a foreign Host header; node:http will (a DNS-rebinding page's request looks like this).
    const foreign = await new Promise<number>((resolve, reject) => {
      const req = request(url, { method: "POST", headers: { host: "evil.example", "content-type": "application/json", accept: "application/json, text/event-stream" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end(JSON.stringify(init));
    });
    expect(foreign).toBe(403);
    expect((await fetch(new URL("/other", url))).status).toBe(404);
    const bad = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: -32700 } });
  });
});
