/** One rules planner per test file over the committed catalog, warmed (encoder and vectors loaded) before the file's tests. */
import { beforeAll } from "vitest";
import type { Catalog } from "../../src/catalog/types.js";
import { RulesPlanner } from "../../src/planner/rules/index.js";

export function warmedRulesPlanner(catalog: Catalog): RulesPlanner {
  const planner = new RulesPlanner(catalog);
  beforeAll(() => planner.warmUp(), 120_000);
  return planner;
}

/** The planner's call for `text` as "path?query" (version prefix dropped, decoded), or "declined: reason". */
export async function plannedCall(planner: RulesPlanner, text: string, now: Date): Promise<string> {
  const r = await planner.plan(text, { now });
  if (r.decision !== "call") return `declined: ${r.reason}`;
  const url = new URL(r.compiled!.request.url);
  return decodeURIComponent(`${url.pathname.replace(/^\/(?:v1\.0|beta)/, "")}${url.search}`);
}
