/**
 * Eval reports: report.json (everything, per case), report.md (tables and failures) and
 * accuracy-by-tag.svg, written atomically into one folder. Earlier reports can be read back to
 * compare planners in one table and one chart.
 */
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { accuracyByTagSvg } from "./chart.js";
import type { Percentile, Proportion } from "./metrics.js";
import type { EvalRun, RunMetrics } from "./runner.js";

export const REPORT_FILES = { json: "report.json", markdown: "report.md", chart: "accuracy-by-tag.svg" } as const;

export interface EvalReport {
  generator: "secgraph-mcp eval";
  casesFile: string;
  runs: EvalRun[];
}

/** A run summary as read back from another report (results are not needed to compare). */
export type RunSummary = Pick<EvalRun, "planner" | "casesFile" | "metrics" | "perTag">;

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

export function formatProportion(p: Proportion): string {
  if (p.value === null || p.ci95 === null) return "n/a";
  return `${pct(p.value)} (${(p.ci95[0] * 100).toFixed(1)}–${(p.ci95[1] * 100).toFixed(1)}) ${p.k}/${p.n}`;
}

function formatPercentile(p: Percentile): string {
  if (p.value === null) return "n/a";
  const ci = p.ci95 ? ` (${p.ci95[0].toFixed(1)}–${p.ci95[1].toFixed(1)})` : "";
  return `${p.value.toFixed(1)} ms${ci}`;
}

const METRIC_ROWS: [string, (m: RunMetrics) => string][] = [
  ["full-call accuracy", (m) => formatProportion(m.fullCallAccuracy)],
  ["routing accuracy (in-scope cases)", (m) => formatProportion(m.routingAccuracy)],
  ["schema validity (proposed calls)", (m) => formatProportion(m.schemaValidity)],
  ["invented operations (calls)", (m) => String(m.inventedOperations)],
  ["invented parameters (calls)", (m) => String(m.inventedParameters)],
  ["decline precision", (m) => formatProportion(m.declinePrecision)],
  ["decline recall", (m) => formatProportion(m.declineRecall)],
  ["planner errors", (m) => String(m.plannerErrors)],
  ["latency p50", (m) => formatPercentile(m.latencyMs.p50)],
  ["latency p95", (m) => formatPercentile(m.latencyMs.p95)],
];

/** Cell text: one line, no pipe that would split the table. */
const cell = (s: string) => s.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");

/**
 * Free text (requests, reasons with regexes) as one line of Markdown that renders as written:
 * punctuation is escaped outside `code spans`, which Markdown already shows literally.
 */
const inline = (s: string) =>
  s
    .replace(/\r?\n/g, " ")
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[\\*_[\]<>|#]/g, "\\$&")))
    .join("");

/** The summary table alone (also what the README shows). */
export function summaryTable(runs: RunSummary[]): string {
  const head = `| metric (95 % CI) | ${runs.map((r) => cell(r.planner)).join(" | ")} |`;
  const rule = `|---|${runs.map(() => "---").join("|")}|`;
  const rows = METRIC_ROWS.map(([label, get]) => `| ${label} | ${runs.map((r) => get(r.metrics)).join(" | ")} |`);
  return [head, rule, ...rows].join("\n");
}

function perTagTable(runs: RunSummary[]): string {
  const tags = [...new Set(runs.flatMap((r) => Object.keys(r.perTag)))].sort();
  const head = `| tag | ${runs.map((r) => cell(r.planner)).join(" | ")} |`;
  const rule = `|---|${runs.map(() => "---").join("|")}|`;
  const rows = tags.map((t) => `| ${t} | ${runs.map((r) => (r.perTag[t] ? formatProportion(r.perTag[t]) : "")).join(" | ")} |`);
  return [head, rule, ...rows].join("\n");
}

function failureList(run: EvalRun): string {
  const failures = run.results.filter((r) => !r.correct);
  if (failures.length === 0) return "None.";
  return failures
    .map((r) => {
      const got = r.request ? `\`${r.request.method} ${r.request.url}\`` : r.outcome === "decline" ? "declined" : r.outcome;
      return `- **${r.id}** (${r.tags.join(", ")}) “${inline(r.text)}” → ${got}\n  - ${r.reasons.map(inline).join("\n  - ")}`;
    })
    .join("\n");
}

export function renderMarkdown(report: EvalReport, compared: RunSummary[] = []): string {
  const all: RunSummary[] = [...report.runs, ...compared];
  const n = report.runs[0]?.metrics.cases ?? 0;
  const sections = [
    `# Eval report`,
    `Cases: \`${report.casesFile}\` (${n} cases). Proportions show the value, the 95 % Wilson interval and k/n; latency is the planner's time per case.`,
    `## Summary`,
    summaryTable(all),
    `## Full-call accuracy per tag`,
    perTagTable(all),
    `![accuracy by tag](${REPORT_FILES.chart})`,
    ...report.runs.flatMap((run) => [`## Failures: ${cell(run.planner)}`, failureList(run)]),
  ];
  return sections.join("\n\n") + "\n";
}

/** Writes text to a temporary sibling, then renames it into place: readers never see half a file. */
async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temp, text, "utf8");
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}

export async function writeReport(dir: string, report: EvalReport, compared: RunSummary[] = []): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const series = [...report.runs, ...compared].map((r) => ({ planner: r.planner, perTag: r.perTag }));
  const files: [string, string][] = [
    [REPORT_FILES.json, JSON.stringify(report, null, 2) + "\n"],
    [REPORT_FILES.markdown, renderMarkdown(report, compared)],
    [REPORT_FILES.chart, accuracyByTagSvg(series)],
  ];
  for (const [name, text] of files) await writeFileAtomic(join(dir, name), text);
  return files.map(([name]) => join(dir, name));
}

export class ReportError extends Error {
  override name = "ReportError";
}

const ProportionShape = z.object({ k: z.number(), n: z.number(), value: z.number().nullable(), ci95: z.tuple([z.number(), z.number()]).nullable() });
const StoredReport = z.object({
  runs: z.array(
    z.object({
      planner: z.string(),
      casesFile: z.string(),
      metrics: z.object({ cases: z.number() }).passthrough(),
      perTag: z.record(z.string(), ProportionShape),
    }),
  ).min(1),
});

/** Reads the run summaries of an earlier report (`DIR/report.json`) for comparison. */
export async function readReportSummaries(dir: string): Promise<RunSummary[]> {
  const path = join(dir, REPORT_FILES.json);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, "utf8"));
  } catch (e) {
    throw new ReportError(`cannot read report ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const parsed = StoredReport.safeParse(raw);
  if (!parsed.success) throw new ReportError(`${path} is not an eval report: ${parsed.error.issues[0]?.message}`);
  // The stored metrics were written by this module; only their presence is checked above.
  return parsed.data.runs as unknown as RunSummary[];
}
