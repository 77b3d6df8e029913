/**
 * Model planner on CPU, compact format: load time, per-request latency (p50/p95) of the model alone
 * and of `--planner auto` (rules + model; the model runs only where the rules are unsure), with the tiny random-weight
 * GGUF the tests build and every compact model under training/models/ (and the bundled one when
 * training/models/bundled.json names it). GPU numbers are out of scope on this machine.
 *
 * `npm run bench -- model`
 */
import { existsSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadCatalog } from "../src/catalog/load.js";
import type { Catalog } from "../src/catalog/types.js";
import { findBundledModel } from "../src/planner/index.js";
import { createAutoPlanner, createModelPlanner, type PlanRun } from "../src/planner/model/index.js";
import { createRulesPlanner, RulesPlanner } from "../src/planner/rules/index.js";
import type { Planner } from "../src/planner/types.js";
import { silentLogger } from "../src/log.js";
import { ensureTinyGguf } from "../test/support/tiny-gguf.js";

const NOW = new Date("2026-11-21T12:00:00Z");
const REQUESTS = 60;
/** Values and windows mixed into the catalog's example phrasings, so placeholder sets vary as in use. */
const EXTRAS = ["", " in the last 24 hours", " for bob@contoso.com", " since 2026-11-01", " from 10.1.2.3", " top 5"];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function requestTexts(catalog: Catalog, n: number): string[] {
  const examples = catalog.operations.filter((op) => op.readOnly).flatMap((op) => op.examples);
  return Array.from({ length: n }, (_, i) => `${examples[(i * 7) % examples.length]!}${EXTRAS[i % EXTRAS.length]!}`);
}

const row = (cells: (string | number)[]) =>
  process.stdout.write(cells.map((c, i) => (i === 0 ? String(c).padEnd(40) : String(c).padStart(11))).join(" ") + "\n");

const ms = (v: number) => `${v.toFixed(0)} ms`;

async function timed(label: string, planner: Planner, texts: string[], loadMs: number): Promise<void> {
  // Warm-up: slot extraction, the first grammars, the rules' encoder (not part of steady-state latency).
  for (const text of texts.slice(0, 6)) await planner.plan(text, { now: NOW });
  const times: number[] = [];
  let calls = 0;
  for (const text of texts) {
    const started = performance.now();
    const result = await planner.plan(text, { now: NOW });
    times.push(performance.now() - started);
    if (result.decision === "call") calls++;
  }
  row([`${label} (${texts.length} req, ${calls} calls)`, ms(loadMs), ms(percentile(times, 50)), ms(percentile(times, 95)), ms(Math.max(...times))]);
}

/** The model alone: createModelPlanner, then plan through planWithStats (its own timing). */
async function modelAlone(label: string, model: string, catalog: Catalog, texts: string[]): Promise<void> {
  const started = performance.now();
  const planner = await createModelPlanner({ catalog, model, gpu: false, sequences: 1 }, silentLogger);
  const loadMs = performance.now() - started;
  try {
    const runs: PlanRun[] = [];
    const wrapped: Planner = { name: planner.name, plan: async (text, ctx) => { const run = await planner.planWithStats(text, ctx); runs.push(run); return run.result; } };
    await timed(`${label}, model alone`, wrapped, texts, loadMs);
    const generated = runs.slice(6).reduce((s, r) => s + r.generatedTokens, 0) / Math.max(1, runs.length - 6);
    const prompt = runs.slice(6).reduce((s, r) => s + r.promptTokens, 0) / Math.max(1, runs.length - 6);
    row([`  tokens per request (prompt / generated)`, "", prompt.toFixed(0), generated.toFixed(0), ""]);
  } finally {
    await planner.close();
  }
}

/** `--planner auto`: rules and model for every request (the rules' encoder loaded before timing). */
async function auto(label: string, model: string, catalog: Catalog, texts: string[]): Promise<void> {
  const rules = createRulesPlanner(catalog);
  if (rules instanceof RulesPlanner) await rules.warmUp();
  const started = performance.now();
  const planner = await createAutoPlanner(rules, { catalog, model, gpu: false, sequences: 1 }, silentLogger);
  const loadMs = performance.now() - started;
  try {
    await timed(`${label}, auto`, planner, texts, loadMs);
  } finally {
    await planner.close();
  }
}

/** The compact models under training/models/ (the project's own trained planners). */
function committedModels(): string[] {
  const dir = fileURLToPath(new URL("../training/models/", import.meta.url));
  return existsSync(dir) ? readdirSync(dir).filter((f) => /^secgraph-compact-.*\.gguf$/.test(f)).sort().map((f) => join(dir, f)) : [];
}

export default async function bench(): Promise<void> {
  const catalog = loadCatalog();
  const texts = requestTexts(catalog, REQUESTS);
  const tiny = await ensureTinyGguf();
  process.stdout.write(`compact model planner on CPU, greedy, 1 sequence, 1 thread, ${REQUESTS} requests after 6 warm-up\n`);
  row(["", "load", "p50", "p95", "max"]);
  const rules = createRulesPlanner(catalog);
  if (rules instanceof RulesPlanner) await rules.warmUp();
  await timed("rules alone", rules, texts, 0);
  await modelAlone("tiny random GGUF", tiny, catalog, texts);
  const bundled = findBundledModel();
  const models = [...new Set([...(bundled ? [bundled] : []), ...committedModels()])];
  if (!bundled) row(["bundled model", "(none: training/models/bundled.json absent)", "", "", ""]);
  for (const file of models) {
    await modelAlone(basename(file), file, catalog, texts);
    await auto(basename(file), file, catalog, texts);
  }
}
