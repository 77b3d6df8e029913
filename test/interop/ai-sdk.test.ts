/**
 * The built server through the Vercel AI SDK's MCP client (@ai-sdk/mcp 1.x with ai 6: ai 7 needs
 * Node 22) over stdio, live against the loopback Graph. What the model would get is each tool's
 * toModelOutput of the call result; the tool schemas are what the SDK hands a provider. No model
 * provider is called.
 */
import { join } from "node:path";
import { createMCPClient } from "@ai-sdk/mcp";
import { Experimental_StdioMCPTransport } from "@ai-sdk/mcp/mcp-stdio";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { geminiProblems } from "../../src/server/schema-profiles/check.js";
import { tempDir } from "../server/helpers.js";
import { requireBuiltBin } from "./bin.js";
import { CANARY, INTEROP_TIMEOUT_MS, liveGraph, liveServe, outsideEnvelopes } from "./support.js";

requireBuiltBin();
// Each test starts the built bin (catalog, rules planner, KQL checker) and makes live calls: slow on a loaded machine.
vi.setConfig({ testTimeout: INTEROP_TIMEOUT_MS });
const live = liveGraph();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

interface AiTool {
  inputSchema: { jsonSchema: Tool["inputSchema"] } | PromiseLike<unknown>;
  execute(args: unknown, options: { toolCallId: string; messages: unknown[] }): Promise<unknown>;
  toModelOutput?(options: { output: unknown }): unknown;
}

async function aiTools(extra: string[]): Promise<Record<string, AiTool>> {
  const serve = liveServe(live, join(tempDir(), "audit.jsonl"), ["--allow-writes", ...extra]);
  const client = await createMCPClient({ transport: new Experimental_StdioMCPTransport({ ...serve, stderr: "pipe" }) });
  closers.push(() => client.close());
  return (await client.tools()) as unknown as Record<string, AiTool>;
}

/** The tool result as the SDK turns it into the model's tool-result message. */
async function modelOutput(tool: AiTool, args: Record<string, unknown>): Promise<string> {
  const output = await tool.execute(args, { toolCallId: "call-1", messages: [] });
  return JSON.stringify(tool.toModelOutput ? await tool.toModelOutput({ output }) : output);
}

describe("Vercel AI SDK MCP client", () => {
  it("lists tools, reads, leaves an unconfirmed write unsent, plans, and the canary stays inside the envelope", async () => {
    const tools = await aiTools([]);
    expect(Object.keys(tools)).toEqual(expect.arrayContaining(["alerts_get", "alerts_update", "plan_request"]));

    const read = await modelOutput(tools.alerts_get!, { alertId: live.alertId });
    expect(read).toContain(CANARY);
    expect(outsideEnvelopes(read, CANARY)).toBe(0);

    const writesBefore = live.graph.graphRequests().filter((r) => r.method !== "GET").length;
    const write = await modelOutput(tools.alerts_update!, { alertId: live.alertId, status: "resolved" });
    expect(write).toMatch(/code/i);
    expect(live.graph.graphRequests().filter((r) => r.method !== "GET")).toHaveLength(writesBefore);

    const plan = await modelOutput(tools.plan_request!, { request: "show me the 5 newest high severity alerts" });
    expect(outsideEnvelopes(plan, CANARY)).toBe(0);
  });

  it("gemini: the schemas the SDK hands a provider pass the Gemini checker once it drops the additionalProperties it adds", async () => {
    const tools = await aiTools(["--schema-profile", "gemini"]);
    const problems: string[] = [];
    for (const [name, tool] of Object.entries(tools)) {
      const schema = (tool.inputSchema as { jsonSchema: Record<string, unknown> }).jsonSchema;
      // The AI SDK sets additionalProperties: false on every tool's root; its Google provider strips it before sending.
      const { additionalProperties: _added, ...sent } = schema;
      problems.push(...geminiProblems({ name, inputSchema: sent as Tool["inputSchema"] }).map((p) => `${name}: ${p}`));
    }
    expect(problems).toEqual([]);
  });
});
