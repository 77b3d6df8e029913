/** Loads the generated catalog (tools/*.json) once, checked against the zod contract. */
import { readFileSync } from "node:fs";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { EntitiesFile, IndexFile, ToolsetFile, type Catalog, type Operation } from "./types.js";

/** tools/ shipped with the package (works from src/ under tsx and from dist/). */
export function defaultToolsDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "tools");
}

export class CatalogError extends Error {
  override name = "CatalogError";
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new CatalogError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CatalogError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
}

function parseOrThrow<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, value: unknown, path: string): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new CatalogError(`${path} does not match the catalog format at ${first?.path.join(".") || "(root)"}: ${first?.message}`);
  }
  return r.data;
}

const cache = new Map<string, Catalog>();

export function loadCatalog(dir: string = defaultToolsDir()): Catalog {
  const key = resolve(dir);
  const hit = cache.get(key);
  if (hit) return hit;
  const index = parseOrThrow(IndexFile, readJson(join(key, "index.json")), join(key, "index.json"));
  const entities = parseOrThrow(EntitiesFile, readJson(join(key, "entities.json")), join(key, "entities.json")).entities;
  const toolsets: Catalog["toolsets"] = [];
  const operations: Operation[] = [];
  const byName = new Map<string, Operation>();
  for (const t of index.toolsets) {
    const file = join(key, t.file);
    const ts = parseOrThrow(ToolsetFile, readJson(file), file);
    toolsets.push({ name: ts.toolset, description: ts.description, operations: ts.operations });
    for (const op of ts.operations) {
      if (byName.has(op.name)) throw new CatalogError(`duplicate operation name ${op.name} in ${file}`);
      if (op.entity !== null && !(op.entity in entities)) {
        throw new CatalogError(`${op.name} refers to unknown entity ${op.entity}`);
      }
      byName.set(op.name, op);
      operations.push(op);
    }
  }
  const catalog: Catalog = { index, operations, byName, entities, toolsets };
  cache.set(key, catalog);
  return catalog;
}
