/**
 * The model planner: retrieve the top-k candidate operations, render the prompt, generate under a
 * grammar that only admits those candidates' calls (or a decline), then check the call by compiling
 * it. Declines instead of throwing when anything about the output is off.
 */
import { basename } from "node:path";
import type { Catalog, Operation } from "../../catalog/types.js";
import { ArgumentError, type CompileResult } from "../../graph/types.js";
import { prepareCall } from "../../graph/compile.js";
import { ArgValidator } from "../../graph/validate.js";
import { silentLogger, type Logger } from "../../log.js";
import { TOOL_CALL_OPEN, parseCompletion, renderPromptSegments } from "../prompt.js";
import type { PlanContext, PlanResult, Planner } from "../types.js";
import { GrammarCache } from "./grammar-cache.js";
import { LIMITS, type GrammarLimits } from "./grammar.js";
import { createRetriever, DEFAULT_CANDIDATES, type Retriever } from "./retrieve.js";
import { ModelRuntime, type RuntimeOptions } from "./runtime.js";

export { ModelRuntimeError } from "./runtime.js";

export interface ModelPlannerOptions extends RuntimeOptions {
  catalog: Catalog;
  /** Candidate operations per request (default 4). */
  k?: number;
  /** Offer non-read-only operations as candidates (default false: read-only catalog). */
  allowWrites?: boolean;
  /** Sampling temperature; 0 (default) is greedy and deterministic. */
  temperature?: number;
  /** With temperature > 0: a base seed, mixed with each request's text so results are reproducible. */
  seed?: number;
  /** Replaces the built-in BM25 retrieval. */
  retriever?: Retriever;
  /** Tighter (or looser) bounds for free-text values in the grammar; defaults are LIMITS. */
  limits?: Partial<GrammarLimits>;
}

/** One planning run with the numbers the benchmark reports. */
export interface PlanRun {
  result: PlanResult;
  candidates: string[];
  promptTokens: number;
  /** Prompt tokens evaluated for this request; the others were reused from the sequence's cache. */
  evaluatedPromptTokens: number;
  generatedTokens: number;
  /** The raw JSON the model produced (before nulls were dropped). */
  raw: string;
  ms: number;
}

export class ModelPlanner implements Planner {
  readonly name: string;
  private readonly operations: Operation[];
  private readonly offered: Set<string>;
  private readonly retriever: Retriever;
  private readonly validator: ArgValidator;
  private readonly grammars: GrammarCache;

  constructor(
    private readonly runtime: ModelRuntime,
    private readonly options: ModelPlannerOptions,
    private readonly logger: Logger,
  ) {
    const lora = options.lora ? `+${basename(options.lora)}` : "";
    this.name = `model:${basename(runtime.modelPath)}${lora}`;
    this.operations = options.catalog.operations.filter((op) => options.allowWrites || op.readOnly);
    this.offered = new Set(this.operations.map((op) => op.name));
    this.retriever = options.retriever ?? createRetriever(this.operations);
    this.validator = new ArgValidator(options.catalog);
    this.grammars = new GrammarCache(runtime, options.catalog.entities, { ...LIMITS, ...options.limits });
  }

  async plan(text: string, ctx: PlanContext): Promise<PlanResult> {
    return (await this.planWithStats(text, ctx)).result;
  }

  async planWithStats(text: string, ctx: PlanContext): Promise<PlanRun> {
    const started = performance.now();
    const candidates = this.retriever.retrieve(text, this.options.k ?? DEFAULT_CANDIDATES).filter((op) => this.offered.has(op.name));
    const run = (result: PlanResult, extra: Partial<PlanRun> = {}): PlanRun => ({
      result,
      candidates: candidates.map((op) => op.name),
      promptTokens: 0,
      evaluatedPromptTokens: 0,
      generatedTokens: 0,
      raw: "",
      ms: performance.now() - started,
      ...extra,
    });

    const { head, request, tail } = renderPromptSegments({ text, now: ctx.now, candidates, entities: this.options.catalog.entities });
    const prompt = this.runtime.tokenize([
      { text: head, special: true },
      { text: request, special: false },
      { text: tail + TOOL_CALL_OPEN, special: true },
    ]);
    const promptTokens = prompt.length;
    const { grammar, maxTokens, stopTriggers } = await this.grammars.get(candidates);
    // One more token for the beginning-of-sequence token node-llama-cpp prepends.
    const room = this.runtime.contextSize - promptTokens - 1;
    if (room < Math.min(maxTokens, 64)) {
      return run({ decision: "decline", reason: "the request is too long for the model's context" }, { promptTokens });
    }
    if (room < maxTokens) {
      this.logger.debug("completion bound exceeds the context; output may be cut", { maxTokens, room });
    }
    const output = await this.runtime.complete({
      prompt,
      grammar,
      maxTokens: Math.min(maxTokens, room),
      stopTriggers,
      temperature: this.options.temperature ?? 0,
      ...(this.options.seed === undefined ? {} : { seed: mixSeed(this.options.seed, text) }),
    });
    const stats = {
      promptTokens: output.promptTokens,
      evaluatedPromptTokens: output.evaluatedPromptTokens,
      generatedTokens: output.generatedTokens,
      raw: output.text,
    };
    const parsed = normaliseArguments(parseCompletion(output.text));
    if (parsed.decision === "decline") return run(parsed, stats);
    return run(this.check(parsed, candidates, ctx), stats);
  }

  async close(): Promise<void> {
    await this.runtime.close();
  }

  /** Only a candidate, only its arguments, and only what compiles leaves the planner. */
  private check(call: Extract<PlanResult, { decision: "call" }>, candidates: Operation[], ctx: PlanContext): PlanResult {
    if (!candidates.some((op) => op.name === call.operation)) {
      return { decision: "decline", reason: `the model chose ${call.operation}, which was not offered` };
    }
    let compiled: CompileResult;
    try {
      const { request, warnings } = prepareCall(this.options.catalog, this.validator, call.operation, call.arguments, { now: ctx.now });
      compiled = { request, warnings };
    } catch (e) {
      if (e instanceof ArgumentError) {
        this.logger.warn("model output failed the argument check", { operation: call.operation, error: e.message });
        return { decision: "decline", reason: `the model's arguments for ${call.operation} were invalid: ${e.message}` };
      }
      throw e;
    }
    return { ...call, compiled };
  }
}

/**
 * `select` and `expand` must not repeat items (uniqueItems); the grammar cannot say so, and a
 * repeated field name carries no meaning, so repeats are dropped.
 */
function normaliseArguments(result: PlanResult): PlanResult {
  if (result.decision !== "call") return result;
  const args = { ...result.arguments };
  for (const key of ["select", "expand"]) {
    const value = args[key];
    if (Array.isArray(value)) args[key] = [...new Set(value)];
  }
  return { ...result, arguments: args };
}

/** FNV-1a over the text, xor the base seed: stable per request regardless of arrival order. */
function mixSeed(seed: number, text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash ^ seed) >>> 0;
}

/** Loads the model (once) and returns the planner; `close()` frees the native resources. */
export async function createModelPlanner(options: ModelPlannerOptions, logger: Logger = silentLogger): Promise<ModelPlanner> {
  const runtime = await ModelRuntime.open(options, logger);
  return new ModelPlanner(runtime, options, logger);
}
