/**
 * The MCP server in live mode with the real executor, through a real MCP Client, against the
 * loopback Graph: reads come back with their status and items; writes reach Graph only when
 * allowed and confirmed.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/catalog/load.js";
import { createGraphExecutor } from "../../src/graph/executor.js";
import { silentLogger } from "../../src/log.js";
import { MemoryAuditLog } from "../../src/server/audit.js";
import { createServer } from "../../src/server/server.js";
import { startGraphTestServer, type GraphTestServer } from "../support/graph-server.js";

let graph: GraphTestServer;
beforeAll(async () => {
  graph = await startGraphTestServer({ pageSize: 3 });
});
afterAll(async () => {
  await graph.close();
});
beforeEach(() => graph.reset());

async function liveServer(allowWrites: boolean) {
  const executor = createGraphExecutor(
    { graphBaseUrl: graph.baseUrl, maxPages: 5, maxItems: 500, requestTimeoutMs: 5_000 },
    silentLogger,
    { env: { SECGRAPH_ACCESS_TOKEN: graph.token } },
  );
  const codes: string[] = [];
  const secgraph = createServer({ catalog: loadCatalog(), audit: new MemoryAuditLog(), executor, allowWrites, graphBaseUrl: graph.baseUrl, logger: silentLogger, notifyPerson: (n) => void codes.push(n.code) });
  const client = new Client({ name: "secgraph-live-test", version: "0.0.0" });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await Promise.all([secgraph.server.connect(serverSide), client.connect(clientSide)]);
  return {
    codes,
    call: async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as CallToolResult,
    close: async () => {
      await client.close();
      await secgraph.close();
    },
  };
}

const text = (r: CallToolResult) => r.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");

describe("MCP server with the live executor", () => {
  it("answers a list call with every item of every page", async () => {
    const mcp = await liveServer(false);
    try {
      const result = await mcp.call("incidents_list", {});
      expect(result.isError).toBeFalsy();
      const structured = result.structuredContent as { status: number; untrusted: { items: number; morePages: boolean } };
      expect(structured.status).toBe(200);
      expect(structured.untrusted).toMatchObject({ items: graph.data.incidents.length, morePages: false });
      // The data itself is only in the text, inside the envelope.
      const text = result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
      const inside = /<untrusted-graph-data nonce="[0-9a-f]+">\n([\s\S]*)\n<\/untrusted-graph-data/.exec(text)?.[1] ?? "null";
      expect((JSON.parse(inside) as { items: { id: string }[] }).items.map((i) => i.id)).toEqual(graph.data.incidents.map((i) => i.id));
      expect(graph.graphRequests()).toHaveLength(2);
    } finally {
      await mcp.close();
    }
  });

  it("asks for the entity's default $select on a live list call that names none, and keeps an explicit one", async () => {
    const mcp = await liveServer(false);
    try {
      await mcp.call("risky_users_list", {});
      const first = new URL(graph.graphRequests()[0]?.url ?? "", graph.baseUrl).searchParams.get("$select");
      expect(first?.split(",")).toEqual(expect.arrayContaining(["id", "userPrincipalName", "riskLevel", "riskState"]));
      graph.reset();
      await mcp.call("risky_users_list", { select: ["id"] });
      expect(new URL(graph.graphRequests()[0]?.url ?? "", graph.baseUrl).searchParams.get("$select")).toBe("id");
      graph.reset();
      // Graph documents no $select for incidents: none is invented for them.
      await mcp.call("incidents_list", {});
      expect(new URL(graph.graphRequests()[0]?.url ?? "", graph.baseUrl).searchParams.has("$select")).toBe(false);
    } finally {
      await mcp.close();
    }
  });

  it("turns Graph's 400 into an isError result carrying Graph's message and request-id", async () => {
    const mcp = await liveServer(false);
    try {
      graph.inject({ kind: "status", status: 400, code: "BadRequest", message: "Invalid filter clause." });
      const result = await mcp.call("alerts_list", { top: 5 });
      expect(result.isError).toBe(true);
      expect(text(result)).toMatch(/Graph answered 400 BadRequest: Invalid filter clause\. \(request-id [0-9a-f-]{36}\)/);
    } finally {
      await mcp.close();
    }
  });

  it("sends no write without --allow-writes", async () => {
    const mcp = await liveServer(false);
    try {
      const result = await mcp.call("alerts_update", { alertId: graph.data.alerts[1]?.id, status: "resolved" });
      expect(result.isError).toBe(true);
      expect(graph.requests).toHaveLength(0);
    } finally {
      await mcp.close();
    }
  });

  it("sends a write only with the person's one-time code, exactly once", async () => {
    const mcp = await liveServer(true);
    const args = { alertId: graph.data.alerts[1]?.id, status: "resolved" };
    try {
      const offered = await mcp.call("alerts_update", args);
      expect(offered.isError).toBeFalsy();
      expect(text(offered)).toMatch(/confirm/);
      expect(graph.requests).toHaveLength(0);
      const blind = await mcp.call("alerts_update", { ...args, confirm: true });
      expect(blind.isError).toBeFalsy();
      expect(graph.requests).toHaveLength(0);
      const sent = await mcp.call("alerts_update", { ...args, confirmationCode: mcp.codes[0] });
      expect(sent.isError).toBeFalsy();
      expect(graph.graphRequests().map((r) => `${r.method} ${r.url}`)).toEqual([`PATCH /v1.0/security/alerts_v2/${args.alertId}`]);
      expect(graph.data.alerts[1]?.status).toBe("resolved");
    } finally {
      await mcp.close();
    }
  });
});
