import { describe, expect, it } from "vitest";
import type { CompiledRequest, ExecResult, Executor } from "../../src/graph/types.js";
import type { PlanContext, PlanResult, Planner } from "../../src/planner/types.js";
import { DeferredPlanner } from "../../src/server/deferred-planner.js";
import { connectPerTest, textOf } from "./helpers.js";

/** Answers from a fixed table and remembers what it was asked. */
class TablePlanner implements Planner {
  readonly name = "table";
  readonly asked: { text: string; now: string }[] = [];
  constructor(private readonly table: Record<string, PlanResult>) {}
  async plan(text: string, ctx: PlanContext): Promise<PlanResult> {
    this.asked.push({ text, now: ctx.now.toISOString() });
    return this.table[text] ?? { decision: "decline", reason: "not a security request" };
  }
}

const planner = new TablePlanner({
  "high alerts": { decision: "call", operation: "alerts_list", arguments: { where: [{ field: "createdDateTime", op: "ge", value: "-P1D" }], top: 5 } },
  "bad plan": { decision: "call", operation: "alerts_list", arguments: { top: "five" } },
  "resolve alert a1": { decision: "call", operation: "alerts_update", arguments: { alertId: "a1", status: "resolved" } },
});

const connect = connectPerTest();

describe("plan_request", () => {
  it("is listed only when a planner is given", async () => {
    const without = await connect();
    expect((await without.client.listTools()).tools.map((t) => t.name)).not.toContain("plan_request");
    const withPlanner = await connect({ planner });
    expect((await withPlanner.client.listTools()).tools.map((t) => t.name)).toContain("plan_request");
  });

  it("returns the planned call compiled as a dry-run, with relative times resolved against now", async () => {
    const session = await connect({ planner });
    const result = await session.call("plan_request", { request: "high alerts", now: "2026-11-21T12:00:00Z" });
    expect(result.isError).toBeFalsy();
    const structured = result.structuredContent as { decision: string; operation: string; mode: string; request: CompiledRequest };
    expect(structured).toMatchObject({ decision: "call", planner: "table", operation: "alerts_list", mode: "dry-run" });
    const filter = new URL(structured.request.url).searchParams.get("$filter");
    expect(filter).toBe("createdDateTime ge 2026-11-20T12:00:00Z");
    expect(session.audit.entries.at(-1)).toMatchObject({ tool: "plan_request", operation: "alerts_list", outcome: "dry-run" });
  });

  it("passes a decline through, and rejects a plan whose arguments are invalid", async () => {
    const session = await connect({ planner });
    const declined = await session.call("plan_request", { request: "order pizza" });
    expect(declined.structuredContent).toEqual({ decision: "decline", reason: "not a security request" });
    const invalid = await session.call("plan_request", { request: "bad plan" });
    expect(invalid.isError).toBe(true);
    expect(textOf(invalid)).toMatch(/top/);
  });

  it("refuses a planned write while writes are off", async () => {
    const session = await connect({ planner });
    const result = await session.call("plan_request", { request: "resolve alert a1" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/--allow-writes/);
  });

  it("in live mode, a planned write goes through confirmation and is not executed", async () => {
    const sent: CompiledRequest[] = [];
    const executor: Executor = { execute: async (request): Promise<ExecResult> => (sent.push(request), { status: 200, result: {} }) };
    const codes: string[] = [];
    const session = await connect({ planner, executor, allowWrites: true, notifyPerson: (n) => void codes.push(n.code) });
    const result = await session.call("plan_request", { request: "resolve alert a1" });
    expect(result.structuredContent).toMatchObject({ decision: "call", confirmation: "required" });
    expect(textOf(result)).toMatch(/call alerts_update again with the same arguments plus confirmationCode/);
    expect(codes).toHaveLength(1);
    expect(textOf(result)).not.toContain(codes[0]);
    // The model alone cannot send it; the code the person read can, through the tool itself.
    await session.call("alerts_update", { alertId: "a1", status: "resolved", confirm: true });
    expect(sent).toHaveLength(0);
    await session.call("alerts_update", { alertId: "a1", status: "resolved", confirmationCode: codes[0] });
    expect(sent).toHaveLength(1);
  });

  it("rejects bad arguments", async () => {
    const session = await connect({ planner });
    expect((await session.call("plan_request", { request: "" })).isError).toBe(true);
    expect((await session.call("plan_request", { request: "x", now: "yesterday" })).isError).toBe(true);
  });

  it("reports a planner that cannot load as a tool error and keeps serving", async () => {
    let loads = 0;
    const broken = new DeferredPlanner("model", async () => {
      loads++;
      throw new Error("--planner model needs --model PATH");
    });
    const session = await connect({ planner: broken });
    const result = await session.call("plan_request", { request: "high alerts" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/The planner failed: --planner model needs --model PATH/);
    expect((await session.call("alerts_list", { top: 1 })).isError).toBeFalsy();
    await session.call("plan_request", { request: "high alerts" });
    expect(loads).toBe(1);
  });

  it("loads a deferred planner once, on first use, and closes what it loaded", async () => {
    let loads = 0;
    let closed = 0;
    const deferred = new DeferredPlanner("auto", async () => {
      loads++;
      return { name: "table", plan: (t, c) => planner.plan(t, c), close: async () => void closed++ };
    });
    expect(loads).toBe(0);
    const session = await connect({ planner: deferred });
    await session.call("plan_request", { request: "high alerts" });
    await session.call("plan_request", { request: "order pizza" });
    expect(loads).toBe(1);
    await deferred.close();
    expect(closed).toBe(1);
  });
});
