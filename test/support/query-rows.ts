/**
 * Table tests of compiled queries: one rules planner and validator per test file over the committed
 * catalog; `query` is the decoded "path?query" the planner's call compiles to (host and version
 * stripped), `call` the whole compiled request (method, decoded url, body), `plan` the planner's
 * own answer (for declines), `rows` one test per [request, expected query] pair.
 */
import { beforeAll, expect, it } from "vitest";
import { loadCatalog } from "../../src/catalog/load.js";
import type { Catalog } from "../../src/catalog/types.js";
import { prepareCall } from "../../src/graph/compile.js";
import { ArgValidator } from "../../src/graph/validate.js";
import { RulesPlanner } from "../../src/planner/rules/index.js";
import type { PlanResult } from "../../src/planner/types.js";

export interface CompiledCall {
  method: string;
  url: string;
  body: Record<string, unknown> | undefined;
}

export function queryRows(now: Date): {
  query: (text: string) => Promise<string>;
  call: (text: string) => Promise<CompiledCall>;
  plan: (text: string) => Promise<PlanResult>;
  rows: (list: [string, string][]) => void;
} {
  let catalog: Catalog;
  let planner: RulesPlanner;
  let validator: ArgValidator;
  beforeAll(() => {
    catalog = loadCatalog();
    planner = new RulesPlanner(catalog);
    validator = new ArgValidator(catalog);
  });
  async function call(text: string): Promise<CompiledCall> {
    const result = await planner.plan(text, { now });
    if (result.decision !== "call") throw new Error(`expected a call for "${text}", got a decline: ${result.reason}`);
    const { request } = prepareCall(catalog, validator, result.operation, result.arguments, { now });
    return { method: request.method, url: decodeURIComponent(request.url), body: request.body as Record<string, unknown> | undefined };
  }
  async function query(text: string): Promise<string> {
    return (await call(text)).url.replace(/^https:\/\/graph\.microsoft\.com\/(?:v1\.0|beta)/, "");
  }
  function rows(list: [string, string][]): void {
    it.each(list)("%s", async (text, expected) => {
      expect(await query(text)).toBe(expected);
    });
  }
  return { query, call, plan: (text) => planner.plan(text, { now }), rows };
}
