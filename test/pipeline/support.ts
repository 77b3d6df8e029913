/** Shared set-up for the pipeline suites: the real executor against the loopback Graph, behind a real MCP Client. */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { loadCatalog } from "../../src/catalog/load.js";
import { createGraphExecutor } from "../../src/graph/executor.js";
import { silentLogger, type Logger } from "../../src/log.js";
import { MemoryAuditLog, type AuditSink, type CodeNotice } from "../../src/pipeline/index.js";
import { createServer, type ServerDeps } from "../../src/server/server.js";
import type { GraphTestServer } from "../support/graph-server.js";

export const catalog = loadCatalog();

export interface LiveSession {
  client: Client;
  notices: CodeNotice[];
  call(name: string, args: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

/** createServer in live mode with the real Graph executor against `graph`, connected in memory. */
export async function liveSession(graph: GraphTestServer, deps: Partial<ServerDeps> & { audit?: AuditSink; logger?: Logger } = {}): Promise<LiveSession> {
  const executor = createGraphExecutor(
    { graphBaseUrl: graph.baseUrl, maxPages: 5, maxItems: 500, requestTimeoutMs: 5_000 },
    deps.logger ?? silentLogger,
    { env: { SECGRAPH_ACCESS_TOKEN: graph.token } },
  );
  const notices: CodeNotice[] = [];
  const secgraph = createServer({
    catalog,
    audit: new MemoryAuditLog(),
    executor,
    allowWrites: true,
    graphBaseUrl: graph.baseUrl,
    logger: silentLogger,
    notifyPerson: (n) => void notices.push(n),
    ...deps,
  });
  const client = new Client({ name: "secgraph-pipeline-test", version: "0.0.0" });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await Promise.all([secgraph.server.connect(serverSide), client.connect(clientSide)]);
  return {
    client,
    notices,
    call: async (name, args) => (await client.callTool({ name, arguments: args })) as CallToolResult,
    close: async () => {
      await client.close();
      await secgraph.close();
    },
  };
}

export const textOf = (r: CallToolResult) => r.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
