/**
 * The MCP server's numbers: cold start of the built bin to its first tools/list answer, the size
 * of tools/list in tokens (o200k_base BPE via gpt-tokenizer) per mode, and tools/call dry-run
 * throughput through a real Client over the in-memory transport (validate + compile + audit).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { countTokens } from "gpt-tokenizer";
import { loadCatalog } from "../src/catalog/load.js";
import { createPlanner } from "../src/planner/index.js";
import { FileAuditLog, MemoryAuditLog, type AuditSink } from "../src/pipeline/index.js";
import { createServer, type ServerDeps } from "../src/server/server.js";

const BIN = resolve(import.meta.dirname, "..", "dist", "cli.js");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Spawn → initialize → tools/list answered, in ms. */
async function coldStart(auditLog: string): Promise<number> {
  const start = performance.now();
  const env = { ...process.env, SECGRAPH_AUDIT_LOG: auditLog, SECGRAPH_LOG_LEVEL: "silent" };
  const child = spawn(process.execPath, [BIN, "serve", "--planner", "rules"], { env, stdio: ["pipe", "pipe", "ignore"] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const send = (m: unknown) => child.stdin.write(`${JSON.stringify(m)}\n`);
  send({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "bench", version: "0" } } });
  send({ jsonrpc: "2.0", method: "notifications/initialized" });
  send({ jsonrpc: "2.0", id: 2, method: "tools/list" });
  for (;;) {
    const { value, done } = await lines.next();
    if (done) throw new Error("server exited before answering tools/list");
    if ((JSON.parse(value) as { id?: number }).id === 2) break;
  }
  const elapsed = performance.now() - start;
  child.kill();
  return elapsed;
}

async function connected(deps: Omit<ServerDeps, "audit" | "catalog">, audit: AuditSink = new MemoryAuditLog()) {
  const secgraph = createServer({ catalog: loadCatalog(), audit, ...deps });
  const client = new Client({ name: "bench", version: "0" });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([secgraph.server.connect(b), client.connect(a)]);
  return { client, close: async () => (await client.close(), await secgraph.close()) };
}

const CALLS: [string, Record<string, unknown>][] = [
  ["alerts_list", { filter: "severity eq 'high' and status ne 'resolved'", top: 50 }],
  ["alerts_get", { alertId: "da637578995287051192_756343937" }],
  ["hunting_run_query", { query: "DeviceProcessEvents | where FileName =~ 'mimikatz.exe' | take 10" }],
  ["alerts_list", { where: [{ field: "createdDateTime", op: "ge", value: "-P1D" }, { field: "severity", op: "in", value: ["high", "medium"] }] }],
];

/** Calls per second and the median per-call latency (ms), `concurrency` calls in flight. */
async function throughput(audit: AuditSink, concurrency: number, calls = CALLS, total = 4000): Promise<{ rate: number; p50: number }> {
  const { client, close } = await connected({}, audit);
  for (const [name, args] of calls) await client.callTool({ name, arguments: args }); // warm the validators (and the KQL check)
  let next = 0;
  const latencies: number[] = [];
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const [name, args] = calls[next++ % calls.length]!;
        const began = performance.now();
        const result = await client.callTool({ name, arguments: args });
        latencies.push(performance.now() - began);
        if (result.isError) throw new Error(`bench call ${name} failed`);
      }
    }),
  );
  const rate = total / ((performance.now() - start) / 1000);
  await close();
  return { rate, p50: median(latencies) };
}

export default async function bench(): Promise<void> {
  const out = (s: string) => process.stdout.write(s);
  const dir = mkdtempSync(join(tmpdir(), "secgraph-bench-"));

  if (existsSync(BIN)) {
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) runs.push(await coldStart(join(dir, "cold.jsonl")));
    out(`cold start to first tools/list answer (built bin, median of 5): ${median(runs).toFixed(0)} ms\n`);
  } else {
    out("cold start: skipped (run `npm run build` first)\n");
  }

  out(`\n${"tools/list (o200k_base tokens)".padEnd(34)} ${"tools".padStart(6)} ${"tokens".padStart(8)} ${"per tool".padStart(9)}\n`);
  // As `serve` publishes them: plan_request (rules planner) included.
  const planner = await createPlanner({ planner: "rules" });
  const modes: [string, Omit<ServerDeps, "audit" | "catalog">][] = [
    ["full, read-only (default)", { planner }],
    ["full, --allow-writes", { planner, allowWrites: true }],
    ["discovery", { planner, discovery: true }],
    ["discovery, --allow-writes", { planner, discovery: true, allowWrites: true }],
  ];
  for (const [label, deps] of modes) {
    const { client, close } = await connected(deps);
    const { tools } = await client.listTools();
    const tokens = countTokens(JSON.stringify(tools));
    out(`${label.padEnd(34)} ${String(tools.length).padStart(6)} ${String(tokens).padStart(8)} ${(tokens / tools.length).toFixed(1).padStart(9)}\n`);
    await close();
  }

  // The file audit is fsync'ed before every answer; concurrent calls share one fsync (group commit).
  // Without the hunting call (its KQL check dominates a mixed run), then the hunting call alone.
  const odata = CALLS.filter(([name]) => name !== "hunting_run_query");
  const hunting = CALLS.filter(([name]) => name === "hunting_run_query");
  out(`\n${"tools/call dry-run".padEnd(52)} ${"calls/s".padStart(8)} ${"p50 ms".padStart(8)}\n`);
  for (const [label, audit, concurrency, calls, total] of [
    ["list/get, sequential, audit in memory", new MemoryAuditLog(), 1, odata, 4000],
    ["list/get, sequential, audit file (fsync'ed)", new FileAuditLog(join(dir, "audit.jsonl")), 1, odata, 4000],
    ["list/get, 16 in flight, audit in memory", new MemoryAuditLog(), 16, odata, 4000],
    ["list/get, 16 in flight, audit file (fsync'ed, grouped)", new FileAuditLog(join(dir, "audit16.jsonl")), 16, odata, 4000],
    ["hunting, 16 in flight, audit file (fsync'ed, grouped)", new FileAuditLog(join(dir, "hunt16.jsonl")), 16, hunting, 400],
  ] as const) {
    const { rate, p50 } = await throughput(audit, concurrency, calls, total);
    audit.close();
    out(`${label.padEnd(52)} ${rate.toFixed(0).padStart(8)} ${p50.toFixed(2).padStart(8)}\n`);
  }
  out(`(audit files in ${tmpdir()})\n`);
  rmSync(dir, { recursive: true, force: true });
}
