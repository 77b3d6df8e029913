/**
 * Rules planner latency on CPU, sentence embeddings included: first the one-time load (index,
 * normaliser, sentence encoder and the catalog's vectors) and the first request, then plan() for
 * every request of the public dev sets (evals/cases/dev.jsonl and evals/cases/corpus/dev.jsonl),
 * p50/p95/max after one warm-up pass, then the same with compilation (prepareCall) included, as
 * `plan` reports it. Goals (issue 13): p50 ≤ 20 ms, p95 ≤ 60 ms. The model planner's numbers are
 * in model.bench.ts.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadCatalog } from "../src/catalog/load.js";
import { prepareCall } from "../src/graph/compile.js";
import { ArgValidator } from "../src/graph/validate.js";
import { RulesPlanner } from "../src/planner/rules/index.js";

const CASE_FILES = [join(dirname(fileURLToPath(import.meta.url)), "..", "evals", "cases", "dev.jsonl"), join(dirname(fileURLToPath(import.meta.url)), "..", "evals", "cases", "corpus", "dev.jsonl")];
const ROUNDS = Number(process.env.SECGRAPH_BENCH_ROUNDS ?? 3);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export default async function bench(): Promise<void> {
  const files = CASE_FILES.filter((f) => existsSync(f));
  if (files.length === 0) {
    process.stdout.write("skipped: no dev case files found\n");
    return;
  }
  const requests = files
    .flatMap((f) => readFileSync(f, "utf8").split("\n"))
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as { request: string; now?: string })
    .map((c) => ({ text: c.request, now: new Date(c.now ?? "2026-11-21T12:00:00Z") }));
  const catalog = loadCatalog();
  const validator = new ArgValidator(catalog);
  const constructStart = performance.now();
  const planner = new RulesPlanner(catalog);
  const constructMs = performance.now() - constructStart;
  const loadStart = performance.now();
  await planner.warmUp();
  const loadMs = performance.now() - loadStart;
  const firstStart = performance.now();
  await planner.plan(requests[0]!.text, { now: requests[0]!.now });
  const firstMs = performance.now() - firstStart;
  const planOnly: number[] = [];
  const withCompile: number[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    for (const { text, now } of requests) {
      const start = performance.now();
      const result = await planner.plan(text, { now });
      const planned = performance.now();
      if (result.decision === "call") prepareCall(catalog, validator, result.operation, result.arguments, { now });
      const compiled = performance.now();
      // Round 0 is the warm-up.
      if (round > 0) {
        planOnly.push(planned - start);
        withCompile.push(compiled - start);
      }
    }
  }
  const row = (label: string, samples: number[]) => {
    const sorted = [...samples].sort((a, b) => a - b);
    const f = (n: number) => n.toFixed(2).padStart(8);
    return `${label.padEnd(26)} ${String(samples.length).padStart(7)} ${f(percentile(sorted, 50))} ${f(percentile(sorted, 95))} ${f(sorted[sorted.length - 1]!)}\n`;
  };
  process.stdout.write(`rules planner over ${requests.length} dev-set requests × ${ROUNDS} rounds\n`);
  process.stdout.write(`first call: index ${constructMs.toFixed(0)} ms + load (normaliser, sentence encoder, catalog vectors) ${loadMs.toFixed(0)} ms + first request ${firstMs.toFixed(0)} ms\n`);
  process.stdout.write(`${"".padEnd(26)} ${"samples".padStart(7)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"max ms".padStart(8)}\n`);
  process.stdout.write(row("plan()", planOnly));
  process.stdout.write(row("plan() + prepareCall()", withCompile));
}
