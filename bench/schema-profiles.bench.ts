/**
 * Schema profiles in tokens (o200k_base BPE via gpt-tokenizer): tools/list per tool for each profile
 * and mode, as `serve` publishes it (plan_request with the rules planner included); and what one live
 * list result costs in the text a LangChain model reads (the text block plus the structuredContent
 * LangChain keeps on it), now that structuredContent carries no Graph data, against the earlier
 * shape that also carried the data under `untrusted.data`.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { countTokens } from "gpt-tokenizer";
import { loadCatalog } from "../src/catalog/load.js";
import type { Executor } from "../src/graph/types.js";
import { createPlanner } from "../src/planner/index.js";
import { MemoryAuditLog } from "../src/server/audit.js";
import { SCHEMA_PROFILES } from "../src/server/schema-profiles/index.js";
import { createServer, type ServerDeps } from "../src/server/server.js";
import { defaultFixtures } from "../test/support/graph-server.js";

async function connected(deps: Omit<ServerDeps, "audit" | "catalog">) {
  const secgraph = createServer({ catalog: loadCatalog(), audit: new MemoryAuditLog(), ...deps });
  const client = new Client({ name: "bench", version: "0" });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([secgraph.server.connect(b), client.connect(a)]);
  return { client, close: async () => (await client.close(), await secgraph.close()) };
}

export default async function bench(): Promise<void> {
  const out = (s: string) => process.stdout.write(s);
  const planner = await createPlanner({ planner: "rules" });
  const modes: [string, Omit<ServerDeps, "audit" | "catalog">][] = [
    ["read-only (default)", { planner }],
    ["--allow-writes", { planner, allowWrites: true }],
    ["discovery", { planner, discovery: true }],
  ];
  out(`${"tools/list tokens per tool".padEnd(28)} ${SCHEMA_PROFILES.map((p) => p.padStart(14)).join("")}\n`);
  for (const [label, deps] of modes) {
    const cells: string[] = [];
    let count = 0;
    for (const profile of SCHEMA_PROFILES) {
      const { client, close } = await connected({ ...deps, schemaProfile: profile });
      const { tools } = await client.listTools();
      await close();
      count = tools.length;
      cells.push((countTokens(JSON.stringify(tools)) / tools.length).toFixed(1).padStart(14));
    }
    out(`${`${label} (${count} tools)`.padEnd(28)} ${cells.join("")}\n`);
  }

  // One live alerts list of 7 fixture alerts, as a LangChain ToolMessage carries it.
  const page = { items: defaultFixtures().alerts, nextLink: null };
  const executor: Executor = { execute: () => Promise.resolve({ status: 200, result: page }) };
  const { client, close } = await connected({ executor });
  const result = (await client.callTool({ name: "alerts_list", arguments: { top: 7 } })) as CallToolResult;
  await close();
  const text = result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
  const structured = result.structuredContent as Record<string, unknown> & { untrusted: Record<string, unknown> };
  const withData = { ...structured, untrusted: { nonce: structured.untrusted.nonce, data: page } };
  const tokens = (s: unknown) => countTokens(JSON.stringify({ type: "text", text, structuredContent: s }));
  out(`\nlive alerts_list, 7 alerts: tokens LangChain hands the model\n`);
  out(`${"text only".padEnd(44)} ${String(countTokens(text)).padStart(6)}\n`);
  out(`${"text + structuredContent (no Graph data, now)".padEnd(44)} ${String(tokens(structured)).padStart(6)}\n`);
  out(`${"text + structuredContent with untrusted.data".padEnd(44)} ${String(tokens(withData)).padStart(6)}\n`);
}
