/**
 * The planner factory: settings → a Planner.
 * - "rules": the deterministic rules planner (no model).
 * - "model": the local compact-format model planner (node-llama-cpp) with `model` (and optional `lora`).
 * - "auto": the rules planner combined with the model (src/planner/model/auto.ts) when `model` is
 *   given, else with the bundled model when the package ships one (training/models/bundled.json
 *   names its file), else exactly the rules planner.
 * Plans are proposals: write operations are planned like reads; confirming them is the server's job.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadCatalog } from "../catalog/load.js";
import type { Catalog } from "../catalog/types.js";
import type { Settings } from "../config.js";
import { silentLogger, type Logger } from "../log.js";
import { createRulesPlanner } from "./rules/index.js";
import type { Planner } from "./types.js";

export type PlannerSettings = Pick<Settings, "planner"> &
  Partial<Pick<Settings, "model" | "lora" | "toolsDir" | "plannerUrl" | "plannerModel" | "plannerApiKey" | "plannerTimeoutMs">>;

export class PlannerError extends Error {
  override name = "PlannerError";
}

/** training/models/ in the package (from src/planner under tsx and from dist/planner). */
export function bundledModelsDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "training", "models");
}

/**
 * The bundled model's path, or undefined when the package ships none. The manifest is
 * `{"file": "<name>.gguf", ...}`; a manifest naming a missing file counts as no model.
 */
export function findBundledModel(dir: string = bundledModelsDir()): string | undefined {
  const manifestPath = join(dir, "bundled.json");
  if (!existsSync(manifestPath)) return undefined;
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  } catch (e) {
    throw new PlannerError(`${manifestPath} is not valid JSON: ${(e as Error).message}`);
  }
  const file = (manifest as { file?: unknown } | null)?.file;
  if (typeof file !== "string" || !file.endsWith(".gguf")) {
    throw new PlannerError(`${manifestPath} must name the model as {"file": "<name>.gguf"}`);
  }
  const path = isAbsolute(file) ? file : join(dir, file);
  return existsSync(path) ? path : undefined;
}

interface ModelPlannerModule {
  createModelPlanner(options: { model: string; lora?: string; catalog: Catalog; allowWrites?: boolean }, logger?: Logger): Promise<Planner>;
  createAutoPlanner(rules: Planner, options: { model: string; lora?: string; catalog: Catalog }, logger?: Logger): Promise<Planner>;
}

/** The model planner is loaded only when asked for: node-llama-cpp is heavy and rules need none of it. */
async function loadModelPlannerModule(): Promise<ModelPlannerModule> {
  // A computed specifier keeps this module building while the model planner is optional.
  const specifier = "./model/index.js";
  try {
    return (await import(specifier)) as ModelPlannerModule;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "ERR_MODULE_NOT_FOUND" && String(err.message).includes("model")) {
      throw new PlannerError("the model planner is not available in this build; use --planner rules");
    }
    throw e;
  }
}

export async function createPlanner(settings: PlannerSettings, logger: Logger = silentLogger): Promise<Planner> {
  const catalog = loadCatalog(settings.toolsDir);
  let model: string | undefined;
  switch (settings.planner) {
    case "rules":
      return createRulesPlanner(catalog);
    case "openai":
      return (await import("./openai/settings.js")).openAIPlannerFromSettings(settings, catalog, logger);
    case "model":
      model = settings.model ?? findBundledModel();
      if (!model) throw new PlannerError("--planner model needs --model PATH|hf:URI (or SECGRAPH_MODEL); no bundled model is installed");
      break;
    case "auto":
      model = settings.model ?? findBundledModel();
      if (!model) {
        logger.debug("planner auto: no model given or bundled; using rules");
        return createRulesPlanner(catalog);
      }
      break;
  }
  const module = await loadModelPlannerModule();
  logger.info("loading model planner", { model: model.startsWith("hf:") ? model : model.split(/[\\/]/).pop(), planner: settings.planner });
  if (settings.planner === "auto") return module.createAutoPlanner(createRulesPlanner(catalog), { model, lora: settings.lora, catalog }, logger);
  return module.createModelPlanner({ model, lora: settings.lora, catalog, allowWrites: true }, logger);
}
