/**
 * The built server through the OpenAI Agents SDK's MCPServerStdio, live against the loopback
 * Graph: the function tools the SDK would give an agent (and whether it can make them strict), and
 * what each tool call returns to the model, with and without useStructuredContent. No model
 * provider is called: tools are invoked directly with a RunContext.
 */
import { join } from "node:path";
import { Agent, MCPServerStdio, RunContext, getAllMcpTools } from "@openai/agents";
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
const servers: MCPServerStdio[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

interface FunctionToolLike {
  name: string;
  strict?: boolean;
  parameters: Tool["inputSchema"];
  invoke(runContext: RunContext, input: string): Promise<unknown>;
}

async function agentTools(extra: string[], useStructuredContent = false): Promise<Map<string, FunctionToolLike>> {
  const serve = liveServe(live, join(tempDir(), "audit.jsonl"), ["--allow-writes", ...extra]);
  const server = new MCPServerStdio({ name: "secgraph", command: serve.command, args: serve.args, env: serve.env, useStructuredContent, cacheToolsList: true, timeout: 120_000, clientSessionTimeoutSeconds: 120 });
  servers.push(server);
  await server.connect();
  const tools = (await getAllMcpTools({ mcpServers: [server], runContext: new RunContext(), agent: new Agent({ name: "soc" }), convertSchemasToStrict: true })) as unknown as FunctionToolLike[];
  return new Map(tools.map((t) => [t.name, t]));
}

/** What the SDK puts in the function_call_output item the model reads. */
async function output(tool: FunctionToolLike, args: Record<string, unknown>): Promise<string> {
  const out = await tool.invoke(new RunContext(), JSON.stringify(args));
  return typeof out === "string" ? out : JSON.stringify(out);
}

describe("OpenAI Agents SDK (MCPServerStdio)", () => {
  it("lists tools, reads, leaves an unconfirmed write unsent, plans, and the canary stays inside the envelope", async () => {
    const tools = await agentTools([]);
    expect([...tools.keys()]).toEqual(expect.arrayContaining(["alerts_get", "alerts_update", "plan_request"]));

    const read = await output(tools.get("alerts_get")!, { alertId: live.alertId });
    expect(read).toContain(CANARY);
    expect(outsideEnvelopes(read, CANARY)).toBe(0);

    const writesBefore = live.graph.graphRequests().filter((r) => r.method !== "GET").length;
    const write = await output(tools.get("alerts_update")!, { alertId: live.alertId, status: "resolved" });
    expect(write).toMatch(/code/i);
    expect(live.graph.graphRequests().filter((r) => r.method !== "GET")).toHaveLength(writesBefore);

    const plan = await output(tools.get("plan_request")!, { request: "show me the 5 newest high severity alerts" });
    expect(outsideEnvelopes(plan, CANARY)).toBe(0);
  });

  it("useStructuredContent: the model gets structuredContent instead of the text, which holds no Graph data", async () => {
    const tools = await agentTools([], true);
    const read = await output(tools.get("alerts_get")!, { alertId: live.alertId });
    expect(read).toMatch(/"status":200/);
    expect(read).not.toContain(CANARY);
  });

  it("openai-strict: every tool is strict as the SDK converts it, and its schema passes the strict checker", async () => {
    const tools = await agentTools(["--schema-profile", "openai-strict"]);
    expect([...tools.values()].filter((t) => t.strict !== true).map((t) => t.name)).toEqual([]);
    const problems = [...tools.values()].flatMap((t) => openaiStrictProblems({ name: t.name, inputSchema: t.parameters }).map((p) => `${t.name}: ${p}`));
    expect(problems).toEqual([]);
    const read = await output(tools.get("alerts_get")!, { alertId: live.alertId, select: null, expand: null });
    expect(outsideEnvelopes(read, CANARY)).toBe(0);
    expect(read).toContain(CANARY);
  });
});
