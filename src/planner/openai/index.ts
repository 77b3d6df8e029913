/**
 * `--planner openai`: the model planner's prompt and JSON schema, sent to an OpenAI-compatible server
 * (vLLM, llama.cpp's llama-server) that serves the fine-tuned model. The schema goes as
 * `response_format: {type: "json_schema"}`, which both enforce by guided decoding; the answer
 * `{"name", "arguments"}` is then checked and compiled like any other plan. Bounded: a per-attempt
 * timeout, a few retries on transport errors, 429 and 5xx, and a limit on requests in flight.
 */
import type { Catalog, Operation } from "../../catalog/types.js";
import { prepareCall } from "../../graph/compile.js";
import { ArgumentError } from "../../graph/types.js";
import { ArgValidator } from "../../graph/validate.js";
import { silentLogger, type Logger } from "../../log.js";
import { planSchema } from "../model/grammar.js";
import { createRetriever, DEFAULT_CANDIDATES, type Retriever } from "../model/retrieve.js";
import { END_OF_TURN, parseCompletion, renderPromptSegments } from "../prompt.js";
import type { PlanContext, PlanResult, Planner } from "../types.js";

export interface OpenAIPlannerOptions {
  catalog: Catalog;
  /** Base URL of the OpenAI-compatible API, e.g. http://gpu-1:8000/v1. */
  url: string;
  /** The served model name (with vLLM --enable-lora: the LoRA's name). */
  model: string;
  /** Sent as `Authorization: Bearer …`; never logged. */
  apiKey?: string;
  /** Per attempt. Default 30 s. */
  timeoutMs?: number;
  /** Extra attempts after a transport error, 429 or 5xx. Default 2. */
  retries?: number;
  /** Requests in flight at most; others wait. Default 4. */
  concurrency?: number;
  /** Backoff base between attempts. Default 250 ms (doubled each time). */
  backoffMs?: number;
  allowWrites?: boolean;
  k?: number;
  retriever?: Retriever;
  fetch?: typeof fetch;
}

/** The server is down, too slow, or answers in a shape the planner cannot use. One sentence. */
export class OpenAIPlannerError extends Error {
  override name = "OpenAIPlannerError";
}

/** A counting semaphore: at most `limit` holders. */
class Gate {
  #active = 0;
  readonly #waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active >= this.limit) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#active++;
    try {
      return await task();
    } finally {
      this.#active--;
      this.#waiting.shift()?.();
    }
  }
}

const SYSTEM_OPEN = "<|im_start|>system\n";
const USER_OPEN = `${END_OF_TURN}\n<|im_start|>user\n`;

/**
 * The model planner's ChatML prompt as chat messages. A ChatML chat template (Qwen's) renders them
 * back to the same bytes, so the fine-tuned adapter sees the prompt it was trained on.
 */
export function chatMessages(text: string, now: Date, candidates: readonly Operation[], catalog: Catalog): { role: "system" | "user"; content: string }[] {
  const { head, request } = renderPromptSegments({ text, now, candidates, entities: catalog.entities });
  const split = head.indexOf(USER_OPEN);
  return [
    { role: "system", content: head.slice(SYSTEM_OPEN.length, split) },
    { role: "user", content: head.slice(split + USER_OPEN.length) + request },
  ];
}

