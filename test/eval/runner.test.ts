import { mkdtemp, readFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Catalog, Operation } from "../../src/catalog/types.js";
import { parseCases } from "../../src/eval/cases.js";
import { readReportSummaries, renderMarkdown, writeReport } from "../../src/eval/report.js";
import { runEval, type RunDependencies } from "../../src/eval/runner.js";
import type { ActualRequest } from "../../src/eval/score.js";
import { ArgumentError } from "../../src/graph/types.js";
import type { PlanResult, Planner } from "../../src/planner/types.js";

const NOW = "2026-11-21T12:00:00Z";

const CASES = parseCases(
  [
    { id: "c1", request: "high alerts", now: NOW, tags: ["alerts"], expect: { method: "GET", path: "/security/alerts_v2", query: { $filter: "severity eq 'high'" } } },
    { id: "c2", request: "new alerts", now: NOW, tags: ["alerts"], expect: { method: "GET", path: "/security/alerts_v2", query: { $filter: "status eq 'new'" } } },
    { id: "c3", request: "open incident 7", now: NOW, tags: ["incidents", "id"], expect: { method: "GET", path: "/security/incidents/7" } },
    { id: "c4", request: "write me a poem", now: NOW, tags: ["decline"], expect: null },
    { id: "c5", request: "delete all users", now: NOW, tags: ["decline"], expect: null },
    { id: "c6", request: "risky users", tags: ["identityProtection"], expect: { method: "GET", path: "/identityProtection/riskyUsers" } },
  ]
    .map((c) => JSON.stringify(c))
    .join("\n"),
);

/** The smallest catalog the runner needs: names and input schema properties. */
function fakeCatalog(): Catalog {
  const op = (name: string, properties: string[]) => ({ name, inputSchema: { type: "object", properties: Object.fromEntries(properties.map((p) => [p, {}])) } }) as unknown as Operation;
  const operations = [op("alerts_list", ["filter", "top"]), op("incidents_get", ["incidentId"]), op("risky_users_list", ["filter"])];
  return { operations, byName: new Map(operations.map((o) => [o.name, o])) } as unknown as Catalog;
}

/** Answers by case text; records the `now` it was given. */
class ScriptedPlanner implements Planner {
  readonly name = "scripted";
  readonly seenNow: Date[] = [];
  constructor(private readonly answers: Record<string, PlanResult | Error>) {}
  async plan(text: string, ctx: { now: Date }): Promise<PlanResult> {
    this.seenNow.push(ctx.now);
    const answer = this.answers[text];
    if (answer === undefined) throw new Error(`no scripted answer for ${text}`);
    if (answer instanceof Error) throw answer;
    return answer;
  }
}

/** A stand-in compiler: alerts_list with a filter, incidents_get with an id; anything else is invalid. */
function fakePrepare(operation: string, args: Record<string, unknown>): ActualRequest {
  if (operation === "alerts_list" && typeof args.filter === "string") {
    return { method: "GET", url: `https://graph.microsoft.com/v1.0/security/alerts_v2?$filter=${encodeURIComponent(args.filter)}`, body: null };
  }
  if (operation === "incidents_get") return { method: "GET", url: `https://graph.microsoft.com/v1.0/security/incidents/${String(args.incidentId)}`, body: null };
  throw new ArgumentError(`${operation} rejects these arguments`);
}

function deps(planner: Planner, overrides: Partial<RunDependencies> = {}): RunDependencies {
  let tick = 0;
  return {
    planner,
    catalog: fakeCatalog(),
    prepare: fakePrepare,
    defaultNow: new Date("2030-01-01T00:00:00Z"),
    // Each plan call takes 10 ms more than the last: latencies 10, 20, 30, …
    clock: () => {
      tick += 1;
      return tick % 2 === 1 ? 0 : (tick / 2) * 10;
    },
    ...overrides,
  };
}

const SCRIPT: Record<string, PlanResult | Error> = {
  "high alerts": { decision: "call", operation: "alerts_list", arguments: { filter: "severity eq 'high'" } },
  "new alerts": { decision: "call", operation: "alerts_list", arguments: { filter: "status eq 'new'", invented: 1 } },
  "open incident 7": { decision: "call", operation: "incidents_fetch", arguments: { id: "7" } },
  "write me a poem": { decision: "decline", reason: "out of scope" },
  "delete all users": { decision: "call", operation: "alerts_list", arguments: { filter: "severity eq 'low'" } },
  "risky users": new Error("model crashed"),
};

