/**
 * The built server through LangChain's @langchain/mcp-adapters (stdio), live against the loopback
 * Graph. Checks what LangChain hands its model: the ToolMessage content (LangChain keeps
 * structuredContent on the text block, so both count), and the tool schemas that
 * convertToOpenAITool(tool, {strict: true}) would send, which pass OpenAI's strict rules under the
 * openai-strict profile. No model provider is called.
 */
import { join } from "node:path";
import { convertToOpenAITool } from "@langchain/core/utils/function_calling";
import type { StructuredToolInterface } from "@langchain/core/tools";
import { MultiServerMCPClient } from "@langchain/mcp-adapters";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { openaiStrictProblems } from "../../src/server/schema-profiles/check.js";
import { tempDir } from "../server/helpers.js";
import { requireBuiltBin } from "./bin.js";
import { CANARY, INTEROP_TIMEOUT_MS, liveGraph, liveServe, outsideEnvelopes } from "./support.js";

requireBuiltBin();
// Each test starts the built bin (catalog, rules planner, KQL checker) and makes live calls: slow on a loaded machine.
vi.setConfig({ testTimeout: INTEROP_TIMEOUT_MS });
const live = liveGraph();
const clients: MultiServerMCPClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
});

async function langchainTools(extra: string[]): Promise<Map<string, StructuredToolInterface>> {
  const serve = liveServe(live, join(tempDir(), "audit.jsonl"), ["--allow-writes", ...extra]);
  const client = new MultiServerMCPClient({ mcpServers: { secgraph: { transport: "stdio", ...serve } }, useStandardContentBlocks: false });
  clients.push(client);
  return new Map((await client.getTools()).map((t) => [t.name, t]));
}

/** The ToolMessage LangChain would append to the conversation, as the model provider receives it. */
async function invoke(tool: StructuredToolInterface, args: Record<string, unknown>): Promise<{ text: string; status: unknown }> {
  const message = (await tool.invoke({ type: "tool_call", id: "call-1", name: tool.name, args })) as { content: unknown; status?: unknown };
  return { text: typeof message.content === "string" ? message.content : JSON.stringify(message.content), status: message.status };
}

describe("@langchain/mcp-adapters", () => {
  it("lists tools, reads, leaves an unconfirmed write unsent, plans, and the canary stays inside the envelope", async () => {
    const tools = await langchainTools([]);
    expect([...tools.keys()]).toEqual(expect.arrayContaining(["alerts_get", "alerts_update", "plan_request"]));

    const read = await invoke(tools.get("alerts_get")!, { alertId: live.alertId });
    expect(read.text).toContain(CANARY);
    expect(outsideEnvelopes(read.text, CANARY)).toBe(0);

    const writesBefore = live.graph.graphRequests().filter((r) => r.method !== "GET").length;
    const write = await invoke(tools.get("alerts_update")!, { alertId: live.alertId, status: "resolved" });
    expect(write.text).toMatch(/code/i);
    expect(live.graph.graphRequests().filter((r) => r.method !== "GET")).toHaveLength(writesBefore);

    const plan = await invoke(tools.get("plan_request")!, { request: "show me the 5 newest high severity alerts" });
    expect(outsideEnvelopes(plan.text, CANARY)).toBe(0);
  });

  it("openai-strict: convertToOpenAITool(strict) sends schemas that pass OpenAI's strict rules, and the null-filled call works", async () => {
    const tools = await langchainTools(["--schema-profile", "openai-strict"]);
    const problems: string[] = [];
    for (const tool of tools.values()) {
      const converted = convertToOpenAITool(tool, { strict: true }) as { function: { name: string; parameters: Tool["inputSchema"] } };
      problems.push(...openaiStrictProblems({ name: converted.function.name, inputSchema: converted.function.parameters }).map((p) => `${tool.name}: ${p}`));
    }
    expect(problems).toEqual([]);
    // A strict model fills every optional argument with null; LangChain checks it against the published schema, the server reads null as not given.
    const read = await invoke(tools.get("alerts_get")!, { alertId: live.alertId, select: null, expand: null });
    expect(read.text).toContain(CANARY);
    expect(outsideEnvelopes(read.text, CANARY)).toBe(0);
  });
});
