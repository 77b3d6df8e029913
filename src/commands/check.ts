/**
 * `secgraph-mcp check "METHOD URL" [--body JSON]` and `check --batch IN.jsonl --out OUT.jsonl`:
 * audits proposed raw Graph requests against the catalog and answers with the check record
 * (INTERFACES.md). Nothing is ever sent; every check is written to the audit log. Exit 0 when all
 * are ok, 1 when some are refused, 2 when input cannot be read.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { CatalogError, loadCatalog } from "../catalog/load.js";
import { RequestChecker, splitRequestLine, type CheckRecord, type CheckResult, type ProposedRequest } from "../check/index.js";
import { ConfigError, resolveSettings } from "../config.js";
import { createLogger } from "../log.js";
import { AuditWriteError, type CallPipeline } from "../pipeline/index.js";
import { shellPipeline } from "../pipeline/shell.js";
import { EXIT_FAIL, EXIT_OK, EXIT_USAGE, UsageError, parseFlags, writeFileAtomically, type CliIO } from "./io.js";

const USAGE = `usage: secgraph-mcp check "METHOD URL" [--body JSON]
       secgraph-mcp check --batch IN.jsonl --out OUT.jsonl
       [--graph-base-url URL] [--tools-dir DIR] [--audit-log PATH]

Checks a proposed raw Graph request before anything is sent: which catalog operation it is, its
arguments, whether it reads or writes, what it does, or why Graph would refuse it. Nothing is sent.
Batch lines are {"id", "method", "url", "body"}; OUT gets one record a line (written atomically).
Exit 0: all ok; 1: some refused; 2: input that cannot be read.
`;

/** Batch input is read whole; larger files are refused rather than half-processed. */
const MAX_BATCH_BYTES = 256 * 1024 * 1024;

