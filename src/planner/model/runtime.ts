/**
 * The node-llama-cpp side of the model planner: one model, one context with N sequences, and a
 * queue that hands each request a free sequence. Concurrent requests are decoded in the same
 * batches (node-llama-cpp batches all sequences of a context). Compact prompts are a few dozen
 * tokens, so each request starts from an empty sequence.
 */
import { availableParallelism } from "node:os";
import { statSync } from "node:fs";
import {
  getLlama,
  LlamaGrammarEvaluationState,
  LlamaLogLevel,
  LlamaText,
  SpecialTokensText,
  resolveModelFile,
  type Llama,
  type LlamaContext,
  type LlamaGrammar,
  type LlamaContextSequence,
  type LlamaModel,
  type Token,
} from "node-llama-cpp";
import type { Logger } from "../../log.js";

export interface RuntimeOptions {
  /** A local .gguf path or an `hf:` URI (resolved from the local model cache). */
  model: string;
  /** A LoRA adapter (.gguf) applied on top of the model. */
  lora?: string;
  /** "auto": a GPU when node-llama-cpp finds a usable one, else CPU. `false`: CPU only. */
  gpu?: "auto" | false;
  /** CPU threads; default 1 for tiny models, otherwise the available cores (at most 8). */
  threads?: number;
  /** Parallel sequences (concurrent requests decoded together). Default 2. */
  sequences?: number;
  /** Tokens per sequence: the longest prompt plus the longest completion must fit. Default 1024. */
  contextSize?: number;
  /** Where `hf:` models are cached. */
  modelDirectory?: string;
  /** Let `hf:` URIs download when not cached (default false: fail with a clear message). */
  allowDownload?: boolean;
}

/** Prompt text; `special: true` parts may contain control tokens (the template), others never do. */
export interface PromptPart {
  text: string;
  special: boolean;
}

export interface GenerationRequest {
  /** Tokens from `tokenize`, beginning-of-sequence first. */
  prompt: Token[];
  grammar: LlamaGrammar;
  maxTokens: number;
  /** 0 (default): greedy and deterministic. Tests raise it to explore the grammar. */
  temperature?: number;
  seed?: number;
}

export interface Generation {
  text: string;
  tokens: Token[];
  /** Each generated token's probability under the grammar (the distribution it was chosen from). */
  confidences: number[];
  /** "eos": the model ended the completion; "maxTokens": it was cut. */
  stopReason: "eos" | "maxTokens";
}

export class ModelRuntimeError extends Error {
  override name = "ModelRuntimeError";
}

/** Compact prompts are at most a few hundred tokens, completions under a hundred. */
export const DEFAULT_CONTEXT_SIZE = 1024;

/** Models below this size are toys (tests, benches): one thread is fastest on a shared CPU. */
const TINY_MODEL_BYTES = 64 * 1024 * 1024;

export class ModelRuntime {
  private readonly free: LlamaContextSequence[] = [];
  private readonly waiting: ((sequence: LlamaContextSequence) => void)[] = [];
  private closed = false;

  private constructor(
    readonly llama: Llama,
    readonly model: LlamaModel,
    readonly context: LlamaContext,
    readonly modelPath: string,
    readonly threads: number,
  ) {
    for (let i = 0; i < context.totalSequences; i++) this.free.push(context.getSequence());
  }

