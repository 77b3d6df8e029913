/** Shared set-up for the server suites: a real MCP Client linked in memory to createServer(). */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, onTestFinished } from "vitest";
import { Client, type ClientOptions } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { loadCatalog } from "../../src/catalog/load.js";
import type { Catalog } from "../../src/catalog/types.js";
import { MemoryAuditLog } from "../../src/server/audit.js";
import { createServer, type SecgraphServer, type ServerDeps } from "../../src/server/server.js";

export const FIXTURE_TOOLS_DIR = resolve(import.meta.dirname, "fixtures", "catalog");

export function fixtureCatalog(): Catalog {
  return loadCatalog(FIXTURE_TOOLS_DIR);
}

/** A fresh folder, removed when the calling test finishes. */
export function tempDir(prefix = "secgraph-server-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface Connected {
  client: Client;
  secgraph: SecgraphServer;
  audit: MemoryAuditLog;
  close(): Promise<void>;
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
}

/** createServer with the fixture catalog unless told otherwise, connected to a Client in memory. */
export async function connect(deps: Partial<ServerDeps> = {}, clientOptions: ClientOptions = {}): Promise<Connected> {
  const audit = new MemoryAuditLog();
  const secgraph = createServer({ catalog: fixtureCatalog(), audit, ...deps });
  const client = new Client({ name: "secgraph-test", version: "0.0.0" }, clientOptions);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await Promise.all([secgraph.server.connect(serverSide), client.connect(clientSide)]);
  let closed = false;
  return {
    client,
    secgraph,
    audit: (deps.audit as MemoryAuditLog | undefined) ?? audit,
    close: async () => {
      if (closed) return;
      closed = true;
      await client.close();
      await secgraph.close();
    },
    call: async (name, args) => (await client.callTool({ name, arguments: args })) as CallToolResult,
  };
}

/** connect(), with every session a test opens closed after it. Call once at module level. */
export function connectPerTest(): typeof connect {
  const open: Connected[] = [];
  afterEach(async () => {
    for (const session of open.splice(0)) await session.close();
  });
  return async (deps, clientOptions) => {
    const session = await connect(deps, clientOptions);
    open.push(session);
    return session;
  };
}

export function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
}
