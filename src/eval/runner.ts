/**
 * Runs a planner over eval cases: plan → validate + compile → score, one case at a time (planners
 * hold one model context), then summarises the results.
 */
import type { Catalog } from "../catalog/types.js";
import type { Planner } from "../planner/types.js";
import { alternativesOf, type EvalCase, type Expectation } from "./cases.js";
import { percentile, proportion, type Percentile, type Proportion } from "./metrics.js";
import { scoreCase, type ActualRequest, type ScoreOptions } from "./score.js";

/**
 * What happened to one case: the planner called (and the call compiled), declined, proposed a call
 * that failed validation or compilation, or threw.
 */
export type Outcome = "call" | "decline" | "invalid" | "error";

export interface CaseResult {
  id: string;
  tags: string[];
  text: string;
  expect: Expectation | null;
  outcome: Outcome;
  operation: string | null;
  arguments: Record<string, unknown> | null;
  request: ActualRequest | null;
  /** The planner's decline reason, or the validation / planner error message. */
  message: string | null;
  /** The proposed operation is not in the catalog. */
  inventedOperation: boolean;
  /** Argument names the operation's input schema does not have. */
  inventedParameters: string[];
  correct: boolean;
  routeCorrect: boolean;
  reasons: string[];
  latencyMs: number;
}

export interface RunMetrics {
  cases: number;
  /** Every rule holds, over all cases. */
  fullCallAccuracy: Proportion;
  /** Method and path right, over the cases that expect a request. */
  routingAccuracy: Proportion;
  /** Proposed calls that passed validation and compiled, over all proposed calls. */
  schemaValidity: Proportion;
  /** Proposed calls naming an operation the catalog lacks. */
  inventedOperations: number;
  /** Proposed calls with at least one argument the operation does not take. */
  inventedParameters: number;
  /** Declines that were right, over all declines. */
  declinePrecision: Proportion;
  /** Out-of-scope cases declined, over all out-of-scope cases. */
  declineRecall: Proportion;
  /** Planner errors (exceptions), counted apart from invalid calls. */
  plannerErrors: number;
  latencyMs: { p50: Percentile; p95: Percentile };
}

export interface EvalRun {
  planner: string;
  casesFile: string;
  metrics: RunMetrics;
  /** Full-call accuracy per tag. */
  perTag: Record<string, Proportion>;
  results: CaseResult[];
}

export interface RunDependencies {
  planner: Planner;
  catalog: Catalog;
  /** Validates and compiles a call; throws (an ArgumentError, usually) when it is not valid. */
  prepare: (operation: string, args: Record<string, unknown>, now: Date) => ActualRequest;
  /** Used for cases without `now`. */
  defaultNow: Date;
  /** Monotonic milliseconds (performance.now); injectable for tests. */
  clock?: () => number;
  onProgress?: (done: number, total: number) => void;
  scoreOptions?: ScoreOptions;
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

function inventedParametersOf(catalog: Catalog, operation: string, args: Record<string, unknown>): string[] {
  const op = catalog.byName.get(operation);
  if (!op) return [];
  const properties = op.inputSchema.properties;
  const known = typeof properties === "object" && properties !== null ? Object.keys(properties) : [];
  return Object.keys(args).filter((name) => !known.includes(name));
}

async function runCase(c: EvalCase, deps: RunDependencies): Promise<CaseResult> {
  const clock = deps.clock ?? (() => performance.now());
  const now = c.now ? new Date(c.now) : deps.defaultNow;
  const base = { id: c.id, tags: c.tags, text: c.request, expect: c.expect };
  const started = clock();
  let plan;
  try {
    plan = await deps.planner.plan(c.request, { now });
  } catch (e) {
    const latencyMs = clock() - started;
    return { ...base, outcome: "error", operation: null, arguments: null, request: null, message: messageOf(e), inventedOperation: false, inventedParameters: [], correct: false, routeCorrect: false, reasons: [`planner failed: ${messageOf(e)}`], latencyMs };
  }
  const latencyMs = clock() - started;
  if (plan.decision === "decline") {
    const score = scoreCase(c.expect, null, deps.scoreOptions);
    return { ...base, outcome: "decline", operation: null, arguments: null, request: null, message: plan.reason, inventedOperation: false, inventedParameters: [], ...score, latencyMs };
  }
  const invented = {
    inventedOperation: !deps.catalog.byName.has(plan.operation),
    inventedParameters: inventedParametersOf(deps.catalog, plan.operation, plan.arguments),
  };
  const call = { operation: plan.operation, arguments: plan.arguments };
  let request: ActualRequest;
  try {
    request = deps.prepare(plan.operation, plan.arguments, now);
  } catch (e) {
    const routes = c.expect === null ? "a decline" : alternativesOf(c.expect).map((a) => `${a.method} ${a.path}`).join(" or ");
    return { ...base, ...call, ...invented, outcome: "invalid", request: null, message: messageOf(e), correct: false, routeCorrect: false, reasons: [`invalid call ${plan.operation}: ${messageOf(e)} (expected ${routes})`], latencyMs };
  }
  const score = scoreCase(c.expect, request, deps.scoreOptions);
  return { ...base, ...call, ...invented, outcome: "call", request, message: null, ...score, latencyMs };
}

export function summarize(results: CaseResult[]): { metrics: RunMetrics; perTag: Record<string, Proportion> } {
  const count = (pred: (r: CaseResult) => boolean) => results.filter(pred).length;
  const inScope = results.filter((r) => r.expect !== null);
  const outOfScope = results.filter((r) => r.expect === null);
  const declined = results.filter((r) => r.outcome === "decline");
  const proposed = results.filter((r) => r.outcome === "call" || r.outcome === "invalid");
  const tags = [...new Set(results.flatMap((r) => r.tags))].sort();
  const perTag = Object.fromEntries(
    tags.map((tag) => {
      const tagged = results.filter((r) => r.tags.includes(tag));
      return [tag, proportion(tagged.filter((r) => r.correct).length, tagged.length)];
    }),
  );
  const latencies = results.map((r) => r.latencyMs);
  return {
    metrics: {
      cases: results.length,
      fullCallAccuracy: proportion(count((r) => r.correct), results.length),
      routingAccuracy: proportion(inScope.filter((r) => r.routeCorrect).length, inScope.length),
      schemaValidity: proportion(proposed.filter((r) => r.outcome === "call").length, proposed.length),
      inventedOperations: count((r) => r.inventedOperation),
      inventedParameters: count((r) => r.inventedParameters.length > 0),
      declinePrecision: proportion(declined.filter((r) => r.expect === null).length, declined.length),
      declineRecall: proportion(outOfScope.filter((r) => r.outcome === "decline").length, outOfScope.length),
      plannerErrors: count((r) => r.outcome === "error"),
      latencyMs: { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95) },
    },
    perTag,
  };
}

export async function runEval(cases: EvalCase[], casesFile: string, deps: RunDependencies): Promise<EvalRun> {
  const results: CaseResult[] = [];
  for (const c of cases) {
    results.push(await runCase(c, deps));
    deps.onProgress?.(results.length, cases.length);
  }
  return { planner: deps.planner.name, casesFile, ...summarize(results), results };
}
