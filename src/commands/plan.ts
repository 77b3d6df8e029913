/**
 * `secgraph-mcp plan "free text" [--now ISO] [--planner auto|model|rules] [--model PATH|hf:URI] [--lora PATH]`
 * `secgraph-mcp plan --batch IN.jsonl --out OUT.jsonl [...]`
 * Free text → the planned call, validated and compiled exactly as a dry-run would send it.
 * Single mode prints one output record; batch mode writes one per input line (atomically), keeps
 * going past bad lines (each gets an error record) and exits non-zero at the end if any were bad.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { CatalogError, loadCatalog } from "../catalog/load.js";
import type { Catalog } from "../catalog/types.js";
import { ConfigError, resolveSettings, type Settings } from "../config.js";
import { createProgress } from "../eval/progress.js";
import { normaliseDateTime } from "../graph/odata/time.js";
import type { CompiledRequest } from "../graph/types.js";
import { createLogger } from "../log.js";
import type { CallPipeline } from "../pipeline/index.js";
import { shellPipeline } from "../pipeline/shell.js";
import { planExtras, type CompiledAlternative } from "../planner/extras.js";
import { createPlanner, PlannerError } from "../planner/index.js";
import { MAX_REQUEST_LENGTH, type Planner } from "../planner/types.js";
import { EXIT_FAIL, EXIT_OK, EXIT_USAGE, UsageError, parseFlags, writeFileAtomically, type CliIO } from "./io.js";

const USAGE = `usage: secgraph-mcp plan "free text" [--now ISO] [--id ID] [options]
       secgraph-mcp plan --batch IN.jsonl --out OUT.jsonl [options]

Plans one Graph call for a request and prints it as one JSON line: the operation, its arguments and
the exact request a dry-run would send, or a decline with its reason.

  --now ISO                 resolve relative times ("last 24 hours") against this instant (default: now)
  --batch FILE --out FILE   one input record per line: {"id", "request", "now"?}
  --planner auto|model|rules   --model PATH|hf:URI   --lora PATH   --tools-dir DIR
`;

export type PlanRecord =
  | {
      id: string;
      decision: "call";
      operation: string;
      arguments: Record<string, unknown>;
      request: CompiledRequest;
      planner: string;
      latency_ms: number;
      /** INTERFACES.md, second round: the planner's confidence and up to two other valid calls. */
      confidence?: number;
      alternatives?: CompiledAlternative[];
    }
  | { id: string; decision: "decline"; reason: string; planner: string; latency_ms: number };

export type ErrorRecord = { id: string; error: string };

interface PlanInput {
  id: string;
  request: string;
  now?: Date;
}

