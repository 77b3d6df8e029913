/**
 * Test-setup step: makes the tiny random-weight GGUF the model-planner tests and benches run on.
 *
 * 1. `.cache/llama.cpp`: a clone of the llama.cpp source bundle that ships inside node-llama-cpp
 *    (for gguf-py and the vocab-only GGUFs); reused when present, never committed.
 * 2. `tiny-model.ts` writes the model in TypeScript (no Python: `npm test` needs only Node and git).
 * Both steps are skipped when their output exists. Every write goes to a temporary name first and is
 * renamed into place, so concurrent test runs (several people share this tree) never see half a file.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { writeTinyModel } from "./tiny-model.js";

const run = promisify(execFile);

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const LLAMA_CPP_DIR = join(REPO_ROOT, ".cache", "llama.cpp");
const BUNDLE = join(REPO_ROOT, "node_modules", "node-llama-cpp", "llama", "gitRelease.bundle");

/**
 * The model every model-planner test uses: 2 layers, d=64, the llama-spm vocabulary cut to its first
 * 4096 pieces plus every one-character piece (≈ 6 200 tokens). Grammar-constrained sampling checks
 * every vocabulary entry at each constrained step, so the smaller vocabulary makes the random model's
 * runs about four times faster, while text still tokenizes and detokenizes exactly.
 */
export const TINY_MODEL = {
  layers: 2,
  dim: 64,
  vocab: "llama-spm",
  vocabSize: 4096,
  seed: 0,
} as const;

export const TINY_GGUF_PATH = join(
  REPO_ROOT, ".cache", "models",
  `tiny-ts-${TINY_MODEL.vocab}${TINY_MODEL.vocabSize}-l${TINY_MODEL.layers}-d${TINY_MODEL.dim}-s${TINY_MODEL.seed}.gguf`,
);

/** A random rank-4 LoRA adapter for the tiny model (attn_q and attn_v), written in the same run. */
export const TINY_LORA_PATH = TINY_GGUF_PATH.replace(/\.gguf$/, "-lora.gguf");

/** Set to skip the model suites (node-llama-cpp on the tiny GGUF) and the Python training tests. */
export const SKIP_ENV = "SECGRAPH_SKIP_MODEL_TESTS";

export function modelTestsSkipped(): boolean {
  return process.env[SKIP_ENV] === "1";
}

export async function ensureLlamaCppSource(): Promise<string> {
  if (existsSync(join(LLAMA_CPP_DIR, "gguf-py"))) return LLAMA_CPP_DIR;
  if (!existsSync(BUNDLE)) throw new Error(`llama.cpp source bundle not found at ${BUNDLE}; run npm install`);
  const tmp = `${LLAMA_CPP_DIR}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(dirname(LLAMA_CPP_DIR), { recursive: true });
  await run("git", ["clone", "--quiet", BUNDLE, tmp]);
  try {
    renameSync(tmp, LLAMA_CPP_DIR);
  } catch {
    // Another run finished its clone first: use that one.
    rmSync(tmp, { recursive: true, force: true });
  }
  return LLAMA_CPP_DIR;
}

/** Builds the tiny GGUF and its LoRA adapter when either is missing; returns the model's path. */
export async function ensureTinyGguf(): Promise<string> {
  if (existsSync(TINY_GGUF_PATH) && existsSync(TINY_LORA_PATH)) return TINY_GGUF_PATH;
  const llamaCpp = await ensureLlamaCppSource();
  writeTinyModel({
    vocabPath: join(llamaCpp, "models", `ggml-vocab-${TINY_MODEL.vocab}.gguf`),
    out: TINY_GGUF_PATH,
    layers: TINY_MODEL.layers,
    dim: TINY_MODEL.dim,
    vocabSize: TINY_MODEL.vocabSize,
    seed: TINY_MODEL.seed,
    loraOut: TINY_LORA_PATH,
  });
  return TINY_GGUF_PATH;
}

/** Global-setup entry point. */
export async function setupTinyGguf(): Promise<void> {
  if (modelTestsSkipped()) return;
  await ensureTinyGguf();
}