function parseCheckArgs(argv: string[]) {
  return parseFlags({
    args: argv,
    allowPositionals: true,
    options: {
      body: { type: "string" },
      batch: { type: "string" },
      out: { type: "string" },
      "graph-base-url": { type: "string" },
      "tools-dir": { type: "string" },
      "audit-log": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
}

/** "GET URL" as one argument or two. */
function proposedFromPositionals(positionals: string[], body: string | undefined): ProposedRequest {
  if (positionals.length === 0) throw new UsageError('give the request: secgraph-mcp check "GET https://graph.microsoft.com/v1.0/…"');
  const line = splitRequestLine(positionals.join(" "));
  if (!line) throw new UsageError(`"${positionals.join(" ").slice(0, 80)}" is not "METHOD URL", e.g. "GET https://graph.microsoft.com/v1.0/security/alerts_v2"`);
  return { method: line.method, url: line.url, body };
}

/** One batch line → the request it proposes, or the sentence saying why it cannot be read. */
function batchLine(text: string, lineNumber: number): { id: unknown; proposed?: ProposedRequest; problem?: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { id: null, problem: `line ${lineNumber} is not valid JSON` };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return { id: null, problem: `line ${lineNumber} must be a JSON object {"id", "method", "url", "body"}` };
  const record = value as Record<string, unknown>;
  const id = record.id ?? null;
  if (typeof record.url === "string" && record.method === undefined) {
    const line = splitRequestLine(record.url);
    if (line) return { id, proposed: { method: line.method, url: line.url, body: record.body } };
  }
  return { id, proposed: { method: record.method, url: record.url, body: record.body } };
}

function unreadableLine(id: unknown, problem: string): CheckResult {
  return {
    unreadable: true,
    record: { verdict: "refused", operation: null, arguments: null, readOnly: null, destructive: null, explanation: `Refused before sending: ${problem}.`, problems: [problem], warnings: [] },
  };
}

function auditCheck(pipeline: CallPipeline, proposed: ProposedRequest, record: CheckRecord): Promise<void> {
  return pipeline.record({
    tool: "cli:check",
    operation: record.operation,
    arguments: { method: proposed.method, url: proposed.url, ...(proposed.body === undefined ? {} : { body: proposed.body }) },
    request: null,
    outcome: record.verdict === "ok" ? "answered" : "invalid",
    message: record.verdict === "ok" ? record.explanation : record.problems.join("; "),
  });
}

function exitCode(results: readonly CheckResult[]): number {
  if (results.some((r) => r.unreadable)) return EXIT_USAGE;
  return results.every((r) => r.record.verdict === "ok") ? EXIT_OK : EXIT_FAIL;
}

function readBatch(path: string): string {
  try {
    const text = readFileSync(resolve(path));
    if (text.length > MAX_BATCH_BYTES) throw new UsageError(`${path} is larger than ${MAX_BATCH_BYTES} bytes; split it`);
    return text.toString("utf8");
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export default async function check(argv: string[], io: CliIO): Promise<number> {
  try {
    const { values, positionals } = parseCheckArgs(argv);
    if (values.help) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    if (values.batch !== undefined && (positionals.length > 0 || values.body !== undefined)) throw new UsageError("--batch reads its requests from the file; give no request or --body beside it");
    if (values.batch !== undefined && values.out === undefined) throw new UsageError("--batch needs --out OUT.jsonl");
    if (values.batch === undefined && values.out !== undefined) throw new UsageError("--out goes with --batch IN.jsonl");
    const proposedOne = values.batch === undefined ? proposedFromPositionals(positionals, values.body) : null;
    const settings = resolveSettings({ env: io.env, flags: { graphBaseUrl: values["graph-base-url"], toolsDir: values["tools-dir"], auditLog: values["audit-log"] } });
    const catalog = loadCatalog(settings.toolsDir);
    const checker = new RequestChecker(catalog, { graphBaseUrl: settings.graphBaseUrl });
    const shell = shellPipeline({ settings, catalog, env: io.env, cwd: io.cwd, logger: createLogger(settings.logLevel, io.stderr) });
    try {
      if (proposedOne) {
        const result = checker.check(proposedOne);
        await auditCheck(shell.pipeline, proposedOne, result.record);
        if (result.unreadable) {
          io.stderr(`secgraph-mcp check: ${result.record.problems[0] ?? "the request cannot be read"}\n`);
          return EXIT_USAGE;
        }
        io.stdout(`${JSON.stringify(result.record, null, 2)}\n`);
        return exitCode([result]);
      }
      const lines = readBatch(values.batch!).split("\n").map((l) => l.replace(/\r$/, ""));
      const results: CheckResult[] = [];
      const audits: Promise<void>[] = [];
      lines.forEach((text, i) => {
        if (text.trim() === "") return;
        const line = batchLine(text, i + 1);
        const result = line.proposed ? checker.check(line.proposed) : unreadableLine(line.id, line.problem!);
        result.record = { id: line.id, ...result.record };
        results.push(result);
        audits.push(auditCheck(shell.pipeline, line.proposed ?? { method: null, url: null }, result.record));
      });
      // Group-committed: the batch's records share flushes; none is answered before all are durable.
      await Promise.all(audits);
      writeFileAtomically(values.out!, results.map((r) => JSON.stringify(r.record)).join("\n") + (results.length > 0 ? "\n" : ""));
      const ok = results.filter((r) => r.record.verdict === "ok").length;
      const unreadable = results.filter((r) => r.unreadable).length;
      io.stderr(`checked ${results.length} requests: ${ok} ok, ${results.length - ok} refused${unreadable > 0 ? ` (${unreadable} unreadable)` : ""} → ${values.out!}\n`);
      return exitCode(results);
    } finally {
      shell.close();
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) {
      io.stderr(`secgraph-mcp check: ${e.message}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof CatalogError || e instanceof AuditWriteError) {
      io.stderr(`secgraph-mcp check: ${e.message}${e instanceof AuditWriteError ? " (the audit log could not record the check; nothing was answered)" : ""}\n`);
      return EXIT_FAIL;
    }
    throw e;
  }
}
