/**
 * The model planner, in the compact task format (compact.ts): the request becomes its normalised text
 * with typed placeholders, the model writes `OPERATION slots…` under a grammar built from the catalog
 * for this request's placeholders (compact-grammar.ts), `decodePlan` restores the values, and the call
 * is validated and compiled by the same `prepareCall` every planner's call goes through. Declines
 * instead of throwing when anything about the output is off.
 */
import { basename } from "node:path";
import type { Catalog, Operation } from "../../catalog/types.js";
import { prepareCall } from "../../graph/compile.js";
import { ArgumentError } from "../../graph/types.js";
import { ArgValidator } from "../../graph/validate.js";
import { silentLogger, type Logger } from "../../log.js";
import { tooLongReason, type PlanContext, type PlanResult, type Planner } from "../types.js";
import { COMPACT_PROMPT_HEAD, COMPACT_PROMPT_TAIL, compactRequest, decodePlan, type CompactRequest } from "./compact.js";
import { AutoPlanner, thresholdsForModel } from "./auto.js";
import { GrammarCache } from "./grammar-cache.js";
import { ModelRuntime, type Generation, type RuntimeOptions } from "./runtime.js";
import type { Token } from "node-llama-cpp";

export { ModelRuntimeError } from "./runtime.js";
export { AutoThresholdsError } from "./auto.js";

/** Generated tokens at most: the longest training completion is 72 tokens. */
const MAX_COMPLETION_TOKENS = 96;

export interface ModelPlannerOptions extends RuntimeOptions {
  catalog: Catalog;
  /** Let the model choose non-read-only operations (default false: read-only catalog). */
  allowWrites?: boolean;
  /** Sampling temperature; 0 (default) is greedy and deterministic. */
  temperature?: number;
  /** With temperature > 0: a base seed, mixed with each request's text so results are reproducible. */
  seed?: number;
}

/** One planning run with what `auto` and the benchmark need beyond the plan. */
export interface PlanRun {
  result: PlanResult;
  /** The operation the model chose (also when the call could not be completed), or null for decline. */
  route: string | null;
  /** The model's probability of its first word (the operation or `decline`), under the grammar. */
  routeConfidence: number;
  /** Arguments the model left open (`?`): free text it cannot write. */
  open: string[];
  /** The compact prompt text and the raw completion. */
  prompt: string;
  raw: string;
  promptTokens: number;
  generatedTokens: number;
  ms: number;
}

export class ModelPlanner implements Planner {
  readonly name: string;
  private readonly operations: Operation[];
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
    this.validator = new ArgValidator(options.catalog);
    this.grammars = new GrammarCache(runtime, this.operations, options.catalog);
  }

  async plan(text: string, ctx: PlanContext): Promise<PlanResult> {
    return (await this.planWithStats(text, ctx)).result;
  }

  async planWithStats(text: string, ctx: PlanContext): Promise<PlanRun> {
    const started = performance.now();
    const run = (result: PlanResult, extra: Partial<PlanRun> = {}): PlanRun => ({
      result, route: null, routeConfidence: 0, open: [], prompt: "", raw: "", promptTokens: 0, generatedTokens: 0, ...extra,
      ms: performance.now() - started,
    });
    if (text.trim() === "") return run({ decision: "decline", reason: "the request is empty" });
    const tooLong = tooLongReason(text);
    if (tooLong) return run({ decision: "decline", reason: tooLong });
    const req = compactRequest(text, ctx.now);
    const prompt = this.runtime.tokenize([
      { text: COMPACT_PROMPT_HEAD, special: true },
      { text: req.text, special: false },
      { text: COMPACT_PROMPT_TAIL, special: true },
    ]);
    const stats = { prompt: req.text, promptTokens: prompt.length };
    if (prompt.length + MAX_COMPLETION_TOKENS > this.runtime.contextSize) {
      return run({ decision: "decline", reason: "the request is too long for the model's context" }, stats);
    }
    const output = await this.runtime.generate({
      prompt,
      grammar: await this.grammars.get(req.values.keys()),
      maxTokens: MAX_COMPLETION_TOKENS,
      temperature: this.options.temperature ?? 0,
      ...(this.options.seed === undefined ? {} : { seed: mixSeed(this.options.seed, text) }),
    });
    const generated = { ...stats, raw: output.text, generatedTokens: output.tokens.length, routeConfidence: firstWordConfidence(output, (tokens) => this.runtime.model.detokenize(tokens)) };
    if (output.stopReason === "maxTokens") return run({ decision: "decline", reason: "the model's reply was cut off" }, generated);
    const decoded = decodePlan(output.text, req);
    if (decoded.plan.decision === "decline") return run(decoded.plan, generated);
    const routed = { ...generated, route: decoded.plan.operation, open: decoded.open };
    return run(this.complete(decoded.plan, decoded.open, req, ctx), routed);
  }

  async close(): Promise<void> {
    await this.runtime.close();
  }

  /**
   * Open optional arguments are left out (the call is broader than asked, and says so in its reason);
   * an open required one (a KQL query, a comment) means the model can route but not write the call.
   * What remains must compile.
   */
  private complete(call: Extract<PlanResult, { decision: "call" }>, open: string[], req: CompactRequest, ctx: PlanContext): PlanResult {
    const op = this.options.catalog.byName.get(call.operation)!;
    const required = new Set(Array.isArray(op.inputSchema.required) ? (op.inputSchema.required as unknown[]) : []);
    const missing = open.filter((key) => required.has(key));
    if (missing.length > 0) return { decision: "decline", reason: `the model chose ${op.name} but cannot write its ${missing.join(", ")}` };
    try {
      const { request, warnings } = prepareCall(this.options.catalog, this.validator, op.name, call.arguments, { now: ctx.now });
      const reason = open.length > 0 ? `compact model; left out ${open.join(", ")}, which it cannot write` : "compact model";
      return { ...call, reason, compiled: { request, warnings } };
    } catch (e) {
      if (!(e instanceof ArgumentError)) throw e;
      this.logger.debug("model output failed the argument check", { operation: op.name, prompt: req.text, error: e.message });
      return { decision: "decline", reason: `the model's arguments for ${op.name} were invalid: ${e.message}` };
    }
  }
}

/** The probability of the completion's first word (the operation or `decline`): the product over the tokens that write it. */
function firstWordConfidence(output: Generation, detokenize: (tokens: Token[]) => string): number {
  const word = output.text.trimStart().split(" ")[0] ?? "";
  let p = 1;
  for (let i = 0; i < output.tokens.length; i++) {
    p *= output.confidences[i] ?? 1;
    if (detokenize(output.tokens.slice(0, i + 1)).trimStart().length >= word.length) break;
  }
  return p;
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

/** `--planner auto` with a model: the rules planner and this model combined (auto.ts). */
export async function createAutoPlanner(rules: Planner, options: ModelPlannerOptions, logger: Logger = silentLogger): Promise<AutoPlanner> {
  // The model may propose writes only where the rules agree (combine never lets it start one).
  const thresholds = thresholdsForModel(options.model);
  const model = await createModelPlanner({ ...options, allowWrites: true }, logger);
  return new AutoPlanner(rules, model, options.catalog, thresholds);
}
