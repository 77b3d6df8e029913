/** Planners hand over their compiled call: plan_request runs it through the pipeline without compiling it again. */
import { describe, expect, it } from "vitest";
import { compileCall } from "../../src/graph/compile.js";
import type { CompileFn } from "../../src/pipeline/index.js";
import { createRulesPlanner } from "../../src/planner/rules/index.js";
import { connectPerTest, fixtureCatalog } from "../server/helpers.js";

const connect = connectPerTest();

describe("a planned call is compiled once", () => {
  it("dry-run plan_request reuses the rules planner's compiled request, and audits it", async () => {
    const catalog = fixtureCatalog();
    let compiles = 0;
    const compile: CompileFn = (...args) => (compiles++, compileCall(...args));
    const session = await connect({ catalog, planner: createRulesPlanner(catalog), compile });
    const result = await session.call("plan_request", { request: "high severity alerts from the last 24 hours", now: "2026-11-21T12:00:00Z" });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ decision: "call", mode: "dry-run", request: { method: "GET" } });
    expect(compiles).toBe(0);
    expect(session.audit.entries.at(-1)).toMatchObject({ tool: "plan_request", outcome: "dry-run", request: { method: "GET" } });
    // A direct call does go through the pipeline's compiler.
    await session.call("alerts_list", { top: 1 });
    expect(compiles).toBe(1);
  });
});
