/**
 * Adds node-llama-cpp's own token ids to chat-format training examples, so training sees exactly the
 * tokens the runtime sees:
 *
 *   npx tsx training/tokenize.ts --in data/train.jsonl --out runs/ids/train.jsonl [--vocab VOCAB.gguf]
 *
 * Each input line needs `prompt` and `completion` strings (as written by `secgraph-mcp dataset`).
 * Output lines keep `id` and add `prompt_ids` — the beginning-of-sequence token, then the prompt tokenized
 * the way LlamaCompletion tokenizes its input (no special tokens, leading space trimmed) — and
 * `completion_ids`: the completion tokenized the same way, then the end-of-sequence token.
 */
import { createReadStream, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { getLlama, LlamaLogLevel } from "node-llama-cpp";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    in: { type: "string" },
    out: { type: "string" },
    vocab: { type: "string", default: join(repoRoot, ".cache/llama.cpp/models/ggml-vocab-llama-spm.gguf") },
  },
});
if (!values.in || !values.out) {
  process.stderr.write("usage: tsx training/tokenize.ts --in EXAMPLES.jsonl --out IDS.jsonl [--vocab VOCAB.gguf]\n");
  process.exit(2);
}

// A vocabulary-only GGUF makes llama.cpp log a "missing tensor" error on the way; real failures still throw.
const llama = await getLlama({ gpu: false, build: "never", logLevel: LlamaLogLevel.fatal });
const model = await llama.loadModel({ modelPath: values.vocab, vocabOnly: true });
const bos = model.tokens.bos;
const eos = model.tokens.eos;
if (bos === null || eos === null) throw new Error(`${values.vocab} has no BOS/EOS token`);

const lines: string[] = [];
let lineNo = 0;
for await (const line of createInterface({ input: createReadStream(values.in, "utf8"), crlfDelay: Infinity })) {
  lineNo++;
  if (line.trim() === "") continue;
  const example = JSON.parse(line) as { id?: unknown; prompt?: unknown; completion?: unknown };
  if (typeof example.prompt !== "string" || typeof example.completion !== "string") {
    process.stderr.write(`${values.in}:${lineNo}: needs string fields "prompt" and "completion"\n`);
    process.exit(2);
  }
  const promptIds = [bos, ...model.tokenize(example.prompt, false, "trimLeadingSpace")];
  const completionIds = [...model.tokenize(example.completion, false, "trimLeadingSpace"), eos];
  lines.push(JSON.stringify({ id: example.id ?? `line-${lineNo}`, prompt_ids: promptIds, completion_ids: completionIds }));
}
mkdirSync(dirname(resolve(values.out)), { recursive: true });
const tmp = `${values.out}.tmp-${process.pid}`;
writeFileSync(tmp, lines.map((l) => `${l}\n`).join(""));
renameSync(tmp, values.out);
process.stderr.write(`tokenized ${lines.length} examples → ${values.out}\n`);
await model.dispose();
