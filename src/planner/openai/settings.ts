/** Settings → the OpenAI-compatible planner, with one sentence for each thing missing. */
import type { Catalog } from "../../catalog/types.js";
import type { Logger } from "../../log.js";
import { PlannerError, type PlannerSettings } from "../index.js";
import { OpenAIPlanner, OpenAIPlannerError } from "./index.js";

export function openAIPlannerFromSettings(settings: PlannerSettings, catalog: Catalog, logger: Logger): OpenAIPlanner {
  if (!settings.plannerUrl) throw new PlannerError("--planner openai needs --planner-url URL (or SECGRAPH_PLANNER_URL), e.g. http://gpu-1:8000/v1");
  if (!settings.plannerModel) throw new PlannerError("--planner openai needs --planner-model NAME (or SECGRAPH_PLANNER_MODEL): the model or LoRA name the server serves");
  const url = new URL(settings.plannerUrl);
  if (settings.plannerApiKey && url.protocol === "http:" && !["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)) {
    logger.warn("SECGRAPH_PLANNER_API_KEY is sent over plain http; use https for a planner server on another machine");
  }
  try {
    return new OpenAIPlanner(
      { catalog, url: settings.plannerUrl, model: settings.plannerModel, apiKey: settings.plannerApiKey, timeoutMs: settings.plannerTimeoutMs, allowWrites: true },
      logger,
    );
  } catch (e) {
    throw e instanceof OpenAIPlannerError ? new PlannerError(e.message) : e;
  }
}
