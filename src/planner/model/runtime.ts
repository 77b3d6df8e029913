/**
 * The node-llama-cpp side of the model planner: one model, one context with N sequences, and a
 * queue that hands each request a free sequence. Concurrent requests are decoded in the same
 * batches (node-llama-cpp batches all sequences of a context), and each sequence keeps its
 * evaluated tokens, so the fixed prompt prefix is only evaluated once per sequence.
 */
import { availableParallelism } from "node:os";
import { statSync } from "node:fs";
import {
  getLlama,
  LlamaCompletion,
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
  /**
   * Tokens per sequence: the longest prompt plus the longest completion must fit. Default 8192, enough
   * for every read operation's worst-case completion after a k = 4 prompt.
   */
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

export interface CompletionRequest {
  /** Tokens from `tokenize` (callers count them first to size the completion). */
  prompt: Token[];
  /** Omitted only to measure unconstrained decoding (benchmarks). */
  grammar?: LlamaGrammar;
  maxTokens: number;
  stopTriggers: readonly string[];
  /** 0 (default): greedy and deterministic. Tests raise it to explore the grammar. */
  temperature?: number;
  seed?: number;
}

export interface CompletionOutput {
  text: string;
  promptTokens: number;
  /** Prompt tokens actually evaluated: the rest were reused from the sequence's previous request. */
  evaluatedPromptTokens: number;
  generatedTokens: number;
  stopReason: string;
}

export class ModelRuntimeError extends Error {
  override name = "ModelRuntimeError";
}

export const DEFAULT_CONTEXT_SIZE = 8192;

/** One context sequence and the completion object that keeps its evaluated tokens between requests. */
interface Slot {
  sequence: LlamaContextSequence;
  completion: LlamaCompletion;
}

/** Models below this size are toys (tests, benches): one thread is fastest on a shared CPU. */
const TINY_MODEL_BYTES = 64 * 1024 * 1024;

export class ModelRuntime {
  private readonly free: Slot[] = [];
  private readonly waiting: ((slot: Slot) => void)[] = [];
  private closed = false;

  private constructor(
    readonly llama: Llama,
    readonly model: LlamaModel,
    readonly context: LlamaContext,
    readonly modelPath: string,
    readonly threads: number,
  ) {
    for (let i = 0; i < context.totalSequences; i++) {
      const sequence = context.getSequence();
      this.free.push({ sequence, completion: new LlamaCompletion({ contextSequence: sequence }) });
    }
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

  /** Template parts with their control tokens; the analyst's text always as plain text. */
  tokenize(parts: readonly PromptPart[]): Token[] {
    return LlamaText(parts.map((p) => (p.special ? new SpecialTokensText(p.text) : p.text))).tokenize(this.model.tokenizer);
  }

  createGrammar(gbnf: string, stopTriggers: readonly string[]): Promise<LlamaGrammar> {
    return this.llama.createGrammar({ grammar: gbnf, stopGenerationTriggers: [...stopTriggers] });
  }

  /** Generates on the next free sequence; requests beyond the sequence count wait in order. */
  async complete(request: CompletionRequest): Promise<CompletionOutput> {
    const slot = await this.acquire();
    const { completion, sequence } = slot;
    try {
      const promptTokens = request.prompt.length;
      const evaluatedPromptTokens = promptTokens - this.reusablePrefix(sequence, request.prompt);
      let generatedTokens = 0;
      const { response, metadata } = await completion.generateCompletionWithMeta(request.prompt, {
        ...(request.grammar ? { grammar: request.grammar } : {}),
        maxTokens: request.maxTokens,
        temperature: request.temperature ?? 0,
        ...(request.seed === undefined ? {} : { seed: request.seed }),
        customStopTriggers: [...request.stopTriggers],
        // A context shift would silently drop the start of the prompt: never shift, and let the prompt
        // use the whole context (the caller checked that prompt + maxTokens fit).
        disableContextShift: true,
        contextShiftSize: 1,
        onToken: (tokens) => {
          generatedTokens += tokens.length;
        },
      });
      return { text: response, promptTokens, evaluatedPromptTokens, generatedTokens, stopReason: metadata.stopReason };
    } finally {
      this.release(slot);
    }
  }

  /**
   * How many leading prompt tokens the sequence already holds from its previous request (node-llama-cpp
   * keeps them and evaluates only the rest; the last prompt token is always evaluated again).
   */
  private reusablePrefix(sequence: LlamaContextSequence, prompt: readonly Token[]): number {
    const held = sequence.contextTokens;
    const bos = this.model.tokens.bos;
    const offset = held.length > 0 && held[0] === bos && prompt[0] !== bos ? 1 : 0;
    let same = 0;
    while (same < prompt.length && held[same + offset] === prompt[same]) same++;
    return Math.min(same, Math.max(0, prompt.length - 1));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.context.dispose();
    await this.model.dispose();
    await this.llama.dispose();
  }

  private acquire(): Promise<Slot> {
    if (this.closed) return Promise.reject(new ModelRuntimeError("the model planner is closed"));
    const slot = this.free.pop();
    if (slot) return Promise.resolve(slot);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: Slot): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else this.free.push(slot);
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
