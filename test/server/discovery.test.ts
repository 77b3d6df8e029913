import { describe, expect, it } from "vitest";
import { defaultToolsDir, loadCatalog } from "../../src/catalog/load.js";
import { connectPerTest, textOf } from "./helpers.js";

const connect = connectPerTest();

type SearchResult = { results: { name: string; arguments: Record<string, string> }[] };

describe("discovery tools", () => {
  it("search_operations ranks by meaning of the words and returns compact argument lists", async () => {
    const session = await connect({ discovery: true });
    const result = await session.call("search_operations", { query: "which users are at high risk", limit: 2 });
    const { results } = result.structuredContent as SearchResult;
    expect(results[0]!.name).toBe("risky_users_list");
    expect(results.length).toBeLessThanOrEqual(2);
    expect(results[0]!.arguments).toMatchObject({ top: "integer 1..1000", filter: "string", where: "array of {field, op, value}" });

    const hunt = (await session.call("search_operations", { query: "KQL mimikatz" })).structuredContent as SearchResult;
    expect(hunt.results[0]!.name).toBe("hunting_run_query");
    expect(hunt.results[0]!.arguments).toHaveProperty("query*");
  });

  it("search over the packaged catalog finds the alert list for an analyst's phrasing", async () => {
    const session = await connect({ discovery: true, catalog: loadCatalog(defaultToolsDir()) });
    const { results } = (await session.call("search_operations", { query: "high severity alerts from the last day", limit: 3 })).structuredContent as SearchResult;
    expect(results.map((r) => r.name)).toContain("alerts_list");
  });

  it("search and describe hide write operations while writes are off", async () => {
    const session = await connect({ discovery: true });
    const { results } = (await session.call("search_operations", { query: "dismiss user risk" })).structuredContent as SearchResult;
    expect(results.map((r) => r.name)).not.toContain("risky_users_dismiss");
    const described = await session.call("describe_operation", { name: "risky_users_dismiss" });
    expect(described.isError).toBe(true);
    expect(textOf(described)).toMatch(/--allow-writes/);
    const called = await session.call("call_operation", { name: "risky_users_dismiss", arguments: { userIds: ["u1"] } });
    expect(called.isError).toBe(true);
    expect(textOf(called)).toMatch(/--allow-writes/);
  });

  it("describe_operation returns the full schema and the entity's filter fields", async () => {
    const session = await connect({ discovery: true });
    const result = await session.call("describe_operation", { name: "alerts_list" });
    const described = result.structuredContent as { method: string; path: string; inputSchema: { properties: Record<string, unknown> }; filterFields: Record<string, string> };
    expect(described.method).toBe("GET");
    expect(described.path).toBe("/security/alerts_v2");
    expect(described.inputSchema.properties).toHaveProperty("where");
    expect(described.filterFields.severity).toBe("unknown|informational|low|medium|high");
  });

  it("call_operation validates and compiles like a direct call", async () => {
    const session = await connect({ discovery: true });
    const ok = await session.call("call_operation", { name: "alerts_get", arguments: { alertId: "a1" } });
    expect(ok.structuredContent).toMatchObject({ mode: "dry-run", operation: "alerts_get" });
    const bad = await session.call("call_operation", { name: "alerts_get", arguments: {} });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/alertId/);
    const unknown = await session.call("call_operation", { name: "alerts_lists" });
    expect(textOf(unknown)).toMatch(/Did you mean alerts_list/);
  });

  it("rejects bad discovery arguments with the argument's name", async () => {
    const session = await connect({ discovery: true });
    const result = await session.call("search_operations", { query: "alerts", limit: 500 });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/limit/);
    expect((await session.call("search_operations", { query: "x", extra: 1 })).isError).toBe(true);
    expect(session.audit.entries.map((e) => e.outcome)).toEqual(["invalid", "invalid"]);
  });

  it("points operation names called directly to call_operation", async () => {
    const session = await connect({ discovery: true });
    const result = await session.call("alerts_list", {});
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/call_operation/);
  });
});
