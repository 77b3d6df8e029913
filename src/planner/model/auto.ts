/**
 * `--planner auto` with a model: the rules planner plans first; a call it is sure of stands (the
 * model is not run). Otherwise the compact model plans too and `combine` decides: the model decides
 * only where the rules are unsure (their `confidence`) or decline, and only when it is itself sure
 * enough; where both choose the same operation the rules' call stands with a raised confidence. When the model
 * picks an operation the rules offered as an alternative, the rules' arguments for it are used
 * (they fill values and free text the model leaves open). Thresholds were chosen on the corpus'
 * train-a / train-b splits (training/tune-auto.ts), checked on dev.
 */
import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import type { Catalog } from "../../catalog/types.js";
import { prepareCall } from "../../graph/compile.js";
import { ArgumentError } from "../../graph/types.js";
import { ArgValidator } from "../../graph/validate.js";
import type { PlanContext, PlanResult, Planner } from "../types.js";
import type { ModelPlanner, PlanRun } from "./index.js";

export interface AutoThresholds {
  /** At or above this rules confidence the rules' call stands whatever the model says. */
  rulesSure: number;
  /** Model route confidence needed to replace an unsure rules call by the model's own call. */
  modelOverride: number;
  /** The same when the model's operation is one of the rules' alternatives (the rules' arguments are used). */
  alternativeOverride: number;
  /** Model route confidence needed to make a call where the rules declined. */
  modelRescue: number;
}

/** Chosen on train-a + train-b (see training/README.md, "The compact planner at run time"). */
export const AUTO_THRESHOLDS: AutoThresholds = { rulesSure: 0.4, modelOverride: 0.3, alternativeOverride: 0, modelRescue: 0.7 };

const threshold = z.number().min(0).max(1.01);
const SidecarSchema = z.object({
  thresholds: z.object({ rulesSure: threshold, modelOverride: threshold, alternativeOverride: threshold, modelRescue: threshold }).strict(),
});

/** A model's thresholds file is wrong: the message names the file and the field. */
export class AutoThresholdsError extends Error {
  override name = "AutoThresholdsError";
}

/**
 * The thresholds chosen for one model file: `MODEL.gguf.auto.json` beside it (written from
 * `training/tune-auto.ts --write-thresholds`, see training/README.md) when present, else AUTO_THRESHOLDS.
 * `modelRescue` above 1 means the model never turns a rules decline into a call.
 */
export function thresholdsForModel(modelPath: string): AutoThresholds {
  const file = `${modelPath}.auto.json`;
  if (!existsSync(file)) return AUTO_THRESHOLDS;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new AutoThresholdsError(`${file}: not readable JSON (${(e as Error).message})`);
  }
  const parsed = SidecarSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AutoThresholdsError(`${file}: ${issue.path.join(".") || "(top level)"}: ${issue.message}`);
  }
  return parsed.data.thresholds;
}

/** Which planner's proposal the combination took. */
export type Decider = "rules" | "model" | "rules+model";

export interface Combined {
  result: PlanResult;
  decidedBy: Decider;
}

/** What `combine` needs of the model's run. */
export type ModelView = Pick<PlanRun, "result" | "route" | "routeConfidence">;

const clamp = (p: number) => Math.round(Math.min(1, Math.max(0, p)) * 1000) / 1000;

/**
 * The decision, as a pure function of both proposals (the tuning script replays it). `readOnly`
 * says whether an operation only reads: the model never turns a request into a write on its own.
 */
export function combine(rules: PlanResult, model: ModelView, thresholds: AutoThresholds, readOnly: (operation: string) => boolean): Combined {
  const modelCall = model.result.decision === "call" ? model.result : undefined;
  const p = model.routeConfidence;
  if (rules.decision === "decline") {
    if (modelCall && readOnly(modelCall.operation) && p >= thresholds.modelRescue) return { result: { ...modelCall, confidence: clamp(p) }, decidedBy: "model" };
    return { result: rules, decidedBy: "rules" };
  }
  const rc = typeof rules.confidence === "number" ? rules.confidence : 1;
  if (rc >= thresholds.rulesSure) return { result: rules, decidedBy: "rules" };
  if (model.route === rules.operation) {
    return { result: { ...rules, confidence: clamp(1 - (1 - rc) * (1 - p)) }, decidedBy: "rules+model" };
  }
  if (model.route === null || !readOnly(model.route)) return { result: rules, decidedBy: "rules" };
  const alternative = rules.alternatives?.find((a) => a.operation === model.route);
  if (alternative && p >= thresholds.alternativeOverride) {
    const others = [{ operation: rules.operation, arguments: rules.arguments }, ...(rules.alternatives ?? []).filter((a) => a !== alternative)];
    return { result: { decision: "call", ...alternative, reason: "rules' alternative chosen by the model", confidence: clamp(p), alternatives: others.slice(0, 2) }, decidedBy: "rules+model" };
  }
  if (modelCall && p >= thresholds.modelOverride) {
    return { result: { ...modelCall, confidence: clamp(p), alternatives: [{ operation: rules.operation, arguments: rules.arguments }] }, decidedBy: "model" };
  }
  return { result: rules, decidedBy: "rules" };
}

export class AutoPlanner implements Planner {
  readonly name: string;
  private readonly validator: ArgValidator;

  constructor(
    private readonly rules: Planner,
    private readonly model: ModelPlanner,
    private readonly catalog: Catalog,
    private readonly thresholds: AutoThresholds = AUTO_THRESHOLDS,
  ) {
    this.name = `rules+${model.name}`;
    this.validator = new ArgValidator(catalog);
  }

  async plan(text: string, ctx: PlanContext): Promise<PlanResult> {
    const rules = await this.rules.plan(text, ctx);
    // A sure rules call stands whatever the model says (combine's first rule): the model is not run.
    if (rules.decision === "call" && (rules.confidence ?? 1) >= this.thresholds.rulesSure) return { ...rules, decidedBy: this.rules.name };
    const model = await this.model.planWithStats(text, ctx);
    const { result, decidedBy } = combine(rules, model, this.thresholds, (op) => this.catalog.byName.get(op)?.readOnly === true);
    const by = decidedBy === "rules" ? this.rules.name : decidedBy === "model" ? this.model.name : this.name;
    if (result.decision !== "call" || result.compiled) return { ...result, decidedBy: by };
    // A rules alternative is not compiled yet; one the compiler rejects leaves the rules' own call.
    try {
      const { request, warnings } = prepareCall(this.catalog, this.validator, result.operation, result.arguments, { now: ctx.now });
      return { ...result, compiled: { request, warnings }, decidedBy: by };
    } catch (e) {
      if (!(e instanceof ArgumentError)) throw e;
      return { ...rules, decidedBy: this.rules.name };
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.rules.close?.(), this.model.close()]);
  }
}
