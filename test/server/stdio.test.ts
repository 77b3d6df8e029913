/**
 * The built bin over real stdio: `npm test` builds dist/ first (tsc -p tsconfig.build.json);
 * run `npm run build` before running this file alone.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_TOOLS_DIR, tempDir } from "./helpers.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "dist", "cli.js");

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error("dist/cli.js is missing: run `npm run build` (npm test does it first)");
});

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

/** The bin with a private audit log, no planner model lookup, no inherited SECGRAPH_* settings. */
function env(auditLog: string): Record<string, string> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => !k.startsWith("SECGRAPH_") && v !== undefined)) as Record<string, string>;
  return { ...clean, SECGRAPH_AUDIT_LOG: auditLog, SECGRAPH_LOG_LEVEL: "warn" };
}

function spawnServer(auditLog: string, args: string[] = []): { child: ChildProcessWithoutNullStreams; lines: AsyncIterator<string> } {
  const child = spawn(process.execPath, [BIN, "serve", "--planner", "rules", ...args], { env: env(auditLog), stdio: ["pipe", "pipe", "pipe"] });
  children.push(child);
  // A server killed mid-burst closes its stdin while writes are still queued: those fail with EPIPE,
  // which is the point of that test, not a fault. Anything else still surfaces.
  child.stdin.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return { child, lines };
}

const send = (child: ChildProcessWithoutNullStreams, message: unknown) => child.stdin.write(`${typeof message === "string" ? message : JSON.stringify(message)}\n`);
const initialize = { jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "0" } } };

async function nextMessage(lines: AsyncIterator<string>): Promise<Record<string, unknown>> {
  const { value, done } = await lines.next();
  if (done) throw new Error("server closed stdout");
  return JSON.parse(value) as Record<string, unknown>;
}

