/**
 * Schema profiles through a real MCP Client: every published tool passes the OpenAI strict
 * checker under openai-strict and the Gemini checker under gemini (read-only, --allow-writes,
 * discovery), `default` is what the registry builds, and what a profile publishes differently
 * (nulls for "not given", call_operation's arguments as JSON text) is read back to the same call.
 */
import { PassThrough } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { defaultToolsDir, loadCatalog } from "../../src/catalog/load.js";
import { main } from "../../src/cli.js";
import type { CliIO } from "../../src/commands/io.js";
import type { Logger } from "../../src/log.js";
import { createPlanner } from "../../src/planner/index.js";
import type { Planner } from "../../src/planner/types.js";
import { geminiProblems, openaiStrictProblems } from "../../src/server/schema-profiles/check.js";
import { parseSchemaProfile, publishTool, SCHEMA_PROFILES, type SchemaProfileName } from "../../src/server/schema-profiles/index.js";
import { MemoryAuditLog } from "../../src/server/audit.js";
import { createServer, type ServerDeps } from "../../src/server/server.js";
import { connectPerTest, textOf } from "./helpers.js";

const connect = connectPerTest();
const catalog = loadCatalog(defaultToolsDir());
let planner: Planner;
beforeAll(async () => {
  planner = await createPlanner({ planner: "rules" });
});

const MODES: [string, Partial<ServerDeps>][] = [
  ["read-only", {}],
  ["--allow-writes", { allowWrites: true }],
  ["discovery", { discovery: true }],
  ["discovery, --allow-writes", { discovery: true, allowWrites: true }],
];

async function listed(profile: SchemaProfileName, deps: Partial<ServerDeps>): Promise<Tool[]> {
  const session = await connect({ catalog, planner, schemaProfile: profile, ...deps });
  return (await session.client.listTools()).tools;
}

function failing(tools: Tool[], check: (t: Tool) => string[]): string[] {
  return tools.flatMap((t) => check(t).map((p) => `${t.name}: ${p}`));
}

describe.each(MODES)("tools/list %s", (_mode, deps) => {
  it("openai-strict: every tool passes the OpenAI strict checker", async () => {
    const tools = await listed("openai-strict", deps);
    expect(tools.length).toBeGreaterThan(3);
    expect(failing(tools, openaiStrictProblems)).toEqual([]);
  });

  it("gemini: every tool passes the Gemini checker", async () => {
    const tools = await listed("gemini", deps);
    expect(failing(tools, geminiProblems)).toEqual([]);
  });

  it("default: the registry's schemas unchanged, which neither checker accepts", async () => {
    const tools = await listed("default", deps);
    expect(tools.map((t) => publishTool("default", t))).toEqual(tools);
    // Optional properties outside `required` (the 0 of 83): only a tool whose every argument is
    // required (a get whose page documents no query option) passes strict as published.
    const allRequired = (t: Tool) => Object.keys(t.inputSchema.properties ?? {}).every((k) => t.inputSchema.required?.includes(k));
    const strictAsPublished = tools.filter((t) => openaiStrictProblems(t).length === 0);
    for (const t of tools.filter((t) => !allRequired(t))) expect(openaiStrictProblems(t), t.name).not.toEqual([]);
    expect(strictAsPublished.length).toBeLessThan(tools.length / 10);
    expect(tools.filter((t) => geminiProblems(t).length === 0).map((t) => t.name)).toEqual([]);
  });

  it("every profile publishes the same tools with the same argument names", async () => {
    const shapes = await Promise.all(SCHEMA_PROFILES.map(async (p) => (await listed(p, deps)).map((t) => [t.name, Object.keys(t.inputSchema.properties ?? {})])));
    expect(shapes[1]).toEqual(shapes[0]);
    expect(shapes[2]).toEqual(shapes[0]);
  });
});

