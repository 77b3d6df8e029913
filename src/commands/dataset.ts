/**
 * `secgraph-mcp dataset --out DIR --seed N`: training and evaluation data from the catalog.
 * Writes train/valid/test chat JSONL, valid/test case JSONL and stats.json, each file atomically.
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadCatalog } from "../catalog/load.js";
import { datasetStats, generateDataset, type Split } from "../dataset/generate.js";
import type { CliIO } from "./io.js";
import { EXIT_OK, UsageError, parseFlags } from "./io.js";

const HELP = `usage: secgraph-mcp dataset --out DIR [--seed N] [--train-per-family N] [--eval-per-family N] [--k N] [--tools-dir DIR]

Writes DIR/train.jsonl, valid.jsonl, test.jsonl (chat format: prompt, completion, messages),
DIR/valid.cases.jsonl, test.cases.jsonl (evaluation cases) and DIR/stats.json.
Splits are by template family and by held-out values; the same seed gives the same bytes.
`;

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 1_000_000) throw new UsageError(`--${name} must be a whole number from 0 to 1000000 (got "${raw}")`);
  return n;
}

function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

const jsonl = (rows: readonly unknown[]) => rows.map((r) => JSON.stringify(r)).join("\n") + (rows.length ? "\n" : "");

export default async function dataset(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags({
    args: argv,
    options: {
      out: { type: "string" },
      seed: { type: "string" },
      "train-per-family": { type: "string" },
      "eval-per-family": { type: "string" },
      k: { type: "string" },
      "tools-dir": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  if (!values.out) throw new UsageError("--out DIR is required");
  const seed = positiveInt("seed", values.seed, 1);
  const trainPerFamily = positiveInt("train-per-family", values["train-per-family"], 10);
  const evalPerFamily = positiveInt("eval-per-family", values["eval-per-family"], 5);
  const k = positiveInt("k", values.k, 4);
  const catalog = loadCatalog(values["tools-dir"]);
  const started = performance.now();
  const ds = generateDataset(catalog, { seed, trainPerFamily, evalPerFamily, k });
  const stats = datasetStats(ds);

  mkdirSync(values.out, { recursive: true });
  for (const split of ["train", "valid", "test"] as Split[]) {
    const rows = ds.examples.filter((e) => e.split === split);
    writeAtomic(join(values.out, `${split}.jsonl`), jsonl(rows));
    if (split !== "train") {
      const ids = new Set(rows.map((r) => r.id));
      writeAtomic(join(values.out, `${split}.cases.jsonl`), jsonl(ds.cases.filter((c) => ids.has(c.id))));
    }
  }
  writeAtomic(join(values.out, "stats.json"), JSON.stringify({ seed, trainPerFamily, evalPerFamily, k, ...stats }, null, 2) + "\n");

  const lines = [
    `examples: train ${stats.examples.train}, valid ${stats.examples.valid}, test ${stats.examples.test} (${Math.round(performance.now() - started)} ms)`,
    `families: train ${stats.families.train}, valid ${stats.families.valid}, test ${stats.families.test}`,
    "per operation (train/valid/test):",
    ...Object.entries(stats.perOperation)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([op, n]) => `  ${op.padEnd(46)} ${n.train}/${n.valid}/${n.test}`),
    `wrote ${values.out}/{train,valid,test}.jsonl, {valid,test}.cases.jsonl, stats.json`,
  ];
  io.stderr(lines.join("\n") + "\n");
  return EXIT_OK;
}
