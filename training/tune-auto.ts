/**
 * Chooses `--planner auto`'s thresholds (src/planner/model/auto.ts) on case files, never on test:
 *
 *   npx tsx training/tune-auto.ts --model training/models/secgraph-compact-v1.gguf[,OTHER.gguf] \
 *     --tune evals/cases/corpus/train-a.jsonl,evals/cases/corpus/train-b.jsonl \
 *     --check evals/cases/corpus/dev.jsonl,evals/cases/dev.jsonl [--out /tmp/model/tune.json] [--write-thresholds]
 *   (--write-thresholds: each model's chosen thresholds go to MODEL.gguf.auto.json beside it, read by --planner auto)
 *
 * Plans every case once with the rules planner and once with each model, scores each call either
 * could end with (the rules' call, the model's call, the rules' alternatives) as `eval` scores it,
 * then replays `combine` over a grid of thresholds: the best full-call count on the --tune files
 * wins (ties: fewer model decisions, i.e. closer to rules). Prints rules-alone, model-alone and the
 * combination on every file.
 */
import { basename, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadCatalog } from "../src/catalog/load.js";
import { writeFileAtomically } from "../src/commands/io.js";
import { loadCases, type EvalCase } from "../src/eval/cases.js";
import { scoreCase } from "../src/eval/score.js";
import { prepareCall } from "../src/graph/compile.js";
import { ArgumentError } from "../src/graph/types.js";
import { ArgValidator } from "../src/graph/validate.js";
import { AUTO_THRESHOLDS, combine, type AutoThresholds, type ModelView } from "../src/planner/model/auto.js";
import { createModelPlanner } from "../src/planner/model/index.js";
import { createRulesPlanner } from "../src/planner/rules/index.js";
import type { PlanResult } from "../src/planner/types.js";

interface Scored { correct: boolean; routeCorrect: boolean }
interface CaseRecord {
  /** The case file as given on the command line. */
  file: string;
  id: string;
  /** The case expects a call (routing accuracy counts only these, as `eval` does). */
  inScope: boolean;
  rules: PlanResult;
  /** Per model file name. */
  models: Record<string, ModelView>;
  /** Score of each final plan the combination can produce, by planKey. */
  scores: Record<string, Scored>;
}

const planKey = (p: PlanResult) => (p.decision === "decline" ? "decline" : `${p.operation} ${JSON.stringify(p.arguments)}`);
/** Only what `combine` reads: keeps the records small. */
const slim = (p: PlanResult): PlanResult => (p.decision === "decline" ? p : { decision: "call", operation: p.operation, arguments: p.arguments, ...(p.confidence === undefined ? {} : { confidence: p.confidence }), ...(p.alternatives ? { alternatives: p.alternatives } : {}) });

async function collect(files: readonly string[], models: readonly string[]): Promise<CaseRecord[]> {
  const catalog = loadCatalog();
  const validator = new ArgValidator(catalog);
  const rules = createRulesPlanner(catalog);
  const planners = await Promise.all(models.map((model) => createModelPlanner({ catalog, model, gpu: false, allowWrites: true })));
  const score = (c: EvalCase, now: Date, plan: PlanResult): Scored => {
    if (plan.decision === "decline") return scoreCase(c.expect, null);
    try {
      return scoreCase(c.expect, prepareCall(catalog, validator, plan.operation, plan.arguments, { now }).request);
    } catch (e) {
      if (!(e instanceof ArgumentError)) throw e;
      return { correct: false, routeCorrect: false };
    }
  };
  const out: CaseRecord[] = [];
  try {
    for (const file of files) {
      for (const c of await loadCases(file)) {
        const now = c.now ? new Date(c.now) : new Date();
        const r = await rules.plan(c.request, { now });
        const views: Record<string, ModelView> = {};
        const finals: PlanResult[] = [r, ...(r.decision === "call" ? (r.alternatives ?? []).map((a) => ({ decision: "call" as const, ...a })) : [])];
        for (const [i, planner] of planners.entries()) {
          const m = await planner.planWithStats(c.request, { now });
          views[basename(models[i]!)] = { result: slim(m.result), route: m.route, routeConfidence: m.routeConfidence };
          finals.push(m.result);
        }
        const scores: Record<string, Scored> = {};
        for (const plan of finals) scores[planKey(plan)] ??= score(c, now, plan);
        out.push({ file, id: c.id, inScope: c.expect !== null, rules: slim(r), models: views, scores });
      }
    }
  } finally {
    await Promise.all(planners.map((p) => p.close()));
  }
  return out;
}

