/** Shared fixtures for the harvest suites: real pinned documents, a captured CLI, temp folders. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll } from "vitest";
import { captureIO as captureIOAt, type CapturedIO } from "../support/io.js";
import { buildCatalogFiles, type HarvestInput } from "../../src/harvest/catalog.js";
import { defaultSpecDir, loadSources, loadSpec } from "../../src/harvest/load.js";

export const REPO_ROOT = resolve(import.meta.dirname, "..", "..");
/** The upstream documents live beside the repository, never inside it. */
export const SOURCE_DIR = resolve(REPO_ROOT, "..", "shared", "graph-openapi");
export const SPEC_DIR = defaultSpecDir();
export const TOOLS_DIR = join(REPO_ROOT, "tools");

let input: Promise<HarvestInput> | undefined;

/** The real spec and documents, parsed once per test file (parsing takes seconds). */
export function realInput(): Promise<HarvestInput> {
  input ??= (async () => {
    const spec = await loadSpec(SPEC_DIR);
    return { ...spec, docs: await loadSources(SOURCE_DIR, spec.sources) };
  })();
  return input;
}

export async function realCatalogFiles(): Promise<Map<string, string>> {
  return buildCatalogFiles(await realInput());
}

export function captureIO(): CapturedIO {
  return captureIOAt({ cwd: REPO_ROOT });
}

/** A fresh temp folder removed after the file's tests. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `secgraph-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
