/**
 * plan_request: free text → the planner's proposed call, which then goes through exactly the
 * same pipeline as a direct call (write policy, validation, compile, dry-run or confirmation).
 */
import { z } from "zod/v3";
import type { Catalog, Operation } from "../catalog/types.js";
import { planExtras } from "../planner/extras.js";
import type { PlanResult, Planner } from "../planner/types.js";
import { errorResult, toolResult, writesDisabledMessage, type CallPipeline } from "../pipeline/index.js";
import { ownTool, type ServerTool } from "./server-tool.js";

export interface PlanToolDeps {
  planner: Planner;
  catalog: Catalog;
  visible: Map<string, Operation>;
  pipeline: CallPipeline;
  now: () => Date;
  /** Writes are confirmed through call_operation in discovery mode. */
  discovery: boolean;
}

export function planTool({ planner, catalog, visible, pipeline, now, discovery }: PlanToolDeps): ServerTool {
  return ownTool({
    name: "plan_request",
    title: "Plan a request",
    description: `Turn an analyst's request in plain words into one validated Graph call (planner: ${planner.name}). Returns the proposed operation, its arguments and the exact request; declines out-of-scope or unsafe requests.`,
    args: z.object({
      request: z.string().min(1).max(2000),
      now: z.string().datetime({ offset: true }).optional().describe("ISO time that 'last 24 hours' is relative to"),
    }).strict(),
    output: {
      type: "object",
      properties: {
        decision: { type: "string", enum: ["call", "decline"] },
        reason: { type: "string" },
        operation: { type: "string" },
        arguments: { type: "object" },
        mode: { type: "string", enum: ["dry-run", "live"] },
        request: { type: "object" },
        confidence: { type: "number", minimum: 0, maximum: 1 },
        alternatives: { type: "array", maxItems: 2, items: { type: "object" } },
      },
      required: ["decision"],
    },
    readOnly: true,
    openWorld: true,
    onInvalid: (rawArgs, message, ctx) =>
      void pipeline.record({ tool: ctx.tool, operation: null, arguments: rawArgs ?? {}, request: null, outcome: "invalid", message }, ctx).catch(() => {}),
    async run({ request, now: nowText }, ctx) {
      const at = nowText === undefined ? now() : new Date(nowText);
      let plan: PlanResult;
      try {
        plan = await planner.plan(request, { now: at });
      } catch (e) {
        // A planner that cannot load (no model, bad file) or fails mid-plan: say so, keep serving.
        const message = pipeline.clean(`The planner failed: ${e instanceof Error ? e.message : String(e)}`);
        await pipeline.record({ tool: ctx.tool, operation: null, arguments: { request }, request: null, outcome: "error", message }, ctx);
        return errorResult(message);
      }
      if (plan.decision === "decline") {
        await pipeline.record({ tool: ctx.tool, operation: null, arguments: { request }, request: null, outcome: "declined", message: plan.reason }, ctx);
        return { content: [{ type: "text", text: `Declined: ${plan.reason}` }], structuredContent: { decision: "decline", reason: plan.reason } };
      }
      const op = visible.get(plan.operation);
      if (!op) {
        const exists = catalog.byName.get(plan.operation);
        const message = exists && !exists.readOnly
          ? writesDisabledMessage(plan.operation)
          : `The planner proposed "${plan.operation}", which this server does not publish (toolset filter or unknown operation).`;
        await pipeline.record({ tool: ctx.tool, operation: exists?.name ?? null, arguments: plan.arguments, request: null, outcome: "refused", message }, ctx);
        return errorResult(message);
      }
      const confirmVia = discovery ? `call_operation (name "${op.name}")` : op.name;
      // The planner's compiled call is reused where it fits; either way it runs the one pipeline.
      const outcome = toolResult(await pipeline.runPlanned({ operation: op, arguments: plan.arguments, compiled: plan.compiled }, { ...ctx, now: at, confirmVia }), pipeline.live);
      const structured = outcome.structuredContent ?? {};
      return {
        ...outcome,
        structuredContent: { decision: "call", planner: plan.decidedBy ?? planner.name, arguments: plan.arguments, ...structured, ...planExtras(plan, catalog, { now: at }) },
      };
    },
  });
}
