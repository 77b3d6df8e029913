/**
 * `secgraph-mcp eval --cases FILE.jsonl [--planner NAME ...] [--report DIR] [--compare DIR,...]`:
 * scores planners on evaluation cases and prints the summary table; with --report also writes
 * report.json, report.md and accuracy-by-tag.svg.
 */
import { resolve } from "node:path";
import { loadCatalog } from "../catalog/load.js";
import { prepareCall } from "../graph/compile.js";
import { ArgValidator } from "../graph/validate.js";
import { resolveSettings, Settings } from "../config.js";
import { createLogger } from "../log.js";
import { createPlanner } from "../planner/index.js";
import { loadCases } from "../eval/cases.js";
import { createProgress } from "../eval/progress.js";
import { readReportSummaries, summaryTable, writeReport, type EvalReport, type RunSummary } from "../eval/report.js";
import { runEval, type EvalRun } from "../eval/runner.js";
import type { CliIO } from "./io.js";
import { EXIT_FAIL, EXIT_OK, EXIT_USAGE, UsageError, parseFlags } from "./io.js";

const HELP = `usage: secgraph-mcp eval --cases FILE.jsonl [options]

Runs each case's request through a planner, validates and compiles the proposed call, and scores
the request against the case's expectation (rules: INTERFACES.md, "Evaluation cases").

options:
  --cases FILE          evaluation cases, one JSON object a line (required)
  --planner NAME        auto|model|rules; repeat to compare planners (default: settings, auto)
  --model PATH|hf:URI   model for the model planner   --lora PATH   adapter for it
  --report DIR          write report.json, report.md and accuracy-by-tag.svg into DIR
  --compare DIR,...     add the runs of earlier reports (DIR/report.json) to the tables and chart
  --tolerance-minutes N datetimes in $filter this close count as equal (default 60)
  --tools-dir DIR       catalog folder (default: the packaged tools/)
`;

function parseEvalFlags(argv: string[]) {
  return parseFlags({
    args: argv,
    allowPositionals: false,
    options: {
      cases: { type: "string" },
      planner: { type: "string", multiple: true },
      model: { type: "string" },
      lora: { type: "string" },
      report: { type: "string" },
      compare: { type: "string" },
      "tolerance-minutes": { type: "string" },
      // --tools-dir as in every other command; --tools kept as its older spelling.
      "tools-dir": { type: "string" },
      tools: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  }).values;
}

function parseTolerance(text: string | undefined): number {
  if (text === undefined) return 60;
  const minutes = Number(text);
  if (!Number.isFinite(minutes) || minutes < 0) throw new UsageError(`--tolerance-minutes must be a number ≥ 0, got "${text}"`);
  return minutes;
}

async function evaluate(argv: string[], io: CliIO): Promise<number> {
  const flags = parseEvalFlags(argv);
  if (flags.help) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  if (!flags.cases) throw new UsageError("--cases FILE.jsonl is required");
  const toleranceMinutes = parseTolerance(flags["tolerance-minutes"]);
  const casesFile = resolve(io.cwd, flags.cases);
  const cases = await loadCases(casesFile);
  const compared: RunSummary[] = [];
  for (const dir of (flags.compare ?? "").split(",").filter((d) => d.trim() !== "")) {
    compared.push(...(await readReportSummaries(resolve(io.cwd, dir.trim()))));
  }

  const toolsDir = flags["tools-dir"] ?? flags.tools;
  const shared = { model: flags.model, lora: flags.lora, toolsDir: toolsDir ? resolve(io.cwd, toolsDir) : undefined };
  const base = resolveSettings({ env: io.env, flags: shared });
  const plannerNames = flags.planner ?? [base.planner];
  const known = Settings.shape.planner.unwrap().options as readonly string[];
  const unknown = plannerNames.find((p) => !known.includes(p));
  if (unknown !== undefined) throw new UsageError(`--planner must be one of ${known.join(", ")}, got "${unknown}"`);
  const catalog = loadCatalog(base.toolsDir);
  const validator = new ArgValidator(catalog);
  const logger = createLogger(base.logLevel, io.stderr);

  const runs: EvalRun[] = [];
  for (const name of plannerNames) {
    const settings = resolveSettings({ env: io.env, flags: { ...shared, planner: name as Settings["planner"] } });
    const planner = await createPlanner(settings, logger);
    const progress = createProgress(`eval ${planner.name}`, cases.length, io.stderr, io.stderrIsTTY);
    try {
      runs.push(
        await runEval(cases, flags.cases, {
          planner,
          catalog,
          prepare: (operation, args, now) => prepareCall(catalog, validator, operation, args, { now, baseUrl: settings.graphBaseUrl }).request,
          defaultNow: new Date(),
          onProgress: (done, total) => progress.update(done, total),
          scoreOptions: { datetimeToleranceMs: toleranceMinutes * 60_000 },
        }),
      );
    } finally {
      progress.stop();
      await planner.close?.();
    }
  }

  const report: EvalReport = { generator: "secgraph-mcp eval", casesFile: flags.cases, runs };
  io.stdout(summaryTable([...runs, ...compared]) + "\n");
  if (flags.report) {
    const written = await writeReport(resolve(io.cwd, flags.report), report, compared);
    io.stderr(`eval: wrote ${written.join(", ")}\n`);
  }
  return EXIT_OK;
}

export default async function evalCommand(argv: string[], io: CliIO): Promise<number> {
  try {
    return await evaluate(argv, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`secgraph-mcp eval: ${e.message}\n`);
      return EXIT_USAGE;
    }
    // Bad case files, a missing catalog, a planner that fails to load: one line, no stack.
    io.stderr(`secgraph-mcp eval: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_FAIL;
  }
}