describe("the checkers", () => {
  const tool = (inputSchema: Record<string, unknown>, name = "t"): Tool => ({ name, inputSchema: inputSchema as Tool["inputSchema"] });
  it.each([
    [{ type: "object", properties: { a: { type: "string" } }, additionalProperties: false }, /not required: a/],
    [{ type: "object", properties: { a: { type: "string" } }, required: ["a"] }, /additionalProperties must be false/],
    [{ type: "object", properties: { a: { type: "string", maxLength: 3 } }, required: ["a"], additionalProperties: false }, /keyword maxLength/],
    [{ type: "object", properties: { a: { type: "array" } }, required: ["a"], additionalProperties: false }, /array without items/],
    [{ type: "object", properties: { a: { type: ["string", "null"], enum: ["x"] } }, required: ["a"], additionalProperties: false }, /nullable enum without null/],
  ])("OpenAI strict refuses %j", (schema, problem) => {
    expect(openaiStrictProblems(tool(schema)).join("\n")).toMatch(problem);
  });
  it.each([
    [{ type: "object", properties: { a: { type: "string" } }, additionalProperties: false }, /keyword additionalProperties/],
    [{ type: "object" }, /object without properties/],
    [{ type: "object", properties: { a: { type: ["string", "null"] } } }, /type must be one of/],
    [{ type: "object", properties: { a: { type: "string", format: "uuid" } } }, /format uuid/],
    [{ type: "object", properties: { a: { type: "integer", enum: [1, 2] } } }, /enum must be a list of strings/],
    [{ type: "object", properties: { a: { type: "string" } }, required: ["b"] }, /requires b/],
  ])("Gemini refuses %j", (schema, problem) => {
    expect(geminiProblems(tool(schema)).join("\n")).toMatch(problem);
  });
});

/** The dry-run URL of a call, or the error text. */
async function requestOf(deps: Partial<ServerDeps>, name: string, args: Record<string, unknown>): Promise<string> {
  const session = await connect({ catalog, ...deps });
  const result = await session.call(name, args);
  if (result.isError) return `error: ${textOf(result)}`;
  return (result.structuredContent as { request: { url: string } }).request.url;
}

describe("openai-strict reads back what it publishes", () => {
  it("publishes bounds in descriptions and still enforces them", async () => {
    const tools = await listed("openai-strict", {});
    const top = (tools.find((t) => t.name === "alerts_list")!.inputSchema.properties as Record<string, { type: unknown; description?: string; maximum?: number }>).top!;
    expect(top.type).toEqual(["integer", "null"]);
    expect(top.maximum).toBeUndefined();
    expect(top.description).toMatch(/at most 1000/);
    expect(await requestOf({ schemaProfile: "openai-strict" }, "alerts_list", { top: 5000, filter: null })).toBe(
      "error: Invalid arguments for alerts_list: top must be an integer between 1 and 1000 (got 5000)",
    );
  });

  it("reads null as not given, at the top and inside nested objects", async () => {
    const strict = { schemaProfile: "openai-strict" as const };
    expect(await requestOf(strict, "alerts_list", { top: 5, filter: null, skip: null })).toBe(await requestOf({}, "alerts_list", { top: 5 }));
    const nested = { alertId: "a1", vendorInformation: { provider: "x", providerVersion: null, subProvider: null, vendor: null }, comments: null, confirmationCode: null, confirm: null };
    const withWrites = { ...strict, allowWrites: true };
    const op = catalog.byName.get("alerts_legacy_update");
    expect(op).toBeDefined();
    const plain = await requestOf({ allowWrites: true }, "alerts_legacy_update", { alertId: "a1", vendorInformation: { provider: "x" } });
    expect(plain).toMatch(/^https:/);
    expect(await requestOf(withWrites, "alerts_legacy_update", nested)).toBe(plain);
  });

  it("keeps refusing null under the default profile (null is not a value there)", async () => {
    expect(await requestOf({}, "alerts_list", { top: 5, filter: null })).toMatch(/^error: Invalid arguments for alerts_list: filter must be a string/);
  });

  it("names only published arguments in its hints", async () => {
    const tools = await listed("openai-strict", {});
    const published = Object.keys(tools.find((t) => t.name === "alerts_list")!.inputSchema.properties ?? {});
    const text = await requestOf({ schemaProfile: "openai-strict" }, "alerts_list", { topp: 5 });
    const named = /valid arguments: (.*)$/.exec(text)?.[1]?.split(", ") ?? [];
    expect(named.length).toBeGreaterThan(0);
    for (const name of named) expect(published).toContain(name);
  });
});

