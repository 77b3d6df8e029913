/**
 * Trains the router's scorer and writes src/planner/router/weights.ts.
 *
 *   npx tsx src/planner/router/train.ts [--seed 1] [--epochs 400] [--l2 0.001] [--alpha 0.05] [--generated DIR] [--out FILE]
 *     [--dev CASES.jsonl …] [--tables CACHE.json] [--exclude train-X.jsonl …]
 *
 * --dev reports the routing of those cases (to choose hyper-parameters; never trained on, sealed
 * splits refused); --tables keeps the feature tables in a file so runs that only change
 * hyper-parameters skip building them; --exclude leaves authored train batches out (a batch left out
 * and passed to --dev measures the router on text it was not fitted to).
 *
 * Data: the synthetic generator's train split (`secgraph-mcp dataset`, same seed → same examples)
 * plus every authored train file evals/cases/corpus/train*.jsonl that exists. Dev splits are never
 * trained on (only --dev reports them); test splits are never read. Each example becomes the
 * router's feature table for its request (the same code the planner runs) and a gold set: the
 * operations whose method and path template match the expectation (several when the case says
 * `any`), or "none" for an out-of-scope decline that gets past the scope check. The model is a
 * conditional logit (softmax over eligible operations and "none"), fitted by full-batch Adam with
 * L2; the objective is convex, so the start point is zeros.
 * The lexical model (lexicon.ts) is counted from the same requests; its features on a training row
 * come from a model counted without that row's fold (cross-fitting), so the scorer learns how far
 * to trust it on text it has not seen, and the committed model is counted from every row.
 * The generator's valid split is scored with the new weights and written into the provenance.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { loadCatalog } from "../../catalog/load.js";
import type { Catalog, Operation } from "../../catalog/types.js";
import { generateDataset } from "../../dataset/generate.js";
import { Rng } from "../../dataset/random.js";
import { alternativesOf, parseCases } from "../../eval/cases.js";
import { normalizePath } from "../../eval/score.js";
import { RulesPlanner } from "../rules/index.js";
import { unsafeReason } from "../rules/decline.js";
import { FEATURES, type FeatureVector } from "./features.js";
import { countLexicon, Lexicon, lexicalTokens, NONE_CLASS, type LexiconCounts } from "./lexicon.js";
import { NONE_FEATURES, RouterScorer, type RouterWeights } from "./scorer.js";
import { escapeRegExp } from "../regex.js";
import { ROUTER_WEIGHTS } from "./weights.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const CORPUS = join(ROOT, "evals", "cases", "corpus");
const OUT = join(dirname(fileURLToPath(import.meta.url)), "weights.ts");

interface Example {
  request: string;
  now: Date;
  /** Gold operation names; empty means "none". */
  gold: string[];
  source: string;
}

interface Row {
  options: { name: string; values: FeatureVector }[];
  none: FeatureVector;
  goldIndex: number[];
  goldNone: boolean;
  /** The lexical model's tokens for the request and its gold classes. */
  tokens: string[];
  classes: string[];
}

/** Folds for cross-fitting the lexical features. */
const FOLDS = 5;

function templateMatcher(op: Operation): RegExp {
  const pattern = normalizePath(op.path)
    .split("/")
    .map((seg) => (/^\{.*\}$/.test(seg) ? "[^/]+" : escapeRegExp(seg)))
    .join("/");
  return new RegExp(`^${pattern}$`);
}

function goldOperations(catalog: Catalog, method: string, path: string): string[] {
  const target = normalizePath(path);
  return catalog.operations.filter((op) => op.method === method && templateMatcher(op).test(target)).map((op) => op.name);
}

function caseExamples(catalog: Catalog, path: string, source: string): Example[] {
  const out: Example[] = [];
  for (const c of parseCases(readFileSync(path, "utf8"), source)) {
    const gold = c.expect === null ? [] : [...new Set(alternativesOf(c.expect).flatMap((e) => goldOperations(catalog, e.method, e.path)))];
    if (c.expect !== null && gold.length === 0) continue;
    out.push({ request: c.request, now: new Date(c.now ?? "2026-11-21T12:00:00Z"), gold, source });
  }
  return out;
}

