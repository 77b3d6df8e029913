/**
 * USE-lite vectors for every piece of a vocabulary, to initialise a from-scratch model's token
 * embeddings (issue 14: "try initialising token embeddings from USE-lite's and report whether it helps"):
 *
 *   npx tsx training/use-init.ts --vocab RUN/vocab.gguf --out RUN/use-lite.f32
 *
 * Writes OUT (rows × 512 little-endian float32, one row per token id, zeros where a piece has no
 * text to embed) and OUT.json ({rows, dims, embedded, model}). `train.py --init-embeddings OUT`
 * projects the rows onto the model's width (PCA) and scales them to the usual init spread.
 *
 * A piece is embedded as the words it spells: the SentencePiece word mark becomes a space, catalog
 * names are split at `_` and camelCase (`alerts_list` → "alerts list", `createdDateTime` → "created
 * date time"), a placeholder `<UPN1>` is embedded as its kind ("upn"). Control, byte and
 * special pieces (`<s>`, `<0x0A>`, `<|im_start|>`) are left at zero, i.e. at the random init.
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { getLlama, LlamaLogLevel } from "node-llama-cpp";
import { EMBEDDING_DIMENSIONS, getEmbedder } from "../src/planner/embed/index.js";

/** The words a vocabulary piece stands for, or undefined for pieces with no meaning of their own. */
export function pieceWords(piece: string): string | undefined {
  if (/^<0x[0-9A-F]{2}>$/i.test(piece) || /^<\|.*\|>$/.test(piece) || /^<\/?s>$/.test(piece) || piece === "<unk>") return undefined;
  const placeholder = /^<([A-Z]+)\d*>$/.exec(piece);
  if (placeholder) return placeholder[1]!.toLowerCase();
  const words = piece
    .replace(/\u2581/g, " ")
    .replace(/_/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .trim()
    .toLowerCase();
  return /[a-z0-9]/.test(words) ? words : undefined;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { vocab: { type: "string" }, out: { type: "string" } } });
  if (!values.vocab || !values.out) {
    process.stderr.write("usage: tsx training/use-init.ts --vocab VOCAB.gguf --out VECTORS.f32\n");
    return 2;
  }
  const llama = await getLlama({ gpu: false, build: "never", logLevel: LlamaLogLevel.fatal });
  let model;
  try {
    model = await llama.loadModel({ modelPath: values.vocab, vocabOnly: true });
  } catch (err) {
    process.stderr.write(`cannot read ${values.vocab} as a GGUF vocabulary: ${(err as Error).message}\n`);
    return 2;
  }
  const rows = model.fileInfo.metadata.tokenizer?.ggml?.tokens?.length ?? 0;
  const tokens = (model.fileInfo.metadata.tokenizer?.ggml?.tokens ?? []) as readonly string[];
  if (rows === 0) {
    process.stderr.write(`${values.vocab} holds no tokenizer.ggml.tokens\n`);
    return 2;
  }
  const texts: { id: number; words: string }[] = [];
  tokens.forEach((piece, id) => {
    const words = pieceWords(piece);
    if (words) texts.push({ id, words });
  });
  const embedder = await getEmbedder();
  const matrix = new Float32Array(rows * EMBEDDING_DIMENSIONS);
  const step = 256;
  for (let i = 0; i < texts.length; i += step) {
    const batch = texts.slice(i, i + step);
    const vectors = await embedder.embed(batch.map((t) => t.words));
    batch.forEach((t, j) => matrix.set(vectors[j]!, t.id * EMBEDDING_DIMENSIONS));
    process.stderr.write(`\rembedded ${Math.min(i + step, texts.length)}/${texts.length} pieces`);
  }
  process.stderr.write("\n");
  const out = resolve(values.out);
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.tmp-${process.pid}`;
  writeFileSync(tmp, Buffer.from(matrix.buffer));
  renameSync(tmp, out);
  writeFileSync(`${out}.json`, `${JSON.stringify({ rows, dims: EMBEDDING_DIMENSIONS, embedded: texts.length, model: "use-lite-en@0.2.0", vocab: values.vocab })}\n`);
  process.stderr.write(`wrote ${rows} × ${EMBEDDING_DIMENSIONS} (${texts.length} embedded) → ${out}\n`);
  await model.dispose();
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = await main();
