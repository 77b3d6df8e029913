/**
 * `--planner auto`: the combination rule (pure, no model) and the planner factory. The rules keep what
 * they are sure of, the model decides only where they are unsure or decline, agreement raises the
 * confidence, and every decision names who made it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../../src/catalog/load.js";
import { createPlanner } from "../../../src/planner/index.js";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AUTO_THRESHOLDS, AutoPlanner, AutoThresholdsError, combine, thresholdsForModel, type ModelView } from "../../../src/planner/model/auto.js";
import { createAutoPlanner } from "../../../src/planner/model/index.js";
import { createRulesPlanner } from "../../../src/planner/rules/index.js";
import type { PlanResult } from "../../../src/planner/types.js";
import { TINY_GGUF_PATH, modelTestsSkipped } from "../../support/tiny-gguf.js";

const catalog = loadCatalog();
const readOnly = (op: string) => catalog.byName.get(op)?.readOnly === true;
const t = { rulesSure: 0.6, modelOverride: 0.5, alternativeOverride: 0.3, modelRescue: 0.9 };

const alerts = { operation: "alerts_list", arguments: { top: 5 } };
const incidents = { operation: "incidents_list", arguments: { top: 5 } };
const rulesCall = (confidence: number, alternatives = [incidents]): PlanResult => ({ decision: "call", ...alerts, confidence, alternatives });
const model = (route: string | null, p: number, args: Record<string, unknown> = {}): ModelView => ({
  route,
  routeConfidence: p,
  result: route === null ? { decision: "decline", reason: "the model declined" } : { decision: "call", operation: route, arguments: args },
});

describe("combine", () => {
  it("keeps a sure rules call whatever the model says", () => {
    const r = rulesCall(0.8);
    expect(combine(r, model("incidents_list", 0.99), t, readOnly)).toEqual({ result: r, decidedBy: "rules" });
  });

  it("raises the confidence where both choose the same operation, keeping the rules' arguments", () => {
    const out = combine(rulesCall(0.4), model("alerts_list", 0.5, { top: 1 }), t, readOnly);
    expect(out.decidedBy).toBe("rules+model");
    expect(out.result).toMatchObject({ ...alerts, confidence: 0.7 });
  });

  it("takes the rules' own alternative when an unsure rules call meets a model that chose it", () => {
    const out = combine(rulesCall(0.4), model("incidents_list", 0.35), t, readOnly);
    expect(out.decidedBy).toBe("rules+model");
    expect(out.result).toMatchObject({ decision: "call", ...incidents, confidence: 0.35, alternatives: [alerts] });
  });

  it("takes the model's own call over an unsure rules call only when the model is sure enough", () => {
    const sure = combine(rulesCall(0.4, []), model("secure_scores_list", 0.7, { top: 2 }), t, readOnly);
    expect(sure.decidedBy).toBe("model");
    expect(sure.result).toMatchObject({ operation: "secure_scores_list", arguments: { top: 2 }, confidence: 0.7, alternatives: [alerts] });
    expect(combine(rulesCall(0.4, []), model("secure_scores_list", 0.45), t, readOnly).decidedBy).toBe("rules");
  });

  it("never lets the model turn a request into a write", () => {
    expect(combine(rulesCall(0.1), model("alerts_update", 0.99, { alertId: "1" }), t, readOnly).decidedBy).toBe("rules");
    const declined: PlanResult = { decision: "decline", reason: "no operation fits" };
    expect(combine(declined, model("alerts_update", 0.99, { alertId: "1" }), t, readOnly).result).toBe(declined);
  });

  it("makes a call the rules declined only above the rescue threshold", () => {
    const declined: PlanResult = { decision: "decline", reason: "no operation fits" };
    expect(combine(declined, model("alerts_list", 0.95), t, readOnly)).toMatchObject({ decidedBy: "model", result: { operation: "alerts_list", confidence: 0.95 } });
    expect(combine(declined, model("alerts_list", 0.85), t, readOnly)).toEqual({ result: declined, decidedBy: "rules" });
  });
});

describe("createPlanner auto", () => {
  it("is exactly the rules planner without a model", async () => {
    const planner = await createPlanner({ planner: "auto" });
    expect(planner.name).toBe("rules");
  });
});

describe.skipIf(modelTestsSkipped())("AutoPlanner on the tiny random GGUF", () => {
  let planner: AutoPlanner;
  beforeAll(async () => {
    planner = await createAutoPlanner(createRulesPlanner(catalog), { catalog, model: TINY_GGUF_PATH, gpu: false, sequences: 1 });
  });
  afterAll(async () => {
    await planner?.close();
  });

  it("is named rules+model:<file>, and each plan names the planner that decided it", async () => {
    const file = TINY_GGUF_PATH.split("/").pop();
    expect(planner.name).toBe(`rules+model:${file}`);
    const now = new Date("2026-11-21T12:00:00Z");
    for (const text of ["high severity alerts from the last 24 hours", "what's the weather in Paris", "incidents assigned to bob@contoso.com"]) {
      const result = await planner.plan(text, { now });
      expect(["rules", `model:${file}`, `rules+model:${file}`], text).toContain(result.decidedBy);
      if (result.decision === "call") expect(result.compiled, text).toBeDefined();
    }
  }, 60_000);
});

describe("a model's own thresholds (MODEL.gguf.auto.json)", () => {
  const dir = mkdtempSync(join(tmpdir(), "auto-thresholds-"));
  const model = join(dir, "m.gguf");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("uses the shipped thresholds when the model has no file beside it", () => {
    expect(thresholdsForModel(join(dir, "none.gguf"))).toEqual(AUTO_THRESHOLDS);
  });

  it("reads the four thresholds from the file beside the model", () => {
    const chosen = { rulesSure: 0.7, modelOverride: 0.7, alternativeOverride: 0.7, modelRescue: 1.01 };
    writeFileSync(`${model}.auto.json`, JSON.stringify({ thresholds: chosen, tunedOn: ["train-a"] }));
    expect(thresholdsForModel(model)).toEqual(chosen);
  });

  it.each([
    ["not JSON", "{thresholds:", /not readable JSON/],
    ["a threshold missing", JSON.stringify({ thresholds: { rulesSure: 0.5, modelOverride: 0.5, alternativeOverride: 0.5 } }), /thresholds\.modelRescue/],
    ["a threshold out of range", JSON.stringify({ thresholds: { rulesSure: 2, modelOverride: 0.5, alternativeOverride: 0.5, modelRescue: 0.5 } }), /thresholds\.rulesSure/],
    ["an unknown threshold", JSON.stringify({ thresholds: { ...AUTO_THRESHOLDS, rulesSur: 0.1 } }), /rulesSur/],
  ])("refuses a file with %s, naming the file", (_label, content, message) => {
    writeFileSync(`${model}.auto.json`, content);
    expect(() => thresholdsForModel(model)).toThrow(AutoThresholdsError);
    expect(() => thresholdsForModel(model)).toThrow(message);
    expect(() => thresholdsForModel(model)).toThrow(`${model}.auto.json`);
  });
});
