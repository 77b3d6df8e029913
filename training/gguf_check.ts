/**
 * Greedy decoding through node-llama-cpp, for checking an exported GGUF (and LoRA adapter) against torch.
 *
 *   npx tsx training/gguf_check.ts < request.json > result.json
 *
 * request: {"model": PATH, "lora"?: PATH, "loraScale"?: number, "prompts": [[token ids]], "maxTokens": N}
 * result:  {"outputs": [{"tokens": [ids], "confidence": [p of each chosen token]}]}
 * Generation stops before the end-of-generation token (the generator ends without yielding it) or after maxTokens.
 */
import { getLlama, LlamaLogLevel, type Token } from "node-llama-cpp";

interface CheckRequest {
  model: string;
  lora?: string;
  loraScale?: number;
  prompts: number[][];
  maxTokens: number;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const request = JSON.parse(await readStdin()) as CheckRequest;
const llama = await getLlama({ gpu: false, build: "never", logLevel: LlamaLogLevel.error });
const model = await llama.loadModel({ modelPath: request.model });
const longest = Math.max(...request.prompts.map((p) => p.length)) + request.maxTokens;
const context = await model.createContext({
  contextSize: Math.max(256, longest + 16),
  threads: 1,
  batchSize: 512,
  ...(request.lora ? { lora: { adapters: [{ filePath: request.lora, scale: request.loraScale ?? 1 }] } } : {}),
});
const outputs: { tokens: number[]; confidence: number[] }[] = [];
const sequence = context.getSequence();
for (const prompt of request.prompts) {
  await sequence.clearHistory();
  const tokens: number[] = [];
  const confidence: number[] = [];
  for await (const step of sequence.evaluateWithMetadata(prompt as Token[], { confidence: true }, { temperature: 0 })) {
    tokens.push(step.token);
    confidence.push(step.confidence);
    if (model.isEogToken(step.token) || tokens.length >= request.maxTokens) break;
  }
  outputs.push({ tokens, confidence });
}
process.stdout.write(`${JSON.stringify({ outputs })}\n`);
await context.dispose();
await model.dispose();