interface Tally { cases: number; correct: number; routed: number; inScope: number; byModel: number }

function replay(records: readonly CaseRecord[], pick: (r: CaseRecord) => { result: PlanResult; byModel: boolean }): Tally {
  const t: Tally = { cases: 0, correct: 0, routed: 0, inScope: 0, byModel: 0 };
  for (const r of records) {
    const { result, byModel } = pick(r);
    const s = r.scores[planKey(result)] ?? { correct: false, routeCorrect: false };
    t.cases++;
    t.correct += Number(s.correct);
    t.inScope += Number(r.inScope);
    t.routed += Number(r.inScope && s.routeCorrect);
    t.byModel += Number(byModel);
  }
  return t;
}

const readOnlyOf = () => {
  const catalog = loadCatalog();
  return (op: string) => catalog.byName.get(op)?.readOnly === true;
};

function auto(model: string, thresholds: AutoThresholds, readOnly: (op: string) => boolean) {
  return (r: CaseRecord) => {
    const { result, decidedBy } = combine(r.rules, r.models[model]!, thresholds, readOnly);
    return { result, byModel: decidedBy !== "rules" };
  };
}

const GRID = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01];

function tune(records: readonly CaseRecord[], model: string, readOnly: (op: string) => boolean): AutoThresholds {
  let best = { thresholds: AUTO_THRESHOLDS, correct: -1, byModel: Infinity };
  for (const rulesSure of GRID) for (const modelOverride of GRID) for (const alternativeOverride of GRID) for (const modelRescue of GRID) {
    const thresholds = { rulesSure, modelOverride, alternativeOverride, modelRescue };
    const t = replay(records, auto(model, thresholds, readOnly));
    if (t.correct > best.correct || (t.correct === best.correct && t.byModel < best.byModel)) best = { thresholds, correct: t.correct, byModel: t.byModel };
  }
  return best.thresholds;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { model: { type: "string" }, tune: { type: "string" }, check: { type: "string", default: "" }, out: { type: "string" }, "write-thresholds": { type: "boolean", default: false } } });
  if (!values.model || !values.tune) {
    process.stderr.write("usage: tsx training/tune-auto.ts --model M.gguf --tune A.jsonl,B.jsonl [--check C.jsonl] [--out FILE.json] [--write-thresholds]\n");
    return 2;
  }
  const tuneFiles = values.tune.split(",").filter(Boolean);
  const checkFiles = (values.check ?? "").split(",").filter(Boolean);
  if ([...tuneFiles, ...checkFiles].some((f) => /corpus\/test\.jsonl$|holdout\.jsonl$/.test(f))) {
    process.stderr.write("tune-auto.ts: the sealed test and hold-out files are never used here\n");
    return 2;
  }
  const models = values.model.split(",").filter(Boolean);
  const records = await collect([...tuneFiles, ...checkFiles], models);
  const readOnly = readOnlyOf();
  const tuneSet = new Set(tuneFiles);
  const report: Record<string, unknown> = { tunedOn: tuneFiles };
  const files = [...new Set(records.map((r) => r.file))];
  report.rules = Object.fromEntries(files.map((f) => [f, replay(records.filter((r) => r.file === f), (r) => ({ result: r.rules, byModel: false }))]));
  for (const model of models.map((m) => basename(m))) {
    const thresholds = tune(records.filter((r) => tuneSet.has(r.file)), model, readOnly);
    const table: Record<string, Record<string, Tally>> = {};
    for (const file of files) {
      const rows = records.filter((r) => r.file === file);
      table[file] = {
        model: replay(rows, (r) => ({ result: r.models[model]!.result, byModel: true })),
        auto: replay(rows, auto(model, thresholds, readOnly)),
      };
    }
    report[model] = { thresholds, table };
    // --write-thresholds: MODEL.gguf.auto.json beside the model, which `--planner auto --model MODEL.gguf` reads.
    if (values["write-thresholds"]) {
      const path = models.find((m) => basename(m) === model)!;
      const file = `${path}.auto.json`;
      writeFileAtomically(file, JSON.stringify({ thresholds, tunedOn: tuneFiles, table, command: `tsx training/tune-auto.ts ${process.argv.slice(2).join(" ")}` }, null, 2) + "\n");
      process.stderr.write(`tune-auto.ts: wrote ${file}\n`);
    }
  }
  process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  if (values.out) writeFileAtomically(resolve(values.out), JSON.stringify({ ...report, records }) + "\n");
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = await main();
