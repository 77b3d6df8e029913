/**
 * Adds node-llama-cpp's own token ids to chat-format training examples, so training sees exactly the
 * tokens the model planner feeds the model at run time:
 *
 *   npx tsx training/tokenize.ts --in data/train.jsonl --out runs/ids/train.jsonl [--vocab VOCAB.gguf]
 *
 * Each input line needs `prompt` and `completion` strings (as written by `secgraph-mcp dataset`).
 * The model planner (src/planner/model/index.ts) tokenizes the prompt in three parts — template head
 * with special tokens, the analyst's request without, then the template tail plus `<tool_call>\n` —
 * and LlamaCompletion prepends the beginning-of-sequence token; `prompt_ids` are built the same way.
 * `completion_ids` are the rest of the completion (the call's JSON and closing tags), then end-of-sequence.
 * Keep this in step with the planner: a different split gives the model different tokens.
 */
import { createReadStream, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { getLlama, LlamaLogLevel, LlamaText, SpecialTokensText, type LlamaModel } from "node-llama-cpp";
import { END_OF_TURN, TOOL_CALL_OPEN } from "../src/planner/prompt.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const PROMPT_TAIL = `${END_OF_TURN}\n<|im_start|>assistant\n`;
const USER_TURN = "<|im_start|>user\n";

/** Splits a rendered prompt into the planner's head / request / tail (see renderPromptSegments). */
export function promptSegments(prompt: string): { head: string; request: string; tail: string } {
  if (!prompt.endsWith(PROMPT_TAIL)) throw new Error("prompt does not end with the assistant turn");
  const userStart = prompt.lastIndexOf(USER_TURN);
  if (userStart < 0) throw new Error("prompt has no user turn");
  // The compact format (src/planner/model/compact.ts) has no "Now:" line: the request follows the turn tag.
  const hasNow = prompt.startsWith("Now: ", userStart + USER_TURN.length);
  const headEnd = hasNow ? prompt.indexOf("\n", userStart + USER_TURN.length) + 1 : userStart + USER_TURN.length;
  if (headEnd <= 0) throw new Error("prompt has no user turn starting with Now:");
  return {
    head: prompt.slice(0, headEnd),
    request: prompt.slice(headEnd, prompt.length - PROMPT_TAIL.length),
    tail: PROMPT_TAIL,
  };
}

export function tokenizeExample(model: LlamaModel, prompt: string, completion: string): { promptIds: number[]; completionIds: number[] } {
  const { bos, eos } = model.tokens;
  if (bos === null || eos === null) throw new Error("the vocabulary has no BOS/EOS token");
  if (!completion.startsWith(TOOL_CALL_OPEN)) throw new Error(`completion does not start with ${JSON.stringify(TOOL_CALL_OPEN)}`);
  const { head, request, tail } = promptSegments(prompt);
  const promptIds = [bos, ...LlamaText([new SpecialTokensText(head), request, new SpecialTokensText(tail + TOOL_CALL_OPEN)]).tokenize(model.tokenizer)];
  const completionIds = [...model.tokenize(completion.slice(TOOL_CALL_OPEN.length), false, "trimLeadingSpace"), eos];
  return { promptIds, completionIds };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      in: { type: "string" },
      out: { type: "string" },
      vocab: { type: "string", default: join(repoRoot, ".cache/llama.cpp/models/ggml-vocab-llama-spm.gguf") },
    },
  });
  if (!values.in || !values.out) {
    process.stderr.write("usage: tsx training/tokenize.ts --in EXAMPLES.jsonl --out IDS.jsonl [--vocab VOCAB.gguf]\n");
    return 2;
  }
  // A vocabulary-only GGUF makes llama.cpp log a "missing tensor" error on the way; real failures still throw.
  const llama = await getLlama({ gpu: false, build: "never", logLevel: LlamaLogLevel.fatal });
  const model = await llama.loadModel({ modelPath: values.vocab, vocabOnly: true });
  const lines: string[] = [];
  let lineNo = 0;
  for await (const line of createInterface({ input: createReadStream(values.in, "utf8"), crlfDelay: Infinity })) {
    lineNo++;
    if (line.trim() === "") continue;
    const example = JSON.parse(line) as { id?: unknown; prompt?: unknown; completion?: unknown };
    if (typeof example.prompt !== "string" || typeof example.completion !== "string") {
      process.stderr.write(`${values.in}:${lineNo}: needs string fields "prompt" and "completion"\n`);
      return 2;
    }
    try {
      const { promptIds, completionIds } = tokenizeExample(model, example.prompt, example.completion);
      lines.push(JSON.stringify({ id: example.id ?? `line-${lineNo}`, prompt_ids: promptIds, completion_ids: completionIds }));
    } catch (err) {
      process.stderr.write(`${values.in}:${lineNo}: ${(err as Error).message}\n`);
      return 2;
    }
  }
  mkdirSync(dirname(resolve(values.out)), { recursive: true });
  const tmp = `${values.out}.tmp-${process.pid}`;
  writeFileSync(tmp, lines.map((l) => `${l}\n`).join(""));
  renameSync(tmp, values.out);
  process.stderr.write(`tokenized ${lines.length} examples → ${values.out}\n`);
  await model.dispose();
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = await main();
