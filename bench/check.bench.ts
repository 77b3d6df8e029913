/**
 * `npm run bench -- check`: the request check (URL read → route → arguments → validate → compile
 * → explanation) per request, p50/p95 after warm-up, over one request per catalog operation plus
 * hand-picked refusals; then `secgraph-mcp check --batch` on 10 000 lines end to end (read,
 * check, audit log with fsync, atomic OUT). Goal: p50 ≤ 2 ms per request.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadCatalog } from "../src/catalog/load.js";
import { RequestChecker, type ProposedRequest } from "../src/check/index.js";
import { main } from "../src/cli.js";
import type { CliIO } from "../src/commands/io.js";
import { compileCall } from "../src/graph/compile.js";

const G = "https://graph.microsoft.com";
const REFUSALS: ProposedRequest[] = [
  { method: "GET", url: `${G}/v1.0/security/alert_v2?$top=5` },
  { method: "POST", url: `${G}/v1.0/security/alerts_v2/a1` },
  { method: "GET", url: `${G}/beta/security/alerts_v2` },
  { method: "GET", url: `${G}/v1.0/security/alerts_v2?$filter=title eq 'x'` },
  { method: "GET", url: `${G}/v1.0/security/alerts_v2/..%2F..%2Fusers` },
  { method: "GET", url: "https://evil.example/v1.0/security/alerts_v2" },
];

/** One request per catalog operation (path keys filled, $top and a $filter where the operation takes them). */
function catalogRequests(): ProposedRequest[] {
  const catalog = loadCatalog();
  return catalog.operations.flatMap((op) => {
    const args: Record<string, unknown> = {};
    for (const p of op.params) if (p.in === "path") args[p.name] = "id-1";
    const documented = (name: string) => op.params.some((p) => p.name === name) && (!op.capabilities?.documented || op.capabilities.options.includes(name));
    if (documented("top")) args.top = 10;
    if (op.name === "alerts_list" || op.name === "incidents_list") args.filter = "severity eq 'high' and createdDateTime ge 2026-11-24T15:30:00Z";
    if (op.name === "hunting_run_query") args.query = "DeviceProcessEvents | where FileName =~ 'mimikatz.exe' | take 10";
    // Required body members, or the first one of an update: a list of ids, an enum's first member, or text.
    const props = (op.inputSchema.properties ?? {}) as Record<string, { enum?: unknown[] }>;
    const body = op.params.filter((p) => p.in === "body" && (p.required || op.method === "PATCH"));
    for (const p of op.method === "PATCH" ? body.slice(0, 1) : body) {
      if (args[p.name] !== undefined) continue;
      if (p.name.endsWith("Ids")) args[p.name] = ["0b5a4cb1-4c4a-4d3d-9f1a-b5d5a2f1c0aa"];
      else if (p.name.endsWith("DateTime")) args[p.name] = "2026-12-31T00:00:00Z";
      else args[p.name] = props[p.name]?.enum?.[0] ?? "x";
    }
    try {
      const { request } = compileCall(op, args, catalog);
      return [{ method: request.method, url: request.url, body: request.body ?? undefined }];
    } catch {
      return [];
    }
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export default async function bench(): Promise<void> {
  const catalog = loadCatalog();
  const checker = new RequestChecker(catalog);
  const requests = [...catalogRequests(), ...REFUSALS];
  // Warm-up: per-operation validators compile on first use and the KQL language service loads once.
  const warmStart = performance.now();
  const refusedFromCatalog = requests.slice(0, -REFUSALS.length).map((r) => checker.check(r).record).filter((r) => r.verdict === "refused");
  for (const r of REFUSALS) checker.check(r);
  const warm = performance.now() - warmStart;
  for (const r of refusedFromCatalog) process.stdout.write(`refused in the catalog set: ${r.operation ?? "?"}: ${r.problems[0] ?? ""}\n`);

  const times: number[] = [];
  const hunting: number[] = [];
  let ok = 0;
  for (let round = 0; round < 20; round++) {
    for (const r of requests) {
      const start = performance.now();
      const { record } = checker.check(r);
      const ms = performance.now() - start;
      times.push(ms);
      if (record.operation === "hunting_run_query") hunting.push(ms);
      if (record.verdict === "ok") ok++;
    }
  }
  times.sort((a, b) => a - b);
  hunting.sort((a, b) => a - b);
  process.stdout.write(`requests: ${requests.length} distinct (${requests.length - REFUSALS.length} catalog operations + ${REFUSALS.length} refusals), ${times.length} checks, ${ok} ok\n`);
  process.stdout.write(`first pass (warm-up, incl. validator compile + KQL service load): ${warm.toFixed(0)} ms\n`);
  process.stdout.write(`per request: p50 ${percentile(times, 50).toFixed(3)} ms, p95 ${percentile(times, 95).toFixed(3)} ms, max ${times.at(-1)!.toFixed(1)} ms (goal p50 ≤ 2 ms)\n`);
  process.stdout.write(`of which the hunting request (KQL check): p50 ${percentile(hunting, 50).toFixed(1)} ms over ${hunting.length} checks\n`);

  const dir = mkdtempSync(join(tmpdir(), "secgraph-check-bench-"));
  try {
    const lines = Array.from({ length: 10_000 }, (_, i) => JSON.stringify({ id: i, ...requests[i % requests.length]! }));
    writeFileSync(join(dir, "in.jsonl"), `${lines.join("\n")}\n`);
    const inProcess = performance.now();
    for (const line of lines) checker.check(JSON.parse(line) as ProposedRequest);
    process.stdout.write(`batch of 10 000, checks alone (same checker, no audit, no files): ${((performance.now() - inProcess) / 1000).toFixed(2)} s\n`);
    const err: string[] = [];
    const io: CliIO = { stdout: () => {}, stderr: (t) => void err.push(t), env: { XDG_STATE_HOME: join(dir, "state") }, cwd: dir, stdin: process.stdin, stdinIsTTY: false, stderrIsTTY: false };
    const start = performance.now();
    const code = await main(["check", "--batch", join(dir, "in.jsonl"), "--out", join(dir, "out.jsonl"), "--audit-log", join(dir, "audit.jsonl")], io);
    const seconds = (performance.now() - start) / 1000;
    process.stdout.write(`batch of 10 000 (check --batch, audited, atomic OUT): ${seconds.toFixed(2)} s, ${(10_000 / seconds).toFixed(0)} requests/s, exit ${code}; ${err.join("").trim().replace(` → ${join(dir, "out.jsonl")}`, "")}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