function corpusTrainExamples(catalog: Catalog, excluded: readonly string[] = []): Example[] {
  if (!existsSync(CORPUS)) return [];
  return readdirSync(CORPUS)
    .filter((f) => /^train[\w-]*\.jsonl$/.test(f) && !excluded.includes(f))
    .sort()
    .flatMap((file) => caseExamples(catalog, join(CORPUS, file), file));
}

/** Case files whose routing is reported (to choose hyper-parameters); sealed splits are refused. */
function devExamples(catalog: Catalog, paths: readonly string[]): Example[] {
  return paths.flatMap((path) => {
    if (/test|holdout/i.test(basename(path))) throw new Error(`${path} is a sealed split; pass dev files only`);
    return caseExamples(catalog, path, path);
  });
}

interface Tables {
  features: string[];
  train: Row[];
  valid: Row[];
  dev: Row[];
  skipped: number;
}

/** The feature tables, from `cache` when it was written for the same features (hyper-parameter runs skip the planner). */
async function loadTables(cache: string | undefined, build: () => Promise<Tables>): Promise<Tables> {
  const names = [...FEATURES, ...NONE_FEATURES];
  if (cache && existsSync(cache)) {
    const saved = JSON.parse(readFileSync(cache, "utf8")) as Tables;
    if (saved.features.join() !== names.join()) throw new Error(`${cache} was written for other features; delete it`);
    const revive = (rows: Row[]) => rows.map((r) => ({ ...r, none: Float64Array.from(r.none), options: r.options.map((o) => ({ name: o.name, values: Float64Array.from(o.values) })) }));
    return { ...saved, train: revive(saved.train), valid: revive(saved.valid), dev: revive(saved.dev) };
  }
  const tables = await build();
  if (cache) {
    const plain = (rows: Row[]) => rows.map((r) => ({ ...r, none: [...r.none], options: r.options.map((o) => ({ name: o.name, values: [...o.values] })) }));
    writeFileSync(cache, JSON.stringify({ ...tables, features: names, train: plain(tables.train), valid: plain(tables.valid), dev: plain(tables.dev) }));
  }
  return tables;
}

async function tableRows(planner: RulesPlanner, examples: Example[]): Promise<{ rows: Row[]; skipped: number }> {
  const rows: Row[] = [];
  let skipped = 0;
  for (const ex of examples) {
    // Requests the safety rules decline never reach the router; neither do they teach it.
    if (unsafeReason(ex.request)) {
      skipped++;
      continue;
    }
    const table = await planner.routingTable(ex.request, ex.now);
    const options = table.options.filter((o) => o.eligible).map((o) => ({ name: o.operation.name, values: o.values }));
    const goldIndex = options.flatMap((o, i) => (ex.gold.includes(o.name) ? [i] : []));
    if (ex.gold.length > 0 && goldIndex.length === 0) {
      skipped++;
      continue;
    }
    const classes = ex.gold.length === 0 ? [NONE_CLASS] : ex.gold;
    rows.push({ options, none: table.none, goldIndex, goldNone: ex.gold.length === 0, tokens: lexicalTokens(table.slots, table.intent), classes });
  }
  return { rows, skipped };
}

const at = (names: readonly string[], name: string) => {
  const i = names.indexOf(name);
  if (i < 0) throw new Error(`no feature named ${name}`);
  return i;
};

/** Writes `lexicon`'s evidence into the rows' lexical features (the planner computes the same at run time). */
function fillLexical(rows: readonly Row[], counts: LexiconCounts): void {
  const lexicon = new Lexicon(counts);
  const [post, log] = [at(FEATURES, "lex_posterior"), at(FEATURES, "lex_log_posterior")];
  const [nonePost, noneLog] = [at(NONE_FEATURES, "none_lex_posterior"), at(NONE_FEATURES, "none_lex_log_posterior")];
  for (const row of rows) {
    const evidence = lexicon.evidence(row.tokens);
    for (const o of row.options) {
      const e = evidence(o.name);
      o.values[post] = e.posterior;
      o.values[log] = e.logPosterior;
    }
    const e = evidence(NONE_CLASS);
    row.none[nonePost] = e.posterior;
    row.none[noneLog] = e.logPosterior;
  }
}