describe("secgraph-mcp over stdio (built bin)", () => {
  it("serves tools/list and a dry-run call to an SDK Client, auditing the call", async () => {
    const audit = join(tempDir(), "audit.jsonl");
    const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, "serve", "--planner", "rules"], env: env(audit), stderr: "pipe" });
    const client = new Client({ name: "stdio-test", version: "0" });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.some((t) => t.name === "alerts_list")).toBe(true);
      expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
      const result = (await client.callTool({ name: "alerts_list", arguments: { top: 3 } })) as CallToolResult;
      expect(result.structuredContent).toMatchObject({ mode: "dry-run", request: { method: "GET" } });
    } finally {
      await client.close();
    }
    const lines = readFileSync(audit, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ tool: "alerts_list", outcome: "dry-run", mode: "dry-run" });
  });

  it("starts from the root mcp.json host config (npx secgraph-mcp, resolved locally)", async () => {
    const config = JSON.parse(readFileSync(join(ROOT, "mcp.json"), "utf8")) as { mcpServers: Record<string, { command: string; args: string[]; env?: Record<string, string> }> };
    const [entry] = Object.values(config.mcpServers);
    expect(entry?.command).toBe("npx");
    expect(entry?.args[0]).toBe("secgraph-mcp");
    // --no-install: resolve this checkout's bin, never fetch a package of that name from a registry.
    const transport = new StdioClientTransport({
      command: entry!.command,
      args: ["--no-install", ...entry!.args],
      cwd: ROOT,
      env: { ...env(join(tempDir(), "audit.jsonl")), ...entry!.env },
      stderr: "pipe",
    });
    const client = new Client({ name: "mcp-json-test", version: "0" });
    await client.connect(transport);
    try {
      expect((await client.listTools()).tools.length).toBeGreaterThan(10);
    } finally {
      await client.close();
    }
  });

  it("answers malformed JSON-RPC lines with errors and keeps serving", async () => {
    const { child, lines } = spawnServer(join(tempDir(), "audit.jsonl"), ["--tools-dir", FIXTURE_TOOLS_DIR]);
    send(child, initialize);
    expect(await nextMessage(lines)).toMatchObject({ id: 0, result: { serverInfo: { name: "secgraph-mcp" } } });
    send(child, { jsonrpc: "2.0", method: "notifications/initialized" });

    send(child, "this is not json");
    expect(await nextMessage(lines)).toMatchObject({ error: { code: -32700 } });
    send(child, { jsonrpc: "2.0", id: 1, method: 42 });
    expect(await nextMessage(lines)).toMatchObject({ error: { code: -32600 } });
    send(child, { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: 7 } });
    // Params that fail the request schema: -32602 with one line (protocol-stdio.test.ts has the rest).
    expect(await nextMessage(lines)).toMatchObject({ id: 2, error: { code: -32602 } });
    send(child, { jsonrpc: "2.0", id: 3, method: "no/such/method" });
    expect(await nextMessage(lines)).toMatchObject({ id: 3, error: { code: -32601 } });
    send(child, { jsonrpc: "2.0", id: 4, method: "tools/call", params: { name: "hunting_run_query", arguments: { query: "x".repeat(1024 * 1024) } } });
    expect(await nextMessage(lines)).toMatchObject({ id: 4, result: { isError: true } });

    send(child, { jsonrpc: "2.0", id: 5, method: "tools/call", params: { name: "alerts_get", arguments: { alertId: "a1" } } });
    expect(await nextMessage(lines)).toMatchObject({ id: 5, result: { structuredContent: { mode: "dry-run" } } });
  });

  it("exits 2 with one line for an unknown toolset", async () => {
    const { child } = spawnServer(join(tempDir(), "audit.jsonl"), ["--toolsets", "nope"]);
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((done) => child.on("close", done));
    expect(code).toBe(2);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/unknown toolset "nope"/);
  });

  it("keeps every answered call in the audit log, as valid JSON lines, when SIGKILLed mid-burst", async () => {
    const audit = join(tempDir(), "audit.jsonl");
    const { child, lines } = spawnServer(audit, ["--tools-dir", FIXTURE_TOOLS_DIR]);
    send(child, initialize);
    await nextMessage(lines);
    send(child, { jsonrpc: "2.0", method: "notifications/initialized" });

    // Each call carries a value unique to its id (valid tops for most, invalid strings for every
    // third), so the log shows exactly which calls were recorded.
    const burst = 3000;
    const topOf = (id: number): number | string => (id % 3 === 0 ? `bad-${id}` : id);
    // Sent in chunks over time, so the kill (after 50 answers) lands while calls are still arriving:
    // with group commit a burst written at once would be answered whole before any kill could land.
    const call = (id: number) => send(child, { jsonrpc: "2.0", id, method: "tools/call", params: { name: "alerts_list", arguments: { top: topOf(id) } } });
    const answered = new Set<number>();
    call(1); // once the first is answered, the server is warm
    answered.add((await nextMessage(lines)).id as number);
    let killed = false;
    const sending = (async () => {
      for (let id = 2; id <= burst && !killed; id++) {
        call(id);
        if (id % 25 === 0) await new Promise((r) => setTimeout(r, 10));
      }
    })();
    while (answered.size < 50) answered.add((await nextMessage(lines)).id as number);
    killed = true;
    child.kill("SIGKILL");
    await sending;
    await new Promise((done) => child.on("close", done));

    const text = readFileSync(audit, "utf8");
    expect(text.endsWith("\n")).toBe(true);
    const entries = text.trim().split("\n").map((l) => JSON.parse(l) as { arguments: { top: unknown }; outcome: string });
    // The kill landed mid-burst: some calls were never answered or logged.
    expect(entries.length).toBeGreaterThanOrEqual(answered.size);
    expect(entries.length).toBeLessThan(burst);
    const logged = new Set(entries.map((e) => e.arguments.top));
    expect(logged.size).toBe(entries.length);
    for (const id of answered) expect(logged.has(topOf(id)), `call ${id} was answered but not logged`).toBe(true);
  });
});
