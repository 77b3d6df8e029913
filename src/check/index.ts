/**
 * Audits a proposed raw Graph request (method + URL + body) before anything is sent: the inverse
 * of the compiler maps it back to a catalog operation and its arguments, which then pass the same
 * validator and compiler every call passes. The answer is one record: verdict, operation,
 * arguments, read-only/destructive, a plain explanation and the problems. Nothing here sends.
 */
import type { Catalog, HttpMethod } from "../catalog/types.js";
import { compileCall, DEFAULT_GRAPH_BASE_URL } from "../graph/compile.js";
import { ArgumentError, type CompiledRequest } from "../graph/types.js";
import { ArgValidator } from "../graph/validate.js";
import { readBody, readQuery, type ReadArguments } from "./arguments.js";
import { explain } from "./explain.js";
import { RouteTable } from "./routes.js";
import { readGraphUrl, UrlProblem } from "./url.js";

export { MAX_URL_LENGTH } from "./url.js";

/** One proposed request, as a batch line or the tool's arguments carry it. */
export interface ProposedRequest {
  method: unknown;
  url: unknown;
  /** A JSON object, or JSON text of one; absent or null for no body. */
  body?: unknown;
}

/** The answer (INTERFACES.md "check"); `request` and `warnings` extend it. */
export interface CheckRecord {
  id?: unknown;
  verdict: "ok" | "refused";
  operation: string | null;
  arguments: Record<string, unknown> | null;
  readOnly: boolean | null;
  destructive: boolean | null;
  explanation: string;
  problems: string[];
  /** The request as the compiler writes it (canonical spelling), when the verdict is ok. */
  request?: CompiledRequest;
  warnings: string[];
}

export interface CheckResult {
  record: CheckRecord;
  /** The input could not be read at all (not a method, body not JSON): the shell exits 2. */
  unreadable: boolean;
}

const METHODS: readonly HttpMethod[] = ["GET", "POST", "PATCH", "PUT", "DELETE"];
const MAX_BODY_CHARS = 1_000_000;

export interface CheckerOptions {
  /** The Graph root compiled URLs use and absolute URLs must name (default https://graph.microsoft.com). */
  graphBaseUrl?: string;
  /** Shared with the rest of the process where one exists (its compiled schemas are cached). */
  validator?: ArgValidator;
}

/** The record with its members always in the documented order. */
function record(r: Omit<CheckRecord, "id">): CheckRecord {
  const { verdict, operation, arguments: args, readOnly, destructive, explanation, problems, request, warnings } = r;
  return { verdict, operation, arguments: args, readOnly, destructive, explanation, problems, ...(request ? { request } : {}), warnings };
}

function refused(problems: string[], partial: Partial<CheckRecord> = {}): CheckRecord {
  return record({
    operation: null,
    arguments: null,
    readOnly: null,
    destructive: null,
    warnings: [],
    ...partial,
    verdict: "refused",
    explanation: `Refused before sending: ${problems[0] ?? "the request is not valid"}.`,
    problems,
  });
}

/** A body given as JSON text is parsed here; text that is not JSON cannot be read. */
function readBodyText(body: unknown): { ok: true; value: unknown } | { ok: false; problem: string } {
  if (typeof body !== "string") return { ok: true, value: body };
  if (body.length > MAX_BODY_CHARS) return { ok: false, problem: `the body is ${body.length} characters; at most ${MAX_BODY_CHARS} are checked` };
  if (body.trim() === "") return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch {
    // eslint-disable-next-line no-control-regex -- binary data is recognised by its control characters
    const binary = /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(body);
    return { ok: false, problem: binary ? "the body is binary data, not JSON; Graph operations in the catalog take JSON objects" : "the body is not valid JSON" };
  }
}

export class RequestChecker {
  private readonly routes: RouteTable;
  private readonly validator: ArgValidator;
  private readonly baseUrl: string;

  constructor(private readonly catalog: Catalog, options: CheckerOptions = {}) {
    this.routes = new RouteTable(catalog);
    this.validator = options.validator ?? new ArgValidator(catalog);
    this.baseUrl = (options.graphBaseUrl ?? DEFAULT_GRAPH_BASE_URL).replace(/\/+$/, "");
  }

  check(proposed: ProposedRequest): CheckResult {
    const method = typeof proposed.method === "string" ? proposed.method.trim().toUpperCase() : "";
    if (!METHODS.includes(method as HttpMethod)) {
      const shown = typeof proposed.method === "string" ? `'${proposed.method.slice(0, 20)}'` : "missing";
      return { unreadable: true, record: refused([`the method is ${shown}; Graph operations use ${METHODS.join(", ")}`]) };
    }
    if (typeof proposed.url !== "string") return { unreadable: true, record: refused(["the URL is missing (give it as text)"]) };
    const body = readBodyText(proposed.body);
    if (!body.ok) return { unreadable: true, record: refused([body.problem]) };

    let url;
    try {
      url = readGraphUrl(proposed.url, [this.baseUrl]);
    } catch (e) {
      if (e instanceof UrlProblem) return { unreadable: false, record: refused([e.message]) };
      throw e;
    }
    const route = this.routes.match(method as HttpMethod, url.version, url.segments);
    if (!route.ok) {
      const op = route.operation;
      return { unreadable: false, record: refused([route.problem], op ? { operation: op.name, readOnly: op.readOnly, destructive: op.destructive } : {}) };
    }
    const op = route.operation;
    const identity = { operation: op.name, readOnly: op.readOnly, destructive: op.destructive };
    const read: ReadArguments = { arguments: { ...route.pathKeys }, filter: null, problems: [] };
    readQuery(op, url.query, this.catalog, read);
    if (route.countSegment) {
      const documented = op.capabilities?.documented ? op.capabilities.count : undefined;
      if (read.arguments.count === false) read.problems.push("/$count with $count=false contradicts itself; drop one");
      else if (documented?.form === "parameter") read.problems.push(`the Graph reference documents counting ${op.name} as $count=true beside the items, not the /$count segment`);
      read.arguments.count = true;
    }
    readBody(op, body.value, read);
    const args = read.arguments;
    if (read.problems.length > 0) return { unreadable: false, record: refused(read.problems, { ...identity, arguments: args }) };

    const verdict = this.validator.validate(op, args);
    if (!verdict.ok) return { unreadable: false, record: refused([verdict.message], { ...identity, arguments: args }) };
    try {
      const compiled = compileCall(op, args, this.catalog, { baseUrl: this.baseUrl });
      return {
        unreadable: false,
        record: record({
          verdict: "ok",
          ...identity,
          arguments: args,
          explanation: explain({ operation: op, arguments: args, filter: read.filter, countSegment: route.countSegment }),
          problems: [],
          request: compiled.request,
          warnings: compiled.warnings,
        }),
      };
    } catch (e) {
      if (e instanceof ArgumentError) return { unreadable: false, record: refused([e.message], { ...identity, arguments: args }) };
      throw e;
    }
  }
}

/** "GET https://…" → method and URL; null when the text has no method word before the URL. */
export function splitRequestLine(line: string): { method: string; url: string } | null {
  // A request line copied from a trace may end in its protocol ("… HTTP/1.1").
  const m = /^\s*([A-Za-z]+)\s+(\S[\s\S]*?)(?:\s+HTTP\/\d(?:\.\d)?)?\s*$/.exec(line);
  return m ? { method: m[1]!, url: m[2]! } : null;
}
