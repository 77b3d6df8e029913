/**
 * Harvest cost and catalog size: wall time to parse the four pinned documents and build the
 * catalog, the catalog's operation and byte counts, and tokens per tool as tools/list would carry it.
 */
import { resolve } from "node:path";
import { countTokens } from "gpt-tokenizer";
import { harvestCatalog } from "../src/harvest/index.js";
import { defaultSpecDir } from "../src/harvest/load.js";
import type { ToolsetFile } from "../src/catalog/types.js";

const SOURCE_DIR = resolve(import.meta.dirname, "..", "..", "shared", "graph-openapi");

export default async function bench(): Promise<void> {
  const runs: number[] = [];
  let files = new Map<string, string>();
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    files = await harvestCatalog({ source: SOURCE_DIR, specDir: defaultSpecDir() });
    runs.push(performance.now() - start);
  }
  const operations = [...files]
    .filter(([name]) => name !== "index.json" && name !== "entities.json")
    .flatMap(([, text]) => (JSON.parse(text) as ToolsetFile).operations);
  const bytes = [...files.values()].reduce((n, text) => n + Buffer.byteLength(text), 0);
  const entityBytes = Buffer.byteLength(files.get("entities.json") ?? "");
  // What a tools/list entry carries: name, description and the argument schema.
  const tokens = operations.map((op) => countTokens(JSON.stringify({ name: op.name, description: op.description, inputSchema: op.inputSchema })));
  const mean = tokens.reduce((a, b) => a + b, 0) / Math.max(1, tokens.length);
  const rows: [string, string][] = [
    ["harvest time (median of 3)", `${runs.sort((a, b) => a - b)[1]?.toFixed(0)} ms`],
    ["operations", String(operations.length)],
    ["catalog files", String(files.size)],
    ["catalog bytes", String(bytes)],
    ["  of which entities.json", String(entityBytes)],
    ["tokens per tool (mean, o200k_base)", mean.toFixed(1)],
    ["tokens per tool (max)", String(Math.max(...tokens))],
  ];
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(40)} ${v}\n`);
}