/** Each row's lexical features from a model counted without its fold; returns the model counted from all rows. */
function crossFitLexical(rows: readonly Row[], alpha: number): LexiconCounts {
  const folds = Array.from({ length: FOLDS }, (_, k) => rows.filter((_, i) => i % FOLDS === k));
  folds.forEach((fold, k) => {
    const others = folds.flatMap((f, j) => (j === k ? [] : f));
    fillLexical(fold, countLexicon(others, alpha));
  });
  return countLexicon(rows, alpha);
}

const dotInto = (x: FeatureVector, w: Float64Array) => {
  let s = 0;
  for (let k = 0; k < x.length; k++) s += x[k]! * w[k]!;
  return s;
};

/** Adds one row's gradient of the negative log-likelihood to `gw`/`gNone` and returns its loss (plain loops: this is the hot path). */
function addRowGradient(row: Row, w: Float64Array, wNone: Float64Array, gw: Float64Array, gNone: Float64Array): number {
  const n = row.options.length;
  const scores = new Float64Array(n);
  const noneScore = dotInto(row.none, wNone);
  let max = noneScore;
  for (let i = 0; i < n; i++) {
    scores[i] = dotInto(row.options[i]!.values, w);
    if (scores[i]! > max) max = scores[i]!;
  }
  const noneExp = Math.exp(noneScore - max);
  let total = noneExp;
  for (let i = 0; i < n; i++) total += scores[i] = Math.exp(scores[i]! - max);
  const gold = new Uint8Array(n);
  let goldMass = row.goldNone ? noneExp : 0;
  for (const i of row.goldIndex) {
    gold[i] = 1;
    goldMass += scores[i]!;
  }
  for (let i = 0; i < n; i++) {
    const g = scores[i]! / total - (gold[i] ? scores[i]! / goldMass : 0);
    if (g === 0) continue;
    const x = row.options[i]!.values;
    for (let k = 0; k < x.length; k++) gw[k]! += g * x[k]!;
  }
  const gn = noneExp / total - (row.goldNone ? 1 : 0);
  for (let k = 0; k < row.none.length; k++) gNone[k]! += gn * row.none[k]!;
  return -Math.log(goldMass / total);
}

function fit(rows: Row[], epochs: number, l2: number): { w: Float64Array; wNone: Float64Array; loss: number } {
  const w = new Float64Array(FEATURES.length);
  const wNone = new Float64Array(NONE_FEATURES.length);
  const params = [w, wNone];
  const m = params.map((p) => new Float64Array(p.length));
  const v = params.map((p) => new Float64Array(p.length));
  const lr = 0.05;
  let loss = 0;
  for (let t = 1; t <= epochs; t++) {
    const grads = params.map((p) => new Float64Array(p.length));
    loss = 0;
    for (const row of rows) loss += addRowGradient(row, w, wNone, grads[0]!, grads[1]!);
    loss /= rows.length;
    params.forEach((p, j) => {
      for (let k = 0; k < p.length; k++) {
        const g = grads[j]![k]! / rows.length + l2 * p[k]!;
        m[j]![k] = 0.9 * m[j]![k]! + 0.1 * g;
        v[j]![k] = 0.999 * v[j]![k]! + 0.001 * g * g;
        const mh = m[j]![k]! / (1 - 0.9 ** t);
        const vh = v[j]![k]! / (1 - 0.999 ** t);
        p[k]! -= (lr * mh) / (Math.sqrt(vh) + 1e-8);
      }
    });
  }
  return { w, wNone, loss };
}

