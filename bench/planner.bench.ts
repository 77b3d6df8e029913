/**
 * Rules planner latency on CPU: plan() for every request of the public dev set
 * (evals/cases/dev.jsonl), p50/p95/max after one warm-up pass (which pays for regex and ajv
 * compilation once), then the same with compilation (prepareCall) included, as `plan` reports it.
 * The model planner's numbers are in model.bench.ts.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadCatalog } from "../src/catalog/load.js";
import { prepareCall } from "../src/graph/compile.js";
import { ArgValidator } from "../src/graph/validate.js";
import { RulesPlanner } from "../src/planner/rules/index.js";

const CASES = join(dirname(fileURLToPath(import.meta.url)), "..", "evals", "cases", "dev.jsonl");
const ROUNDS = 5;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export default async function bench(): Promise<void> {
  if (!existsSync(CASES)) {
    process.stdout.write(`skipped: ${CASES} not found\n`);
    return;
  }
  const requests = readFileSync(CASES, "utf8")
    .split("\n")
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as { request: string; now?: string })
    .map((c) => ({ text: c.request, now: new Date(c.now ?? "2026-11-21T12:00:00Z") }));
  const catalog = loadCatalog();
  const validator = new ArgValidator(catalog);
  const constructStart = performance.now();
  const planner = new RulesPlanner(catalog);
  const constructMs = performance.now() - constructStart;

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
  process.stdout.write(`rules planner over ${requests.length} dev-set requests × ${ROUNDS} rounds (index built in ${constructMs.toFixed(0)} ms)\n`);
  process.stdout.write(`${"".padEnd(26)} ${"samples".padStart(7)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"max ms".padStart(8)}\n`);
  process.stdout.write(row("plan()", planOnly));
  process.stdout.write(row("plan() + prepareCall()", withCompile));
}
