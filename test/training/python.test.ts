/**
 * The training pipeline's Python tests (training/tests, standard-library unittest), run by
 * `npm run test:training` (never by `npm test`, which needs only Node): batching and loss masking,
 * train.py's arguments, and the GGUF export checked against node-llama-cpp. The end-to-end smoke test
 * (train → export → load → plan, then a LoRA adapter) takes a few minutes on a shared 2-core CPU: it
 * runs with `npm run test:training:smoke` (SECGRAPH_TRAINING_SMOKE=1). They need Debian's python3-torch
 * and python3-numpy (`.ci/run` installs them).
 */
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SKIP_ENV, modelTestsSkipped } from "../support/tiny-gguf.js";

const trainingDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "training");
const python = process.env.SECGRAPH_PYTHON ?? "/usr/bin/python3";
const runSmoke = process.env.SECGRAPH_TRAINING_SMOKE === "1";

function unittest(modules: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, ["-m", "unittest", "-v", ...modules], {
      cwd: trainingDir,
      env: { ...process.env, OPENBLAS_NUM_THREADS: "1", PYTHONDONTWRITEBYTECODE: "1" },
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

describe.skipIf(modelTestsSkipped())(`training pipeline (Python; ${SKIP_ENV}=1 skips)`, () => {
  it("batches, loss mask, train.py arguments and the USE-lite embedding init", async () => {
    const { code, output } = await unittest(["tests.test_data", "tests.test_train_args", "tests.test_embed_init"]);
    expect(code, output).toBe(0);
    expect(output).toMatch(/^OK/m);
  }, 120_000);

  it("GGUF export and LoRA adapter decode in node-llama-cpp exactly as in torch", async () => {
    const { code, output } = await unittest(["tests.test_export"]);
    expect(code, output).toBe(0);
    expect(output).toMatch(/^OK/m);
  }, 300_000);

  it.runIf(runSmoke)("smoke: train → export → load → plan, then a LoRA adapter on that base", async () => {
    const { code, output } = await unittest(["tests.test_smoke"]);
    expect(code, output).toBe(0);
    expect(output).toMatch(/^OK/m);
  }, 900_000);
});