function accuracy(rows: Row[], weights: RouterWeights): number {
  const scorer = new RouterScorer(weights);
  let right = 0;
  for (const row of rows) {
    const { ranked, noneProbability } = scorer.rank(row.options.map((o, i) => ({ option: i, values: o.values })), row.none);
    const top = ranked[0];
    const predictedNone = !top || top.probability < noneProbability;
    if (row.goldNone ? predictedNone : !predictedNone && row.goldIndex.includes(top!.option)) right++;
  }
  return rows.length === 0 ? 0 : right / rows.length;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: "string", default: "1" },
      epochs: { type: "string", default: "400" },
      l2: { type: "string", default: "0.001" },
      alpha: { type: "string", default: "0.05" },
      generated: { type: "string" },
      out: { type: "string" },
      dev: { type: "string", multiple: true, default: [] },
      tables: { type: "string" },
      exclude: { type: "string", multiple: true, default: [] },
    },
  });
  const seed = Number(values.seed);
  const epochs = Number(values.epochs);
  const l2 = Number(values.l2);
  const alpha = Number(values.alpha);
  const catalog = loadCatalog();
  // Tables without the committed lexical model: the cross-fitted one fills those features.
  const planner = new RulesPlanner(catalog, { weights: { ...ROUTER_WEIGHTS, lexicon: undefined } });
  // --generated DIR reads a `secgraph-mcp dataset --out DIR` result instead of generating in memory.
  type Generated = { split: string; request: string; now: string; call: { operation: string } | null };
  const examples: Generated[] = values.generated
    ? ["train", "valid"].flatMap((split) =>
        readFileSync(join(values.generated!, `${split}.jsonl`), "utf8")
          .split("\n")
          .filter((l) => l.trim().length > 0)
          .map((l) => JSON.parse(l) as Generated),
      )
    : generateDataset(catalog, { seed }).examples;
  const generated = (split: string): Example[] =>
    examples
      .filter((e) => e.split === split)
      .map((e) => ({ request: e.request, now: new Date(e.now), gold: e.call ? [e.call.operation] : [], source: `generator:${split}` }));
  // --exclude train-g.jsonl leaves a batch out, so --dev can read the router on text it was not fitted to.
  const excluded = (values.exclude ?? []).map((f) => basename(f));
  const train = [...generated("train"), ...corpusTrainExamples(catalog, excluded)];
  const valid = generated("valid");
  process.stderr.write(`router: ${train.length} training requests, ${valid.length} validation requests; building feature tables\n`);
  const tables = await loadTables(values.tables, async () => {
    const trainRows = await tableRows(planner, train);
    const dev = await tableRows(planner, devExamples(catalog, values.dev ?? []));
    return { features: [], train: trainRows.rows, valid: (await tableRows(planner, valid)).rows, dev: dev.rows, skipped: trainRows.skipped };
  });
  // Shuffled by a seeded order so a fold is not one source's block of requests.
  const lexicon = crossFitLexical(new Rng(seed).shuffle(tables.train), alpha);
  fillLexical(tables.valid, lexicon);
  fillLexical(tables.dev, lexicon);
  const { w, wNone, loss } = fit(tables.train, epochs, l2);
  const sources = Object.fromEntries([...new Set(train.map((e) => e.source))].map((s) => [s, train.filter((e) => e.source === s).length]));
  const weights: RouterWeights = {
    features: [...FEATURES],
    weights: [...w].map(round),
    none: [...NONE_FEATURES],
    noneWeights: [...wNone].map(round),
    lexicon,
    provenance: {},
  };
  weights.provenance = {
    command: `npx tsx src/planner/router/train.ts --seed ${seed} --epochs ${epochs} --l2 ${l2} --alpha ${alpha}${values.generated ? " --generated DIR (secgraph-mcp dataset --seed 1 --out DIR)" : ""}`,
    trainingRequests: sources,
    lexiconTerms: lexicon.terms.length,
    rowsUsed: tables.train.length,
    rowsSkipped: tables.skipped,
    finalLoss: round(loss),
    trainTop1: round(accuracy(tables.train, weights)),
    generatorValidTop1: round(accuracy(tables.valid, weights)),
    ...(tables.dev.length > 0 ? { devTop1: round(accuracy(tables.dev, weights)), devRows: tables.dev.length } : {}),
  };
  const text = `/** Router weights: written by \`${String(weights.provenance.command)}\` — do not edit by hand. */
import type { RouterWeights } from "./scorer.js";

export const ROUTER_WEIGHTS: RouterWeights = ${JSON.stringify(weights, null, 2)};
`;
  const out = values.out ?? OUT;
  writeFileSync(out, text, "utf8");
  process.stderr.write(`router: wrote ${out}\n${JSON.stringify(weights.provenance, null, 2)}\n`);
}

await main();
