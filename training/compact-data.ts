/**
 * Training data in the compact task format (src/planner/model/compact.ts):
 *
 *   npx tsx training/compact-data.ts --out DIR [--seed 7] [--train-per-family 40] [--augment 3]
 *
 * Sources: the dataset generator's train families (its valid families become valid.jsonl) and every
 * corpus train split (`evals/cases/corpus/train*.jsonl`, by glob; never dev or test), their HTTP
 * expectation read back into a call by the request checker. Each request is compacted (values →
 * placeholders), then augmented (src/dataset/augment.ts) with WordNet synonyms for its general words
 * (training/wordnet-synonyms.ts; `--no-synonyms` leaves them out). Every
 * example whose normalised prompt equals a corpus dev or test request's is dropped (`overlapGuard`
 * reads those files only to build that set, and reports only a count).
 * Writes DIR/train.jsonl, DIR/valid.jsonl ({id, source, prompt, completion} in the ChatML wrapping
 * training/tokenize.ts reads), DIR/symbols.txt (catalog names kept whole by the vocabulary) and
 * DIR/stats.json (counts and a sha256 of the training file).
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadCatalog } from "../src/catalog/load.js";
import type { Catalog } from "../src/catalog/types.js";
import { RequestChecker } from "../src/check/index.js";
import { prepareCall } from "../src/graph/compile.js";
import { ArgumentError } from "../src/graph/types.js";
import { ArgValidator } from "../src/graph/validate.js";
import { augment } from "../src/dataset/augment.js";
import { generateDataset } from "../src/dataset/generate.js";
import { Rng } from "../src/dataset/random.js";
import { COMPACT_PROMPT_HEAD, COMPACT_PROMPT_TAIL, compactRequest, encodePlan, MAX_PER_KIND, PLACEHOLDER_KINDS, COMPACT_DECLINE } from "../src/planner/model/compact.js";
import { TOOL_CALL_OPEN, plannerFields, usableEnumValues } from "../src/planner/prompt.js";
import { protectedWords, wordnetSynonyms } from "./wordnet-synonyms.js";
import type { PlanResult } from "../src/planner/types.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CORPUS = join(repoRoot, "evals/cases/corpus");

/** The ChatML wrapping: no system text and no "Now:" line (times are placeholders); the completion ends at end-of-sequence. */
export const compactPrompt = (text: string) => `${COMPACT_PROMPT_HEAD}${text}${COMPACT_PROMPT_TAIL.slice(0, -TOOL_CALL_OPEN.length)}`;
export const compactCompletion = (plan: string) => `${TOOL_CALL_OPEN}${plan}`;

export interface CorpusCase {
  id: string;
  request: string;
  now: string;
  expect: { method: string; path: string; query?: Record<string, unknown>; body?: unknown; body_match?: unknown; any?: unknown } | null;
}

/** Normalised text for the overlap check: case, punctuation and spacing blind. */
export function overlapKey(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}<>]+/gu, " ").trim();
}

/**
 * The set of overlap keys of the given case files' requests (compacted the same way as training
 * prompts, and raw). It is only ever used for membership; nothing from it is printed or written.
 */
export function overlapGuard(files: readonly string[]): (prompt: string) => boolean {
  const keys = new Set<string>();
  for (const file of files) {
    for (const line of readFileSync(file, "utf8").split("\n")) {
      if (!line.trim()) continue;
      const c = JSON.parse(line) as CorpusCase;
      keys.add(overlapKey(c.request));
      keys.add(overlapKey(compactRequest(c.request, new Date(c.now)).text));
    }
  }
  return (prompt) => keys.has(overlapKey(prompt));
}

/** A corpus case's expectation → the call it means (through the request checker), or null. */
export function corpusPlan(checker: { catalog: Catalog; check: RequestChecker["check"] }, validator: ArgValidator, c: CorpusCase): PlanResult | null {
  if (c.expect === null) return { decision: "decline", reason: "out of scope" };
  // A case that accepts several readings: the first one the checker reads is the training target.
  if (Array.isArray(c.expect.any)) {
    for (const alternative of c.expect.any as CorpusCase["expect"][]) {
      const plan = corpusPlan(checker, validator, { ...c, expect: alternative });
      if (plan) return plan;
    }
    return null;
  }
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(c.expect.query ?? {})) params.set(k, String(v));
  const qs = params.toString();
  // Matched (free-text) body members stand in as "x": the format leaves them open anyway.
  const matched = Object.keys((c.expect.body_match ?? {}) as Record<string, unknown>);
  const bodies = c.expect.body !== undefined || matched.length === 0
    ? [c.expect.body]
    : [Object.fromEntries(matched.map((k) => [k, k === "query" ? "DeviceEvents | take 1" : "x"]))];
  for (const [version, body] of ["v1.0", "beta"].flatMap((v) => bodies.map((b) => [v, b] as const))) {
    const r = checker.check({ method: c.expect.method, url: `https://graph.microsoft.com/${version}${c.expect.path}${qs ? `?${qs}` : ""}`, body });
    if (r.record.verdict === "ok" && r.record.operation && r.record.arguments) {
      const where = filterAsWhere(r.record.arguments);
      // The structured form must compile to the same request; otherwise the raw filter stays (open).
      try {
        const again = prepareCall(checker.catalog, validator, r.record.operation, where, { now: new Date(c.now) });
        if (again.request.url === r.record.request?.url) return { decision: "call", operation: r.record.operation, arguments: where };
      } catch (e) {
        if (!(e instanceof ArgumentError)) throw e;
      }
      return { decision: "call", operation: r.record.operation, arguments: r.record.arguments };
    }
  }
  return null;
}

