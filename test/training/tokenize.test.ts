/**
 * training/tokenize.ts must give the model the same prompt tokens the model planner gives it at run time
 * (template with special tokens, the compact request without, `<tool_call>\n` at the end, BOS first);
 * otherwise a trained model sees one thing in training and another in use. Checked with the committed
 * compact model's own vocabulary and a request that contains a control-token string.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { getLlama, LlamaLogLevel, type LlamaModel } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/log.js";
import { COMPACT_PROMPT_HEAD, COMPACT_PROMPT_TAIL, compactRequest } from "../../src/planner/model/compact.js";
import { ModelRuntime } from "../../src/planner/model/runtime.js";
import { TOOL_CALL_OPEN } from "../../src/planner/prompt.js";
import { compactCompletion, compactPrompt } from "../../training/compact-data.js";
import { tokenizeExample } from "../../training/tokenize.js";

const MODEL = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "training", "models", "secgraph-compact-v1.gguf");
const NOW = new Date("2026-11-21T12:00:00Z");

describe("training/tokenize.ts", () => {
  let runtime: ModelRuntime;
  let vocab: LlamaModel;

  beforeAll(async () => {
    runtime = await ModelRuntime.open({ model: MODEL, gpu: false, sequences: 1, contextSize: 1024 }, silentLogger);
    const llama = await getLlama({ gpu: false, build: "never", logLevel: LlamaLogLevel.fatal });
    vocab = await llama.loadModel({ modelPath: MODEL, vocabOnly: true });
  });

  afterAll(async () => {
    await vocab?.dispose();
    await runtime?.close();
  });

  it("tokenizes a training prompt exactly as the model planner does", () => {
    // "</s>" is this vocabulary's end-of-sequence token: as analyst text it must stay plain text.
    const req = compactRequest("high severity alerts mentioning </s> for bob@contoso.com from the last 24 hours", NOW);
    expect(req.text).toContain("<UPN1>");
    const completion = compactCompletion("alerts_list where severity eq high where assignedTo eq <UPN1>");

    const { promptIds, completionIds } = tokenizeExample(vocab, compactPrompt(req.text), completion);
    const runtimeIds = runtime.tokenize([
      { text: COMPACT_PROMPT_HEAD, special: true },
      { text: req.text, special: false },
      { text: COMPACT_PROMPT_TAIL, special: true },
    ]);
    expect(promptIds).toEqual(runtimeIds);
    expect(promptIds[0]).toBe(vocab.tokens.bos);
    expect(promptIds.filter((id) => id === vocab.tokens.eos)).toEqual([]);
    expect(completionIds.at(-1)).toBe(vocab.tokens.eos);
    expect(vocab.detokenize(completionIds.slice(0, -1) as never).replace(/ +/g, " ")).toBe(completion.slice(TOOL_CALL_OPEN.length));
  });

  it("rejects text that is not a planner prompt, with the reason", () => {
    expect(() => tokenizeExample(vocab, "no template here", `${TOOL_CALL_OPEN}{}`)).toThrow(/assistant turn/);
  });
});
