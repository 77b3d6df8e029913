/**
 * A tiny llama-architecture GGUF with random weights and a real vocabulary, written in TypeScript so
 * the suite runs on a machine that has only Node. Useless as a language model; it lets tests and
 * benches run node-llama-cpp's whole load → grammar → generate path on a CPU in milliseconds. The
 * tokenizer keys are copied from a vocab-only GGUF that ships with llama.cpp (`models/ggml-vocab-*.gguf`).
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { GgufType, readGgufMetadata, writeGguf, type GgufMetadata, type GgufTensor } from "./gguf.js";

export interface TinyModelOptions {
  vocabPath: string;
  out: string;
  layers: number;
  dim: number;
  heads?: number;
  /**
   * Keep only the first N tokens (plus every one-character piece) of a SentencePiece vocabulary: byte
   * fallback still spells any text, and grammar-constrained sampling gets proportionally faster.
   */
  vocabSize?: number;
  seed: number;
  context?: number;
  name?: string;
  /** Also write a random rank-`loraRank` LoRA adapter (attn_q and attn_v of every block) here. */
  loraOut?: string;
  loraRank?: number;
}

/** mulberry32 with Box–Muller: the same seed gives the same file. */
function gaussian(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

const PER_TOKEN = new Set(["tokenizer.ggml.tokens", "tokenizer.ggml.scores", "tokenizer.ggml.token_type"]);

/** Every tokenizer.* key of the vocab file, the per-token arrays cut to `keep`; returns them and the size. */
function copyTokenizer(source: GgufMetadata, keep: number | undefined): { keys: GgufMetadata; size: number } {
  const tokens = source.get("tokenizer.ggml.tokens")?.value;
  if (!Array.isArray(tokens) || tokens.length === 0) throw new Error("the vocab file has no tokenizer.ggml.tokens");
  let kept: number[] | undefined;
  if (keep !== undefined) {
    if (source.get("tokenizer.ggml.model")?.value !== "llama") throw new Error("vocabSize needs a SentencePiece (llama) vocabulary");
    if (keep < 259) throw new Error("vocabSize must keep the 3 control and 256 byte tokens (>= 259)");
    // The first ids (control, bytes, then pieces by merge priority) plus every one-character piece,
    // so e.g. the SentencePiece space "▁" stays a token and text detokenizes exactly.
    kept = tokens.flatMap((t, i) => (i < keep || [...String(t)].length === 1 ? [i] : []));
  }
  const keys: GgufMetadata = new Map();
  for (const [key, entry] of source) {
    if (!key.startsWith("tokenizer.")) continue;
    if (kept && PER_TOKEN.has(key) && Array.isArray(entry.value)) {
      const values = entry.value;
      keys.set(key, { ...entry, value: kept.map((i) => values[i]!) });
    } else {
      keys.set(key, entry);
    }
  }
  return { keys, size: kept ? kept.length : tokens.length };
}

export function writeTinyModel(o: TinyModelOptions): void {
  const heads = o.heads ?? 4;
  if (o.dim % heads !== 0) throw new Error("dim must divide by heads");
  const headDim = o.dim / heads;
  const ffn = 2 * o.dim;
  const random = gaussian(o.seed);
  const { keys: tokenizer, size: vocab } = copyTokenizer(readGgufMetadata(o.vocabPath), o.vocabSize);

  const u32 = (value: number) => ({ type: GgufType.u32, value });
  const metadata: GgufMetadata = new Map([
    ["general.architecture", { type: GgufType.string, value: "llama" }],
    ["general.name", { type: GgufType.string, value: o.name ?? "secgraph-tiny-random" }],
    ...tokenizer,
    ["llama.context_length", u32(o.context ?? 4096)],
    ["llama.embedding_length", u32(o.dim)],
    ["llama.block_count", u32(o.layers)],
    ["llama.feed_forward_length", u32(ffn)],
    ["llama.attention.head_count", u32(heads)],
    ["llama.attention.head_count_kv", u32(heads)],
    ["llama.rope.dimension_count", u32(headDim)],
    ["llama.attention.layer_norm_rms_epsilon", { type: GgufType.f32, value: 1e-5 }],
    ["llama.vocab_size", u32(vocab)],
    ["general.file_type", u32(0)],
  ]);

  /** A (rows=out, cols=in) matrix of N(0, scale²) weights; GGUF lists its dims innermost first. */
  const matrix = (name: string, out: number, inner: number, scale = 0.02): GgufTensor => {
    const data = new Float32Array(out * inner);
    for (let i = 0; i < data.length; i++) data[i] = random() * scale;
    return { name, dims: [inner, out], data };
  };
  const norm = (name: string): GgufTensor => ({ name, dims: [o.dim], data: new Float32Array(o.dim).fill(1) });

  const tensors: GgufTensor[] = [matrix("token_embd.weight", vocab, o.dim)];
  for (let i = 0; i < o.layers; i++) {
    tensors.push(
      norm(`blk.${i}.attn_norm.weight`),
      matrix(`blk.${i}.attn_q.weight`, o.dim, o.dim),
      matrix(`blk.${i}.attn_k.weight`, o.dim, o.dim),
      matrix(`blk.${i}.attn_v.weight`, o.dim, o.dim),
      matrix(`blk.${i}.attn_output.weight`, o.dim, o.dim),
      norm(`blk.${i}.ffn_norm.weight`),
      matrix(`blk.${i}.ffn_gate.weight`, ffn, o.dim),
      matrix(`blk.${i}.ffn_up.weight`, ffn, o.dim),
      matrix(`blk.${i}.ffn_down.weight`, o.dim, ffn),
    );
  }
  tensors.push(norm("output_norm.weight"), matrix("output.weight", vocab, o.dim));
  mkdirSync(dirname(o.out), { recursive: true });
  writeGguf(o.out, metadata, tensors);

  if (o.loraOut) {
    const rank = o.loraRank ?? 4;
    const adapter: GgufMetadata = new Map([
      ["general.architecture", { type: GgufType.string, value: "llama" }],
      ["general.type", { type: GgufType.string, value: "adapter" }],
      ["adapter.type", { type: GgufType.string, value: "lora" }],
      ["adapter.lora.alpha", { type: GgufType.f32, value: rank }],
    ]);
    const lora: GgufTensor[] = [];
    for (let i = 0; i < o.layers; i++) {
      for (const target of ["attn_q", "attn_v"]) {
        // Large enough to change what a random model samples, so tests can see the adapter act.
        lora.push(matrix(`blk.${i}.${target}.weight.lora_a`, rank, o.dim, 0.5), matrix(`blk.${i}.${target}.weight.lora_b`, o.dim, rank, 0.5));
      }
    }
    writeGguf(o.loraOut, adapter, lora);
  }
}
