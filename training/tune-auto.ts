/**
 * Chooses `--planner auto`'s thresholds (src/planner/model/auto.ts) on case files, never on test:
 *
 *   npx tsx training/tune-auto.ts --model training/models/secgraph-compact-v1.gguf \
 *     --tune evals/cases/corpus/train-a.jsonl,evals/cases/corpus/train-b.jsonl \
 *     --check evals/cases/corpus/dev.jsonl,evals/cases/dev.jsonl [--out /tmp/model/tune.json]
 *
 * Plans every case once with the rules planner and once with the model, scores each call either
 * could end with (the rules' call, the model's call, the rules' alternatives) as `eval` scores it,
 * then replays `combine` over a grid of thresholds: the best full-call count on the --tune files
 * wins (ties: fewer model decisions, i.e. closer to rules). Prints rules-alone, model-alone and the
 * combination on every file.
 */
import { writeFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadCatalog } from "../src/catalog/load.js";
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
  file: string;
  id: string;
  /** The case expects a call (routing accuracy counts only these, as `eval` does). */
  inScope: boolean;
  rules: PlanResult;
  model: ModelView;
  /** Score of each final plan the combination can produce, by planKey. */
  scores: Record<string, Scored>;
}

const planKey = (p: PlanResult) => (p.decision === "decline" ? "decline" : `${p.operation} ${JSON.stringify(p.arguments)}`);
/** Only what `combine` reads: keeps the records small. */
const slim = (p: PlanResult): PlanResult => (p.decision === "decline" ? p : { decision: "call", operation: p.operation, arguments: p.arguments, ...(p.confidence === undefined ? {} : { confidence: p.confidence }), ...(p.alternatives ? { alternatives: p.alternatives } : {}) });

async function collect(files: readonly string[], model: string): Promise<CaseRecord[]> {
  const catalog = loadCatalog();
  const validator = new ArgValidator(catalog);
  const rules = createRulesPlanner(catalog);
  const planner = await createModelPlanner({ catalog, model, gpu: false, allowWrites: true });
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
        const m = await planner.planWithStats(c.request, { now });
        const finals: PlanResult[] = [r, m.result, ...(r.decision === "call" ? (r.alternatives ?? []).map((a) => ({ decision: "call" as const, ...a })) : [])];
        const scores: Record<string, Scored> = {};
        for (const plan of finals) scores[planKey(plan)] ??= score(c, now, plan);
        out.push({ file: basename(file), id: c.id, inScope: c.expect !== null, rules: slim(r), model: { result: slim(m.result), route: m.route, routeConfidence: m.routeConfidence }, scores });
      }
    }
  } finally {
    await planner.close();
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

function auto(thresholds: AutoThresholds, readOnly: (op: string) => boolean) {
  return (r: CaseRecord) => {
    const { result, decidedBy } = combine(r.rules, r.model, thresholds, readOnly);
    return { result, byModel: decidedBy !== "rules" };
  };
}

const GRID = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01];

function tune(records: readonly CaseRecord[], readOnly: (op: string) => boolean): AutoThresholds {
  let best = { thresholds: AUTO_THRESHOLDS, correct: -1, byModel: Infinity };
  for (const rulesSure of GRID) for (const modelOverride of GRID) for (const alternativeOverride of GRID) for (const modelRescue of GRID) {
    const thresholds = { rulesSure, modelOverride, alternativeOverride, modelRescue };
    const t = replay(records, auto(thresholds, readOnly));
    if (t.correct > best.correct || (t.correct === best.correct && t.byModel < best.byModel)) best = { thresholds, correct: t.correct, byModel: t.byModel };
  }
  return best.thresholds;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { model: { type: "string" }, tune: { type: "string" }, check: { type: "string", default: "" }, out: { type: "string" } } });
  if (!values.model || !values.tune) {
    process.stderr.write("usage: tsx training/tune-auto.ts --model M.gguf --tune A.jsonl,B.jsonl [--check C.jsonl] [--out FILE.json]\n");
    return 2;
  }
  const tuneFiles = values.tune.split(",").filter(Boolean);
  const checkFiles = (values.check ?? "").split(",").filter(Boolean);
  if ([...tuneFiles, ...checkFiles].some((f) => /corpus\/test\.jsonl$|holdout\.jsonl$/.test(f))) {
    process.stderr.write("tune-auto.ts: the sealed test and hold-out files are never used here\n");
    return 2;
  }
  const records = await collect([...tuneFiles, ...checkFiles], values.model);
  const readOnly = readOnlyOf();
  const tuneSet = new Set(tuneFiles.map((f) => basename(f)));
  const chosen = tune(records.filter((r) => tuneSet.has(r.file)), readOnly);
  const table: Record<string, Record<string, Tally>> = {};
  for (const file of [...new Set(records.map((r) => r.file))]) {
    const rows = records.filter((r) => r.file === file);
    table[file] = {
      rules: replay(rows, (r) => ({ result: r.rules, byModel: false })),
      model: replay(rows, (r) => ({ result: r.model.result, byModel: true })),
      auto: replay(rows, auto(chosen, readOnly)),
    };
  }
  const report = { model: basename(values.model), tunedOn: tuneFiles, thresholds: chosen, table };
  process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  if (values.out) writeFileSync(resolve(values.out), JSON.stringify({ ...report, records }) + "\n");
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = await main();
