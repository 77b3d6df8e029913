/**
 * JSON-RPC error answers the SDK leaves rough: request params that fail the method's schema are
 * answered −32602 Invalid params with one line (the SDK answers −32603 with the whole zod issue
 * list), and a malformed message that still carries a request id is answered with that id.
 */
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { ErrorCode, RequestIdSchema } from "@modelcontextprotocol/sdk/types.js";

interface ZodIssueLike {
  path: readonly PropertyKey[];
  message: string;
}

function zodIssues(error: unknown): ZodIssueLike[] | null {
  // zod names it ZodError (classic) or $ZodError (core, what the SDK throws while parsing params).
  if (!(error instanceof Error) || !/^\$?ZodError$/.test(error.name)) return null;
  const issues = (error as Error & { issues?: unknown }).issues;
  return Array.isArray(issues) ? (issues as ZodIssueLike[]) : null;
}

/** "params.name: expected string, received number (and 1 more problem)". */
export function describeIssues(issues: readonly ZodIssueLike[]): string {
  const [first] = issues;
  if (!first) return "not valid";
  const where = first.path.length > 0 ? `${first.path.map(String).join(".")}: ` : "";
  // zod's "record" is JSON's object.
  const what = first.message.replace(/^Invalid input: /, "").replace(/\brecord\b/g, "object").split("\n")[0]!;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})` : "";
  return `${where}${what}${more}`;
}

/** Answered as its code and message; McpError would prefix "MCP error -32602: " to the line. */
class InvalidParamsError extends Error {
  override name = "InvalidParamsError";
  readonly code = ErrorCode.InvalidParams;
}

/** A zod failure of the request's own shape (its issues start at params or method) as −32602. */
function asInvalidParams(method: string, error: unknown): unknown {
  const issues = zodIssues(error);
  if (!issues || !issues.every((i) => i.path[0] === "params" || i.path[0] === "method")) return error;
  return new InvalidParamsError(`Invalid params for ${method}: ${describeIssues(issues)}`);
}

type RequestHandler = (request: unknown, extra: unknown) => Promise<unknown>;

/**
 * Wraps every request handler of `server`, those registered later included, so that a request
 * whose params fail its schema is answered −32602 with one line. The SDK parses params inside the
 * handler it stores, before ours runs, so the wrap has to sit on its handler table.
 */
export function answerInvalidParams(server: Server): void {
  const handlers = (server as unknown as { _requestHandlers?: unknown })._requestHandlers;
  if (!(handlers instanceof Map)) throw new Error("@modelcontextprotocol/sdk changed: Protocol._requestHandlers is no longer a Map");
  const table = handlers as Map<string, RequestHandler>;
  const wrap = (method: string, handler: RequestHandler): RequestHandler => async (request, extra) => {
    try {
      return await handler(request, extra);
    } catch (error) {
      throw asInvalidParams(method, error);
    }
  };
  for (const [method, handler] of table) table.set(method, wrap(method, handler));
  const set = table.set.bind(table);
  table.set = (method, handler) => set(method, wrap(method, handler));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * The answer to a parsed line that is not a JSON-RPC 2.0 message: −32600 with one line, carrying
 * the request's id when it has a usable one (`params: null` is the usual case), else none.
 */
export function invalidRequestReply(value: unknown): { jsonrpc: "2.0"; id?: string | number; error: { code: number; message: string } } {
  const id = isRecord(value) && typeof value.method === "string" && RequestIdSchema.safeParse(value.id).success ? (value.id as string | number) : undefined;
  let reason = "not a JSON-RPC 2.0 message";
  if (isRecord(value)) {
    if (value.jsonrpc !== "2.0") reason = 'jsonrpc must be "2.0"';
    else if ("method" in value && typeof value.method !== "string") reason = "method must be a string";
    else if ("params" in value && !isRecord(value.params)) reason = `params must be an object or left out (got ${value.params === null ? "null" : Array.isArray(value.params) ? "a list" : typeof value.params})`;
    else if ("id" in value && !RequestIdSchema.safeParse(value.id).success) reason = "id must be a string or an integer";
  }
  return { jsonrpc: "2.0", ...(id === undefined ? {} : { id }), error: { code: ErrorCode.InvalidRequest, message: `Invalid Request: ${reason}` } };
}
