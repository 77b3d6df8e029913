/**
 * Model planner on CPU: per-request latency (p50/p95) and generation speed with the tiny random-weight
 * GGUF the tests build (and with the bundled model when training/models/bundled.json names one),
 * the cost of grammar-constrained decoding against unconstrained decoding, and prompt sizes in the
 * Qwen2 vocabulary the trained planner uses. GPU numbers are out of scope on this machine.
 *
 * `npm run bench -- model`
 */
import { existsSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { getLlama, LlamaLogLevel } from "node-llama-cpp";
import { loadCatalog } from "../src/catalog/load.js";
import type { Catalog } from "../src/catalog/types.js";
import { findBundledModel } from "../src/planner/index.js";
import { createModelPlanner, type PlanRun } from "../src/planner/model/index.js";
import { createRetriever } from "../src/planner/model/retrieve.js";
import { GrammarCache } from "../src/planner/model/grammar-cache.js";
import { ModelRuntime } from "../src/planner/model/runtime.js";
import { SYSTEM_PREFIX, TOOL_CALL_OPEN, renderPrompt, renderPromptSegments } from "../src/planner/prompt.js";
import { silentLogger } from "../src/log.js";
import { LLAMA_CPP_DIR, ensureTinyGguf } from "../test/support/tiny-gguf.js";

const NOW = new Date("2026-11-21T12:00:00Z");
const REQUESTS = 40;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function requestTexts(catalog: Catalog, n: number): string[] {
  const examples = catalog.operations.filter((op) => op.readOnly).flatMap((op) => op.examples);
  return Array.from({ length: n }, (_, i) => examples[(i * 7) % examples.length]!);
}

const row = (cells: (string | number)[]) =>
  process.stdout.write(cells.map((c, i) => (i === 0 ? String(c).padEnd(34) : String(c).padStart(12))).join(" ") + "\n");

async function latency(label: string, model: string, catalog: Catalog, texts: string[]): Promise<void> {
  const planner = await createModelPlanner({ catalog, model, gpu: false, sequences: 1 }, silentLogger);
  try {
    await planner.planWithStats(texts[0]!, { now: NOW }); // warm-up: first grammar, first prefix evaluation
    const runs: PlanRun[] = [];
    for (const text of texts) runs.push(await planner.planWithStats(text, { now: NOW }));
    const ms = runs.map((r) => r.ms);
    const generated = runs.reduce((s, r) => s + r.generatedTokens, 0);
    const seconds = ms.reduce((s, v) => s + v, 0) / 1000;
    const calls = runs.filter((r) => r.result.decision === "call").length;
    row([
      `${label} (${runs.length} req, ${calls} calls)`,
      `${percentile(ms, 50).toFixed(0)} ms`,
      `${percentile(ms, 95).toFixed(0)} ms`,
      (runs.reduce((s, r) => s + r.promptTokens, 0) / runs.length).toFixed(0),
      (generated / runs.length).toFixed(0),
      (generated / seconds).toFixed(0),
    ]);
  } finally {
    await planner.close();
  }
}

/** Same prompts, same token budget: ms per generated token with and without the plan grammar. */
async function grammarOverhead(model: string, catalog: Catalog, texts: string[]): Promise<void> {
  const runtime = await ModelRuntime.open({ model, gpu: false, sequences: 1 }, silentLogger);
  try {
    const grammars = new GrammarCache(runtime, catalog.entities);
    const retriever = createRetriever(catalog.operations.filter((op) => op.readOnly));
    let constrained = { ms: 0, tokens: 0 };
    let free = { ms: 0, tokens: 0 };
    for (const text of texts) {
      const candidates = retriever.retrieve(text);
      const { head, request, tail } = renderPromptSegments({ text, now: NOW, candidates, entities: catalog.entities });
      const prompt = runtime.tokenize([
        { text: head, special: true },
        { text: request, special: false },
        { text: tail + TOOL_CALL_OPEN, special: true },
      ]);
      const plan = await grammars.get(candidates);
      // Prompt evaluation is the same for both; time it out by generating one token first.
      await runtime.complete({ prompt, grammar: plan.grammar, maxTokens: 1, stopTriggers: [] });
      let start = performance.now();
      const a = await runtime.complete({ prompt, grammar: plan.grammar, maxTokens: 48, stopTriggers: [] });
      constrained = { ms: constrained.ms + performance.now() - start, tokens: constrained.tokens + a.generatedTokens };
      await runtime.complete({ prompt, maxTokens: 1, stopTriggers: [] });
      start = performance.now();
      const b = await runtime.complete({ prompt, maxTokens: a.generatedTokens, stopTriggers: [] });
      free = { ms: free.ms + performance.now() - start, tokens: free.tokens + b.generatedTokens };
    }
    const perToken = (x: { ms: number; tokens: number }) => x.ms / Math.max(1, x.tokens);
    row(["decode, plan grammar", `${perToken(constrained).toFixed(2)} ms/tok`, "", "", "", (1000 / perToken(constrained)).toFixed(0)]);
    row(["decode, no grammar", `${perToken(free).toFixed(2)} ms/tok`, "", "", "", (1000 / perToken(free)).toFixed(0)]);
    row(["grammar overhead", `${((perToken(constrained) / perToken(free) - 1) * 100).toFixed(0)} %`, "", "", "", ""]);
  } finally {
    await runtime.close();
  }
}

/** Prompt length in the Qwen2 vocabulary (the trained planner's) for k = 4 candidates. */
async function promptSizes(catalog: Catalog, texts: string[]): Promise<void> {
  // Loading a vocabulary-only file makes llama.cpp log a harmless "missing tensor" error: keep it quiet.
  const llama = await getLlama({ gpu: false, build: "never", logLevel: LlamaLogLevel.disabled });
  try {
    const vocab = await llama.loadModel({ modelPath: join(LLAMA_CPP_DIR, "models", "ggml-vocab-qwen2.gguf"), vocabOnly: true });
    const retriever = createRetriever(catalog.operations.filter((op) => op.readOnly));
    const sizes = texts.map(
      (text) => vocab.tokenize(renderPrompt({ text, now: NOW, candidates: retriever.retrieve(text), entities: catalog.entities }), true).length,
    );
    row(["prompt tokens (Qwen2 vocab, k=4)", `p50 ${percentile(sizes, 50)}`, `p95 ${percentile(sizes, 95)}`, `max ${Math.max(...sizes)}`, "", ""]);
    row(["fixed system prefix (Qwen2 vocab)", `${vocab.tokenize(SYSTEM_PREFIX, true).length} tok`, "", "", "", ""]);
    await vocab.dispose();
  } finally {
    await llama.dispose();
  }
}

/** The .gguf files under training/models/ (the project's own trained planners). */
function committedModels(): string[] {
  const dir = fileURLToPath(new URL("../training/models/", import.meta.url));
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".gguf")).sort().map((f) => join(dir, f)) : [];
}

export default async function bench(): Promise<void> {
  const catalog = loadCatalog();
  const texts = requestTexts(catalog, REQUESTS);
  const tiny = await ensureTinyGguf();
  process.stdout.write(`model planner on CPU, greedy, k=4, 1 sequence, ${REQUESTS} requests after one warm-up\n`);
  row(["", "p50", "p95", "prompt tok", "gen tok", "gen tok/s"]);
  await latency("tiny random GGUF", tiny, catalog, texts);
  const bundled = findBundledModel();
  if (bundled) await latency(`bundled ${basename(bundled)}`, bundled, catalog, texts.slice(0, 20));
  else row(["bundled model", "(none: training/models/bundled.json absent)", "", "", "", ""]);
  // Models trained by this project and committed, whether or not the manifest selects one.
  for (const file of committedModels().filter((f) => f !== bundled)) await latency(`trained ${basename(file)}`, file, catalog, texts.slice(0, 20));
  await grammarOverhead(tiny, catalog, texts.slice(0, 20));
  await promptSizes(catalog, requestTexts(catalog, 200));
}
