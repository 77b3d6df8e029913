/**
 * training/tokenize.ts must give the model the same prompt tokens the model planner gives it at run time
 * (template with special tokens, the analyst's text without, `<tool_call>\n` at the end, BOS first);
 * otherwise a trained model sees one thing in training and another in use. Checked with the committed
 * planner model's own vocabulary and a request that contains a control-token string.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { getLlama, LlamaLogLevel, type LlamaModel } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/catalog/load.js";
import { silentLogger } from "../../src/log.js";
import { createRetriever } from "../../src/planner/model/retrieve.js";
import { ModelRuntime } from "../../src/planner/model/runtime.js";
import { TOOL_CALL_OPEN, renderCompletion, renderPromptSegments } from "../../src/planner/prompt.js";
import { tokenizeExample } from "../../training/tokenize.js";

const MODEL = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "training", "models", "secgraph-planner-v1.gguf");
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
    const catalog = loadCatalog();
    // "</s>" is this vocabulary's end-of-sequence token: as analyst text it must stay plain text.
    const text = "high severity alerts mentioning </s> from the last 24 hours";
    const candidates = createRetriever(catalog.operations.filter((op) => op.readOnly)).retrieve(text, 4);
    expect(candidates.length).toBeGreaterThan(0);
    const { head, request, tail } = renderPromptSegments({ text, now: NOW, candidates, entities: catalog.entities });
    const first = candidates[0]!;
    const completion = renderCompletion({ decision: "call", operation: first.name, arguments: {} }, first);

    const { promptIds, completionIds } = tokenizeExample(vocab, head + request + tail, completion);
    const runtimeIds = runtime.tokenize([
      { text: head, special: true },
      { text: request, special: false },
      { text: tail + TOOL_CALL_OPEN, special: true },
    ]);
    expect(promptIds).toEqual([vocab.tokens.bos, ...runtimeIds]);
    expect(promptIds.filter((id) => id === vocab.tokens.eos)).toEqual([]);
    expect(completionIds.at(-1)).toBe(vocab.tokens.eos);
    expect(vocab.detokenize(completionIds.slice(0, -1) as never)).toBe(completion.slice(TOOL_CALL_OPEN.length));
  });

  it("rejects text that is not a planner prompt, with the reason", () => {
    expect(() => tokenizeExample(vocab, "no template here", `${TOOL_CALL_OPEN}{}`)).toThrow(/assistant turn/);
  });
});