function parsePlanArgs(argv: string[]) {
  return parseFlags({
    args: argv,
    allowPositionals: true,
    options: {
      now: { type: "string" },
      id: { type: "string" },
      batch: { type: "string" },
      out: { type: "string" },
      planner: { type: "string" },
      model: { type: "string" },
      lora: { type: "string" },
      "tools-dir": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
}

function parseNow(text: string, what: string): Date {
  const iso = normaliseDateTime(text);
  if (iso === null) throw new UsageError(`${what} must be an ISO-8601 date-time such as 2026-11-21T12:00:00Z (got '${text.slice(0, 40)}')`);
  return new Date(iso);
}

const roundMs = (ms: number) => Math.round(ms * 10) / 10;

/**
 * Plans, then runs the plan through the call pipeline as a dry-run (validated, compiled once, audited):
 * a call the compiler rejects is reported as a decline, never printed as a call.
 */
export async function planOne(planner: Planner, catalog: Catalog, pipeline: CallPipeline, input: PlanInput): Promise<PlanRecord> {
  const now = input.now ?? new Date();
  const started = performance.now();
  const result = await planner.plan(input.request, { now });
  const decline = async (reason: string, operation: string | null = null): Promise<PlanRecord> => {
    await pipeline.record({ tool: "cli:plan", operation, arguments: { request: input.request }, request: null, outcome: "declined", message: reason });
    return { id: input.id, decision: "decline", reason, planner: result.decidedBy ?? planner.name, latency_ms: roundMs(performance.now() - started) };
  };
  if (result.decision === "decline") return decline(result.reason);
  const operation = catalog.byName.get(result.operation);
  if (!operation) return decline(`the planner proposed ${result.operation.slice(0, 80)}, which is not in the catalog`);
  const outcome = await pipeline.runPlanned({ operation, arguments: result.arguments, compiled: result.compiled }, { tool: "cli:plan", now });
  if (outcome.kind === "invalid" || outcome.kind === "refused") return decline(`the planned ${result.operation} call is not valid: ${outcome.detail}`, operation.name);
  if (outcome.kind !== "dry-run") throw new UsageError("message" in outcome ? outcome.message : `unexpected plan outcome ${outcome.kind}`);
  return {
    id: input.id,
    decision: "call",
    operation: operation.name,
    arguments: result.arguments,
    request: outcome.call.request,
    planner: result.decidedBy ?? planner.name,
    latency_ms: roundMs(performance.now() - started),
    ...planExtras(result, catalog, { now, baseUrl: new URL(outcome.call.request.url).origin }),
  };
}

/** One input line → a plan input, or a one-line reason it is unusable. */
export function parseInputLine(line: string, lineNumber: number, defaultNow: Date | undefined): PlanInput | ErrorRecord {
  const fallbackId = `line ${lineNumber}`;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    return { id: fallbackId, error: `line ${lineNumber} is not valid JSON: ${(e as Error).message}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { id: fallbackId, error: `line ${lineNumber} is not a JSON object` };
  const record = value as Record<string, unknown>;
  const id = typeof record.id === "string" && record.id.length > 0 ? record.id : typeof record.id === "number" ? String(record.id) : undefined;
  if (id === undefined) return { id: fallbackId, error: `line ${lineNumber} has no "id" (a non-empty string)` };
  if (typeof record.request !== "string" || record.request.trim().length === 0) return { id, error: `line ${lineNumber} has no "request" (a non-empty string)` };
  if (record.request.length > MAX_REQUEST_LENGTH) return { id, error: `line ${lineNumber}: "request" is longer than ${MAX_REQUEST_LENGTH} characters` };
  if (record.now === undefined || record.now === null) return { id, request: record.request, now: defaultNow };
  if (typeof record.now !== "string" || normaliseDateTime(record.now) === null) return { id, error: `line ${lineNumber}: "now" must be an ISO-8601 date-time such as 2026-11-21T12:00:00Z` };
  return { id, request: record.request, now: new Date(normaliseDateTime(record.now)!) };
}

function readInput(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

async function runBatch(planner: Planner, catalog: Catalog, pipeline: CallPipeline, inPath: string, outPath: string, now: Date | undefined, io: CliIO): Promise<number> {
  const lines = readInput(inPath)
    .split(/\r?\n/)
    .map((text, i) => ({ text, number: i + 1 }))
    .filter((l) => l.text.trim().length > 0);
  const progress = createProgress(`plan ${planner.name}`, lines.length, io.stderr, io.stderrIsTTY);
  const out: string[] = [];
  let bad = 0;
  for (const [i, line] of lines.entries()) {
    const input = parseInputLine(line.text, line.number, now);
    let record: PlanRecord | ErrorRecord;
    if ("error" in input) record = input;
    else {
      try {
        record = await planOne(planner, catalog, pipeline, input);
      } catch (e) {
        // An audit log that cannot record is not one bad line: nothing more is planned.
        if ((e as Error).name === "AuditWriteError") throw new UsageError((e as Error).message);
        // One failing request must not lose the others: it gets an error record.
        record = { id: input.id, error: `planner failed: ${(e as Error).message.split("\n")[0]}` };
      }
    }
    if ("error" in record) bad++;
    out.push(JSON.stringify(record));
    progress.update(i + 1, lines.length);
  }
  progress.stop();
  writeFileAtomically(outPath, out.length > 0 ? `${out.join("\n")}\n` : "");
  if (bad > 0) {
    io.stderr(`secgraph-mcp plan: ${bad} of ${lines.length} lines could not be planned; see the "error" records in ${outPath}\n`);
    return EXIT_FAIL;
  }
  return EXIT_OK;
}

export default async function plan(argv: string[], io: CliIO): Promise<number> {
  let planner: Planner | undefined;
  try {
    const { values, positionals } = parsePlanArgs(argv);
    if (values.help) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    const batch = values.batch !== undefined;
    if (batch && values.out === undefined) throw new UsageError("--batch needs --out OUT.jsonl");
    if (!batch && values.out !== undefined) throw new UsageError("--out goes with --batch IN.jsonl");
    if (batch && positionals.length > 0) throw new UsageError("give either a request or --batch, not both");
    if (!batch && positionals.length === 0) throw new UsageError('give the request in quotes: secgraph-mcp plan "high severity alerts from the last 24 hours"');
    const now = values.now === undefined ? undefined : parseNow(values.now, "--now");
    const settings = resolveSettings({
      env: io.env,
      flags: { planner: values.planner as Settings["planner"] | undefined, model: values.model, lora: values.lora, toolsDir: values["tools-dir"] },
    });
    const logger = createLogger(settings.logLevel, io.stderr);
    const catalog = loadCatalog(settings.toolsDir);
    planner = await createPlanner(settings, logger);
    // Plans are proposals: writes are planned and shown like reads; nothing is ever sent (no executor).
    const shell = shellPipeline({ settings, catalog, env: io.env, cwd: io.cwd, logger, allowWrites: true });
    try {
      if (batch) return await runBatch(planner, catalog, shell.pipeline, values.batch!, values.out!, now, io);
      const record = await planOne(planner, catalog, shell.pipeline, { id: values.id ?? "1", request: positionals.join(" "), now });
      io.stdout(`${JSON.stringify(record)}\n`);
      return EXIT_OK;
    } finally {
      shell.close();
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) {
      io.stderr(`secgraph-mcp plan: ${e.message}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof CatalogError || e instanceof PlannerError) {
      io.stderr(`secgraph-mcp plan: ${e.message}\n`);
      return EXIT_FAIL;
    }
    throw e;
  } finally {
    await planner?.close?.();
  }
}
