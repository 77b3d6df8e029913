/**
 * check_request: audits a proposed raw Graph request (method, URL, body) against the catalog and
 * answers with the check record as structuredContent. Read-only and audited like any call; it
 * never sends, in live mode neither (it has no executor to send with).
 */
import { z } from "zod/v3";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import type { Catalog } from "../catalog/types.js";
import { RequestChecker, type CheckRecord } from "../check/index.js";
import type { CallPipeline } from "../pipeline/index.js";
import { ownTool, type ServerTool } from "./server-tool.js";

export interface CheckToolDeps {
  catalog: Catalog;
  pipeline: CallPipeline;
  graphBaseUrl: string;
}

const nullable = (type: string) => ({ type: [type, "null"] });

/** JSON Schema of the record (INTERFACES.md "check"). */
export const CHECK_RECORD_SCHEMA: Tool["outputSchema"] = {
  type: "object",
  properties: {
    verdict: { type: "string", enum: ["ok", "refused"] },
    operation: nullable("string"),
    arguments: nullable("object"),
    readOnly: nullable("boolean"),
    destructive: nullable("boolean"),
    explanation: { type: "string" },
    problems: { type: "array", items: { type: "string" } },
    request: { type: "object", properties: { method: { type: "string" }, url: { type: "string" } }, required: ["method", "url"] },
    warnings: { type: "array", items: { type: "string" } },
  },
  required: ["verdict", "operation", "arguments", "readOnly", "destructive", "explanation", "problems", "warnings"],
};

function summary(record: CheckRecord): string {
  if (record.verdict === "ok") return `ok: ${record.explanation}`;
  return `refused: ${record.problems.join(" ")}`;
}

export function checkTool({ catalog, pipeline, graphBaseUrl }: CheckToolDeps): ServerTool {
  const checker = new RequestChecker(catalog, { graphBaseUrl });
  return ownTool({
    name: "check_request",
    title: "Check a proposed Graph request",
    description:
      "Audit a raw Microsoft Graph request before anyone sends it: give the method, the URL (absolute or relative) and the JSON body. " +
      "Answers which documented operation it is, its arguments, whether it reads or writes, what it does in plain words, or why Graph would refuse it. Never sends anything.",
    args: z.object({
      method: z.string().min(1).max(16).describe("HTTP method, e.g. GET"),
      url: z.string().min(1).max(2_000_000).describe("e.g. https://graph.microsoft.com/v1.0/security/alerts_v2?$top=5"),
      // Published as JSON text (every schema profile can express a string); an object a client sends anyway is read as its JSON.
      body: z.preprocess((v) => (v === null ? undefined : typeof v === "object" ? JSON.stringify(v) : v), z.string().max(2_000_000).optional()).describe("the JSON body as text, e.g. {\"status\":\"resolved\"}"),
    }).strict(),
    output: CHECK_RECORD_SCHEMA,
    readOnly: true,
    openWorld: false,
    onInvalid: (rawArgs, message, ctx) =>
      void pipeline.record({ tool: ctx.tool, operation: null, arguments: rawArgs ?? {}, request: null, outcome: "invalid", message }, ctx).catch(() => {}),
    async run(args, ctx) {
      const { record } = checker.check(args);
      // On record before it is answered; a failed audit write rejects and the dispatcher refuses the call.
      await pipeline.record(
        { tool: ctx.tool, operation: record.operation, arguments: args, request: null, outcome: record.verdict === "ok" ? "answered" : "invalid", message: record.verdict === "ok" ? record.explanation : record.problems.join("; ") },
        ctx,
      );
      return { content: [{ type: "text", text: `${summary(record)}\n${JSON.stringify(record)}` }], structuredContent: record as unknown as Record<string, unknown> };
    },
  });
}