describe("runEval", () => {
  it("plans, compiles and scores every case, and counts each outcome", async () => {
    const planner = new ScriptedPlanner(SCRIPT);
    const progress: string[] = [];
    const run = await runEval(CASES, "cases.jsonl", deps(planner, { onProgress: (d, t) => progress.push(`${d}/${t}`) }));
    const byId = Object.fromEntries(run.results.map((r) => [r.id, r]));

    expect(byId.c1).toMatchObject({ outcome: "call", correct: true, routeCorrect: true, inventedOperation: false, inventedParameters: [] });
    expect(byId.c2).toMatchObject({ outcome: "call", correct: true, inventedParameters: ["invented"] });
    expect(byId.c3).toMatchObject({ outcome: "invalid", correct: false, inventedOperation: true, request: null });
    expect(byId.c3!.reasons[0]).toMatch(/invalid call incidents_fetch: incidents_fetch rejects these arguments \(expected GET \/security\/incidents\/7\)/);
    expect(byId.c4).toMatchObject({ outcome: "decline", correct: true, message: "out of scope" });
    expect(byId.c5).toMatchObject({ outcome: "call", correct: false });
    expect(byId.c6).toMatchObject({ outcome: "error", correct: false, message: "model crashed" });
    expect(progress).toEqual(["1/6", "2/6", "3/6", "4/6", "5/6", "6/6"]);

    const m = run.metrics;
    expect(m.cases).toBe(6);
    expect(m.fullCallAccuracy).toMatchObject({ k: 3, n: 6 });
    expect(m.routingAccuracy).toMatchObject({ k: 2, n: 4 });
    expect(m.schemaValidity).toMatchObject({ k: 3, n: 4 });
    expect(m.inventedOperations).toBe(1);
    expect(m.inventedParameters).toBe(1);
    expect(m.declinePrecision).toMatchObject({ k: 1, n: 1 });
    expect(m.declineRecall).toMatchObject({ k: 1, n: 2 });
    expect(m.plannerErrors).toBe(1);
    expect(m.latencyMs.p50.value).toBe(30);
    expect(m.latencyMs.p95.value).toBe(60);
    expect(run.perTag.alerts).toMatchObject({ k: 2, n: 2 });
    expect(run.perTag.decline).toMatchObject({ k: 1, n: 2 });
    expect(run.perTag.identityProtection).toMatchObject({ k: 0, n: 1 });
  });

  it("passes each case's now to the planner, and the default when a case has none", async () => {
    const planner = new ScriptedPlanner(SCRIPT);
    await runEval(CASES, "cases.jsonl", deps(planner));
    expect(planner.seenNow.map((d) => d.toISOString())).toEqual([...Array(5).fill("2026-11-21T12:00:00.000Z"), "2030-01-01T00:00:00.000Z"]);
  });
});

describe("reports", () => {
  it("writes report.json, report.md and the chart, and reads them back for comparison", async () => {
    const run = await runEval(CASES, "cases.jsonl", deps(new ScriptedPlanner(SCRIPT)));
    const dir = await mkdtemp(join(tmpdir(), "secgraph-eval-"));
    const report = { generator: "secgraph-mcp eval" as const, casesFile: "cases.jsonl", runs: [run] };
    await writeReport(dir, report);
    expect((await readdir(dir)).sort()).toEqual(["accuracy-by-tag.svg", "report.json", "report.md"]);

    const json = JSON.parse(await readFile(join(dir, "report.json"), "utf8"));
    expect(json.runs[0].metrics.fullCallAccuracy.k).toBe(3);
    expect(json.runs[0].results).toHaveLength(6);

    const md = await readFile(join(dir, "report.md"), "utf8");
    expect(md).toMatch(/\| full-call accuracy \| 50\.0 % \(\d+\.\d–\d+\.\d\) 3\/6 \|/);
    expect(md).toMatch(/\*\*c5\*\* \(decline\) “delete all users” → `GET https:\/\/graph\.microsoft\.com\/v1\.0\/security\/alerts_v2\?\$filter=severity%20eq%20'low'`/);
    expect(md).not.toMatch(/\*\*c1\*\*/);

    const svg = await readFile(join(dir, "accuracy-by-tag.svg"), "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.trim().endsWith("</svg>")).toBe(true);
    // One bar per tag with a result: alerts, decline, id, identityProtection (0 %), incidents (0 %).
    expect(svg.match(/<rect [^>]*><title>/g)).toHaveLength(5);
    expect(svg).toContain("scripted · alerts: 2/2");

    // Reasons quote regexes and filters: Markdown must show them as written.
    const hunt = { ...run.results[4]!, reasons: ["body.query does not match /ago\\(7d\\)|x_y/i", "$filter lacks `a_b eq 'x*y'`"] };
    const escaped = renderMarkdown({ ...report, runs: [{ ...run, results: [hunt] }] });
    expect(escaped).toContain("  - body.query does not match /ago\\\\(7d\\\\)\\|x\\_y/i\n");
    expect(escaped).toContain("  - $filter lacks `a_b eq 'x*y'`");

    const [summary] = await readReportSummaries(dir);
    const other = { ...summary!, planner: "model:tiny.gguf" };
    const compared = renderMarkdown(report, [other]);
    expect(compared).toMatch(/\| metric \(95 % CI\) \| scripted \| model:tiny\.gguf \|/);
  });

  it("refuses a folder without a report", async () => {
    const dir = await mkdtemp(join(tmpdir(), "secgraph-eval-"));
    await expect(readReportSummaries(dir)).rejects.toThrow(/cannot read report .*report\.json: ENOENT/);
  });
});