const retryable = (status: number) => status === 429 || status >= 500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class OpenAIPlanner implements Planner {
  readonly name: string;
  readonly #options: OpenAIPlannerOptions;
  readonly #endpoint: string;
  readonly #operations: Operation[];
  readonly #retriever: Retriever;
  readonly #validator: ArgValidator;
  readonly #gate: Gate;
  readonly #fetch: typeof fetch;

  constructor(options: OpenAIPlannerOptions, private readonly logger: Logger = silentLogger) {
    let base: URL;
    try {
      base = new URL(options.url.endsWith("/") ? options.url : `${options.url}/`);
    } catch {
      throw new OpenAIPlannerError(`--planner-url ${JSON.stringify(options.url)} is not a URL`);
    }
    if (base.protocol !== "http:" && base.protocol !== "https:") throw new OpenAIPlannerError(`--planner-url must be http(s): ${base.origin}`);
    this.#endpoint = new URL("chat/completions", base).href;
    this.#options = options;
    this.name = `openai:${options.model}`;
    this.#operations = options.catalog.operations.filter((op) => options.allowWrites || op.readOnly);
    this.#retriever = options.retriever ?? createRetriever(this.#operations);
    this.#validator = new ArgValidator(options.catalog);
    this.#gate = new Gate(options.concurrency ?? 4);
    this.#fetch = options.fetch ?? fetch;
  }

  async plan(text: string, ctx: PlanContext): Promise<PlanResult> {
    const candidates = this.#retriever.retrieve(text, this.#options.k ?? DEFAULT_CANDIDATES);
    const body = {
      model: this.#options.model,
      messages: chatMessages(text, ctx.now, candidates, this.#options.catalog),
      temperature: 0,
      max_tokens: 1024,
      response_format: { type: "json_schema", json_schema: { name: "plan", schema: planSchema(candidates, this.#options.catalog.entities), strict: true } },
    };
    const content = await this.#gate.run(() => this.#complete(body));
    const plan = parseCompletion(content);
    // parseCompletion turns text that is not a {name, arguments} object into a decline; here that is the server's fault.
    if (plan.decision === "decline" && /^the model's reply was not/.test(plan.reason)) {
      throw new OpenAIPlannerError(`the planner server answered off-schema (${plan.reason.replace(/^the model's reply was /, "")}); check that it enforces response_format json_schema`);
    }
    return plan.decision === "call" ? this.#check(plan, candidates, ctx) : plan;
  }

  /** Only an offered candidate with arguments that compile leaves the planner. */
  #check(call: Extract<PlanResult, { decision: "call" }>, candidates: Operation[], ctx: PlanContext): PlanResult {
    if (!candidates.some((op) => op.name === call.operation)) return { decision: "decline", reason: `the model chose ${call.operation}, which was not offered` };
    try {
      const { request, warnings } = prepareCall(this.#options.catalog, this.#validator, call.operation, call.arguments, { now: ctx.now });
      return { ...call, compiled: { request, warnings } };
    } catch (e) {
      if (!(e instanceof ArgumentError)) throw e;
      return { decision: "decline", reason: `the model's arguments for ${call.operation} were invalid: ${e.message}` };
    }
  }

  /** One chat completion's message text, with bounded retries. */
  async #complete(body: unknown): Promise<string> {
    const attempts = 1 + (this.#options.retries ?? 2);
    const timeoutMs = this.#options.timeoutMs ?? 30_000;
    const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
    if (this.#options.apiKey) headers.authorization = `Bearer ${this.#options.apiKey}`;
    let last = "";
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await sleep((this.#options.backoffMs ?? 250) * 2 ** (attempt - 2));
      let res: Response;
      try {
        res = await this.#fetch(this.#endpoint, { method: "POST", headers, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs), redirect: "error" });
      } catch (e) {
        const err = e as Error & { cause?: { code?: string } };
        last = err.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : `unreachable (${err.cause?.code ?? err.message})`;
        this.logger.warn(`planner server ${last}; attempt ${attempt}/${attempts}`);
        continue;
      }
      if (!res.ok) {
        await res.body?.cancel();
        last = `answered HTTP ${res.status}`;
        if (!retryable(res.status)) break;
        this.logger.warn(`planner server ${last}; attempt ${attempt}/${attempts}`);
        continue;
      }
      let reply: unknown;
      try {
        reply = await res.json();
      } catch {
        throw new OpenAIPlannerError("the planner server answered with something that is not JSON");
      }
      const content = (reply as { choices?: { message?: { content?: unknown } }[] }).choices?.[0]?.message?.content;
      if (typeof content !== "string") throw new OpenAIPlannerError("the planner server's answer has no choices[0].message.content");
      return content;
    }
    throw new OpenAIPlannerError(`the planner server at ${new URL(this.#endpoint).origin} ${last} (${attempts} attempt${attempts > 1 ? "s" : ""})`);
  }
}
