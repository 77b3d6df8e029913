/**
 * The server's own tools (discovery, plan_request): a zod/v3 schema is both the published
 * inputSchema (via zod-to-json-schema) and the argument check, so the two cannot drift apart.
 */
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod/v3";
import { zodToJsonSchema } from "zod-to-json-schema";
import { errorResult, type CallContext } from "./call-pipeline.js";

/** A row of the tool table: what tools/list shows and what tools/call runs. */
export interface ServerTool {
  tool: Tool;
  handle(args: unknown, ctx: CallContext): Promise<CallToolResult>;
}

export interface OwnToolSpec<S extends z.ZodTypeAny> {
  name: string;
  title: string;
  description: string;
  args: S;
  /** JSON Schema of structuredContent, where its shape is stable. */
  output?: Tool["outputSchema"];
  readOnly: boolean;
  /** May delete or overwrite (call_operation with destructive writes allowed). */
  destructive?: boolean;
  /** Touches Graph (or may, through call_operation / plan_request). */
  openWorld: boolean;
  /** Called with the parsed arguments; `onInvalid` audits a rejected call. */
  run(args: z.infer<S>, ctx: CallContext): Promise<CallToolResult>;
  onInvalid(rawArgs: unknown, message: string, ctx: CallContext): void;
}

export function jsonSchemaOf(schema: z.ZodTypeAny): Tool["inputSchema"] {
  const { $schema: _drop, ...rest } = zodToJsonSchema(schema, { $refStrategy: "none", target: "jsonSchema7" }) as Record<string, unknown>;
  return rest as Tool["inputSchema"];
}

/** "limit: Number must be less than or equal to 20" — the first problem, named by its argument. */
export function describeZodIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid arguments";
  const where = issue.path.length > 0 ? issue.path.join(".") : "arguments";
  return `${where}: ${issue.message}`;
}

export function ownTool<S extends z.ZodTypeAny>(spec: OwnToolSpec<S>): ServerTool {
  return {
    tool: {
      name: spec.name,
      title: spec.title,
      description: spec.description,
      inputSchema: jsonSchemaOf(spec.args),
      ...(spec.output ? { outputSchema: spec.output } : {}),
      annotations: { readOnlyHint: spec.readOnly, destructiveHint: spec.destructive ?? false, idempotentHint: spec.readOnly, openWorldHint: spec.openWorld },
    },
    async handle(rawArgs, ctx) {
      const parsed = spec.args.safeParse(rawArgs ?? {});
      if (!parsed.success) {
        const message = `Invalid arguments for ${spec.name}: ${describeZodIssue(parsed.error)}.`;
        spec.onInvalid(rawArgs, message, ctx);
        return errorResult(message);
      }
      return spec.run(parsed.data, ctx);
    },
  };
}
