/**
 * The built server through the official SDK Client over stdio and over Streamable HTTP (bearer
 * token), live against the loopback Graph: tools/list, a read, an unconfirmed write that is not
 * sent, plan_request, and the canary in Graph data only inside the envelope of what a host would
 * show its model (the text content and structuredContent both).
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { tempDir } from "../server/helpers.js";
import { requireBuiltBin } from "./bin.js";
import { CANARY, INTEROP_TIMEOUT_MS, liveGraph, liveServe, outsideEnvelopes } from "./support.js";

requireBuiltBin();
// Each test starts the built bin (catalog, rules planner, KQL checker) and makes live calls: slow on a loaded machine.
vi.setConfig({ testTimeout: INTEROP_TIMEOUT_MS });
const live = liveGraph();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** What a host hands its model from a tool result: the text, and structuredContent as JSON. */
const modelText = (r: CallToolResult) => `${r.content.map((c) => (c.type === "text" ? c.text : JSON.stringify(c))).join("\n")}\n${JSON.stringify(r.structuredContent ?? {})}`;

async function exercise(client: Client): Promise<void> {
  const { tools } = await client.listTools();
  const names = tools.map((t) => t.name);
  expect(names).toEqual(expect.arrayContaining(["alerts_get", "alerts_update", "plan_request"]));

  const read = (await client.callTool({ name: "alerts_get", arguments: { alertId: live.alertId } })) as CallToolResult;
  expect(read.isError).toBeFalsy();
  expect(modelText(read)).toContain(CANARY);
  expect(outsideEnvelopes(modelText(read), CANARY)).toBe(0);

  const before = live.graph.graphRequests().filter((r) => r.method !== "GET").length;
  const write = (await client.callTool({ name: "alerts_update", arguments: { alertId: live.alertId, status: "resolved" } })) as CallToolResult;
  expect(write.structuredContent).toMatchObject({ confirmation: "required" });
  expect(live.graph.graphRequests().filter((r) => r.method !== "GET")).toHaveLength(before);

  const plan = (await client.callTool({ name: "plan_request", arguments: { request: "show me the 5 newest high severity alerts" } })) as CallToolResult;
  expect(plan.isError).toBeFalsy();
  expect(outsideEnvelopes(modelText(plan), CANARY)).toBe(0);
}

describe("official SDK Client", () => {
  it("over stdio", async () => {
    const serve = liveServe(live, join(tempDir(), "audit.jsonl"), ["--allow-writes"]);
    const client = new Client({ name: "interop-sdk-stdio", version: "0" });
    await client.connect(new StdioClientTransport({ ...serve, stderr: "pipe" }));
    cleanups.push(() => client.close());
    await exercise(client);
  });

  it("over Streamable HTTP with the bearer token, and 401 without it", async () => {
    const serve = liveServe(live, join(tempDir(), "audit.jsonl"), ["--allow-writes", "--transport", "http", "--port", "0"]);
    const token = "interop-token-7c1d9e2f4a6b8c0d1e3f5a7b9c1d3e5f";
    const child = spawn(serve.command, serve.args, { env: { ...serve.env, SECGRAPH_HTTP_TOKEN: token, SECGRAPH_LOG_LEVEL: "info" }, stdio: ["ignore", "ignore", "pipe"] });
    cleanups.push(() => void child.kill("SIGKILL"));
    const url = await new Promise<URL>((resolve, reject) => {
      let err = "";
      child.stderr.on("data", (d: Buffer) => {
        err += d.toString();
        const m = / at (http:\/\/\S+)/.exec(err);
        if (m) resolve(new URL(m[1]!));
      });
      child.on("exit", () => reject(new Error(`server exited: ${err.slice(0, 400)}`)));
    });
    const anonymous = await fetch(url, { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream" }, body: "{}" });
    expect(anonymous.status).toBe(401);
    const client = new Client({ name: "interop-sdk-http", version: "0" });
    await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
    cleanups.push(() => client.close());
    await exercise(client);
  });
});
