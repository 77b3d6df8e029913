/** One rules planner per test file over the committed catalog, warmed (encoder and vectors loaded) before the file's tests. */
import { beforeAll } from "vitest";
import type { Catalog } from "../../src/catalog/types.js";
import { RulesPlanner } from "../../src/planner/rules/index.js";

export function warmedRulesPlanner(catalog: Catalog): RulesPlanner {
  const planner = new RulesPlanner(catalog);
  beforeAll(() => planner.warmUp(), 120_000);
  return planner;
}