  static async open(options: RuntimeOptions, logger: Logger): Promise<ModelRuntime> {
    const modelPath = await resolveModelPath(options);
    const llama = await getLlama({
      gpu: options.gpu ?? "auto",
      build: "never",
      logLevel: LlamaLogLevel.error,
      logger: (level, message) => {
        if (level === LlamaLogLevel.error || level === LlamaLogLevel.fatal) logger.warn(`llama.cpp: ${message.trim()}`);
      },
    });
    let model: LlamaModel;
    try {
      model = await llama.loadModel({ modelPath });
    } catch (e) {
      await llama.dispose();
      throw new ModelRuntimeError(`cannot load model ${modelPath}: ${(e as Error).message}`);
    }
    const threads = options.threads ?? (statSync(modelPath).size < TINY_MODEL_BYTES ? 1 : Math.min(availableParallelism(), 8));
    let context: LlamaContext;
    try {
      context = await model.createContext({
        sequences: options.sequences ?? 2,
        contextSize: options.contextSize ?? DEFAULT_CONTEXT_SIZE,
        threads,
        ...(options.lora ? { lora: { adapters: [{ filePath: options.lora }] } } : {}),
      });
    } catch (e) {
      await model.dispose();
      await llama.dispose();
      const what = options.lora ? `with LoRA adapter ${options.lora}` : "";
      throw new ModelRuntimeError(`cannot create a context for ${modelPath} ${what}: ${(e as Error).message}`.replace(/\s+:/, ":"));
    }
    logger.info("model planner ready", {
      model: modelPath,
      gpu: llama.gpu === false ? "none (CPU)" : llama.gpu,
      threads,
      sequences: context.totalSequences,
      contextSize: context.contextSize,
      lora: options.lora ?? null,
    });
    return new ModelRuntime(llama, model, context, modelPath, threads);
  }

  get contextSize(): number {
    return this.context.contextSize;
  }

  /** Beginning-of-sequence, then the template parts with their control tokens and the analyst's text as plain text. */
  tokenize(parts: readonly PromptPart[]): Token[] {
    const text = LlamaText(parts.map((p) => (p.special ? new SpecialTokensText(p.text) : p.text))).tokenize(this.model.tokenizer);
    const bos = this.model.tokens.bos;
    return bos === null ? text : [bos, ...text];
  }

  createGrammar(gbnf: string): Promise<LlamaGrammar> {
    return this.llama.createGrammar({ grammar: gbnf });
  }

  /** Generates under the grammar on the next free sequence; requests beyond the sequence count wait in order. */
  async generate(request: GenerationRequest): Promise<Generation> {
    const sequence = await this.acquire();
    try {
      await sequence.clearHistory();
      const grammarEvaluationState = new LlamaGrammarEvaluationState({ model: this.model, grammar: request.grammar });
      const tokens: Token[] = [];
      const confidences: number[] = [];
      const steps = sequence.evaluateWithMetadata(request.prompt, { confidence: true }, {
        temperature: request.temperature ?? 0,
        ...(request.seed === undefined ? {} : { seed: request.seed }),
        grammarEvaluationState,
      });
      // The generator ends at end-of-sequence, which the grammar admits only after a complete plan.
      for await (const step of steps) {
        tokens.push(step.token);
        confidences.push(step.confidence);
        if (tokens.length >= request.maxTokens) break;
      }
      return {
        text: this.model.detokenize(tokens),
        tokens,
        confidences,
        stopReason: tokens.length >= request.maxTokens ? "maxTokens" : "eos",
      };
    } finally {
      this.release(sequence);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.context.dispose();
    await this.model.dispose();
    await this.llama.dispose();
  }

  private acquire(): Promise<LlamaContextSequence> {
    if (this.closed) return Promise.reject(new ModelRuntimeError("the model planner is closed"));
    const sequence = this.free.pop();
    if (sequence) return Promise.resolve(sequence);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(sequence: LlamaContextSequence): void {
    const next = this.waiting.shift();
    if (next) next(sequence);
    else this.free.push(sequence);
  }
}

async function resolveModelPath(options: RuntimeOptions): Promise<string> {
  if (!options.model.startsWith("hf:")) {
    try {
      statSync(options.model);
    } catch {
      throw new ModelRuntimeError(`model file ${options.model} not found`);
    }
    return options.model;
  }
  try {
    return await resolveModelFile(options.model, {
      ...(options.modelDirectory ? { directory: options.modelDirectory } : {}),
      download: options.allowDownload ? "auto" : false,
      cli: false,
    });
  } catch (e) {
    const where = options.modelDirectory ?? "node-llama-cpp's model directory";
    const dir = options.modelDirectory ? ` --dir "${options.modelDirectory}"` : "";
    throw new ModelRuntimeError(
      `model ${options.model} is not in the local cache (${where}) and downloads are off; ` +
        `fetch it once with: npx node-llama-cpp pull${dir} ${options.model} (${(e as Error).message})`,
    );
  }
}