/**
 * A raw OData `filter` of simple conjunctions (`a eq 'x' and b ge 2026-…`, `startswith(a,'x')`) → the
 * planner's structured `where`; anything else (or, any(), not) is left as `filter` (open in the format).
 */
export function filterAsWhere(args: Record<string, unknown>): Record<string, unknown> {
  const filter = args.filter;
  if (typeof filter !== "string") return args;
  const terms = filter.split(/ and (?=(?:[^']*'[^']*')*[^']*$)/);
  const where: { field: string; op: string; value: unknown }[] = [];
  for (const term of terms) {
    const cmp = /^([A-Za-z][\w/]*) (eq|ne|gt|ge|lt|le) (.+)$/.exec(term.trim());
    const fn = /^(startswith|endswith|contains)\(([A-Za-z][\w/]*), ?'((?:[^']|'')*)'\)$/.exec(term.trim());
    if (cmp) {
      const raw = cmp[3]!;
      const value = /^'(?:[^']|'')*'$/.test(raw) ? raw.slice(1, -1).replace(/''/g, "'") : raw === "true" || raw === "false" ? raw === "true" : /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
      if (typeof value === "string" && /[()]/.test(value) && !/^'/.test(raw)) return args;
      where.push({ field: cmp[1]!, op: cmp[2]!, value });
    } else if (fn) {
      where.push({ field: fn[2]!, op: fn[1]!, value: fn[3]!.replace(/''/g, "'") });
    } else {
      return args;
    }
  }
  const { filter: _f, ...rest } = args;
  return { ...rest, where };
}

function readCases(file: string): CorpusCase[] {
  return readFileSync(file, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as CorpusCase);
}

/** The corpus' train splits: every `train*.jsonl` in the corpus folder (dev.jsonl / test.jsonl never match). */
export function corpusTrainFiles(dir: string = CORPUS): string[] {
  return readdirSync(dir).filter((f) => /^train[\w-]*\.jsonl$/.test(f)).sort().map((f) => join(dir, f));
}

/** Catalog names the vocabulary keeps as whole pieces: operations, planner fields, enum values, placeholders. */
export function catalogSymbols(catalog: Catalog): string[] {
  const out = new Set<string>([COMPACT_DECLINE, "where", "orderby", "select", "top"]);
  for (const op of catalog.operations) out.add(op.name);
  for (const entity of Object.values(catalog.entities)) {
    for (const [name, spec] of plannerFields(entity)) {
      out.add(name);
      for (const v of usableEnumValues(spec)) out.add(v);
    }
  }
  for (const kind of PLACEHOLDER_KINDS) for (let i = 1; i <= MAX_PER_KIND; i++) out.add(`<${kind}${i}>`);
  return [...out].filter((s) => s.length > 1 && !/\s/.test(s)).sort();
}

interface Row { id: string; source: string; prompt: string; completion: string }

function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/**
 * `--eval-cases CASES.jsonl --out ROWS.jsonl`: one row per case with the compact prompt and the
 * expected completion (`operation` null where the checker cannot read the expectation), for scoring.
 */
function writeEvalCases(file: string, outFile: string): number {
  const catalog = loadCatalog();
  const validator = new ArgValidator(catalog);
  const requestChecker = new RequestChecker(catalog, { validator });
  const checker = { catalog, check: (p: Parameters<RequestChecker["check"]>[0]) => requestChecker.check(p) };
  const rows = readCases(file).map((c) => {
    const now = new Date(c.now);
    const req = compactRequest(c.request, now);
    const plan = corpusPlan(checker, validator, c);
    const completion = plan ? encodePlan(plan, req, now) : COMPACT_DECLINE;
    return { id: c.id, prompt: compactPrompt(req.text), completion: compactCompletion(completion), operation: plan ? (plan.decision === "call" ? plan.operation : COMPACT_DECLINE) : null };
  });
  mkdirSync(dirname(resolve(outFile)), { recursive: true });
  writeAtomic(resolve(outFile), rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
  process.stderr.write(`${rows.length} cases (${rows.filter((r) => r.operation === null).length} unreadable) → ${outFile}\n`);
  return 0;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      out: { type: "string" },
      seed: { type: "string", default: "7" },
      "train-per-family": { type: "string", default: "40" },
      augment: { type: "string", default: "3" },
      "eval-cases": { type: "string" },
      "no-synonyms": { type: "boolean", default: false },
    },
  });
  if (values["eval-cases"] && values.out) return writeEvalCases(values["eval-cases"], values.out);
  if (!values.out) {
    process.stderr.write("usage: tsx training/compact-data.ts --out DIR [--seed N] [--train-per-family N] [--augment N] [--no-synonyms]\n");
    return 2;
  }
  const seed = Number(values.seed);
  const perFamily = Number(values["train-per-family"]);
  const copies = Number(values.augment);
  if (![seed, perFamily, copies].every((n) => Number.isInteger(n) && n >= 0)) {
    process.stderr.write("--seed, --train-per-family and --augment must be whole numbers\n");
    return 2;
  }
  const catalog = loadCatalog();
  const validator = new ArgValidator(catalog);
  const requestChecker = new RequestChecker(catalog, { validator });
  const checker = { catalog, check: (p: Parameters<RequestChecker["check"]>[0]) => requestChecker.check(p) };
  const overlaps = overlapGuard([join(CORPUS, "dev.jsonl"), join(CORPUS, "test.jsonl")]);
  const rng = new Rng(seed).fork("compact-augment");
  const train: Row[] = [];
  const valid: Row[] = [];
  const seen = new Set<string>();
  let dropped = 0;
  let unreadCorpus = 0;
  const add = (rows: Row[], id: string, source: string, text: string, plan: string) => {
    const key = overlapKey(text);
    if (seen.has(key)) return;
    seen.add(key);
    if (overlaps(text)) {
      dropped++;
      return;
    }
    rows.push({ id, source, prompt: compactPrompt(text), completion: compactCompletion(plan) });
  };
  const withCopies = (rows: Row[], id: string, source: string, request: string, now: Date, plan: PlanResult, n: number) => {
    const req = compactRequest(request, now);
    const completion = encodePlan(plan, req, now);
    add(rows, id, source, req.text, completion);
    for (let i = 0; i < n; i++) add(rows, `${id}-a${i}`, `${source}+aug`, augment(req.text, rng, synonyms), completion);
  };

  const ds = generateDataset(catalog, { seed, trainPerFamily: perFamily, evalPerFamily: 5 });
  const trainFiles = corpusTrainFiles();
  const corpusCases = trainFiles.map((file) => ({ name: file.slice(file.lastIndexOf("/") + 1), cases: readCases(file) }));
  // Synonyms for the words of the training requests (compacted, as augment sees them).
  const synonyms = values["no-synonyms"] ? new Map<string, string[]>() : wordnetSynonyms(
    [...ds.examples.filter((e) => e.split === "train").map((e) => compactRequest(e.request, new Date(e.now)).text),
      ...corpusCases.flatMap(({ cases }) => cases.map((c) => compactRequest(c.request, new Date(c.now)).text))],
    protectedWords(catalog, catalogSymbols(catalog)));
  for (const ex of ds.examples) {
    if (ex.split === "test") continue;
    const plan: PlanResult = ex.call ? { decision: "call", ...ex.call } : { decision: "decline", reason: "out of scope" };
    if (ex.split === "valid") withCopies(valid, ex.id, "generator", ex.request, new Date(ex.now), plan, 0);
    else withCopies(train, ex.id, "generator", ex.request, new Date(ex.now), plan, copies);
  }
  for (const { name, cases } of corpusCases) {
    for (const c of cases) {
      const plan = corpusPlan(checker, validator, c);
      if (!plan) {
        unreadCorpus++;
        continue;
      }
      // Hand-written cases are few and varied: more augmented copies of each.
      withCopies(train, c.id, `corpus:${name}`, c.request, new Date(c.now), plan, copies * 4);
    }
  }
  const out = resolve(values.out);
  mkdirSync(out, { recursive: true });
  const jsonl = (rows: Row[]) => rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
  const trainText = jsonl(train);
  writeAtomic(join(out, "train.jsonl"), trainText);
  writeAtomic(join(out, "valid.jsonl"), jsonl(valid));
  writeAtomic(join(out, "symbols.txt"), catalogSymbols(catalog).join("\n") + "\n");
  const bySource: Record<string, number> = {};
  for (const r of train) bySource[r.source] = (bySource[r.source] ?? 0) + 1;
  const stats = {
    seed, trainPerFamily: perFamily, augment: copies, corpusTrainFiles: corpusCases.map((c) => c.name),
    synonymWords: synonyms.size, synonymsSha256: createHash("sha256").update(JSON.stringify([...synonyms])).digest("hex"),
    train: train.length, valid: valid.length, bySource,
    droppedOverlappingDevOrTest: dropped, corpusCasesNotReadable: unreadCorpus,
    trainSha256: createHash("sha256").update(trainText).digest("hex"),
  };
  writeAtomic(join(out, "stats.json"), JSON.stringify(stats, null, 2) + "\n");
  process.stderr.write(`${JSON.stringify(stats)}\n`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = await main();