describe.each(["openai-strict", "gemini"] as const)("discovery under %s", (profile) => {
  it("call_operation takes its arguments as JSON text that describe_operation's schema describes", async () => {
    const tools = await listed(profile, { discovery: true });
    const args = (tools.find((t) => t.name === "call_operation")!.inputSchema.properties as Record<string, { type: unknown; description: string }>).arguments!;
    expect([args.type].flat()).toContain("string");
    expect(args.description).toMatch(/describe_operation/);
    const session = await connect({ catalog, discovery: true, schemaProfile: profile });
    const nulls = profile === "openai-strict" ? { confirm: null, confirmationCode: null } : {};
    const viaText = await session.call("call_operation", { name: "alerts_list", arguments: '{"top": 5, "filter": null}', ...nulls });
    const direct = await requestOf({}, "alerts_list", { top: 5 });
    if (profile === "openai-strict") expect((viaText.structuredContent as { request: { url: string } }).request.url).toBe(direct);
    else expect(textOf(viaText)).toMatch(/filter must be a string/);
    const bad = await session.call("call_operation", { name: "alerts_list", arguments: "{top: 5", ...nulls });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/arguments/i);
    expect(session.audit.entries.at(-1)).toMatchObject({ outcome: "invalid" });
  });
});

describe("choosing a profile", () => {
  function recorder(): Logger & { lines: string[] } {
    const lines: string[] = [];
    const log = (msg: string, fields?: Record<string, unknown>) => void lines.push(`${msg} ${JSON.stringify(fields ?? {})}`);
    return { lines, debug: log, info: log, warn: log, error: log };
  }

  it.each([
    ["gemini-cli-mcp-client", "gemini"],
    ["gemini-cli-mcp-client-secgraph", "gemini"],
    ["@langchain/mcp-adapters", "default"],
    ["ai-sdk-mcp-client", "default"],
    ["secgraph", "default"],
  ])("auto: clientInfo %s → %s, and says so in the log", async (clientName, profile) => {
    const logger = recorder();
    const secgraph = createServer({ catalog, audit: new MemoryAuditLog(), schemaProfile: "auto", logger });
    const client = new Client({ name: clientName, version: "1" });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await Promise.all([secgraph.server.connect(b), client.connect(a)]);
    try {
      const { tools } = await client.listTools();
      const check = profile === "gemini" ? geminiProblems : openaiStrictProblems;
      expect(failing(tools, check).length === 0).toBe(profile === "gemini");
      expect(logger.lines.filter((l) => l.startsWith("schema profile "))).toEqual([expect.stringMatching(new RegExp(`^schema profile ${profile} .*"client":"${clientName}"`))]);
    } finally {
      await client.close();
      await secgraph.close();
    }
  });

  it("parses the names it knows and refuses others in one sentence", () => {
    expect(parseSchemaProfile("gemini")).toBe("gemini");
    expect(() => parseSchemaProfile("claude")).toThrow(/^unknown schema profile "claude"; use one of: default, openai-strict, gemini \(or auto\)$/);
  });

  function cliIO(env: NodeJS.ProcessEnv = {}): CliIO & { err: string[] } {
    const err: string[] = [];
    return { err, stdout: () => {}, stderr: (t) => void err.push(t), env, cwd: process.cwd(), stdin: new PassThrough(), stdinIsTTY: false, stderrIsTTY: false };
  }
  it.each([
    [["serve", "--schema-profile", "claude"], {}],
    [["serve"], { SECGRAPH_SCHEMA_PROFILE: "strict" }],
  ])("serve %j %j: exit 2 and one line", async (argv, env) => {
    const cli = cliIO(env);
    expect(await main(argv, cli)).toBe(2);
    const err = cli.err.join("");
    expect(err.trim().split("\n")).toHaveLength(1);
    expect(err).toMatch(/unknown schema profile; use one of: default, openai-strict, gemini \(or auto\)/);
  });
});
