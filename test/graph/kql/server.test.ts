/** The KQL check as a client sees it: tool errors, hunting-table resources, describe_operation. */
import { describe, expect, it } from "vitest";
import { loadHuntingSchema } from "../../../src/graph/kql/index.js";
import { connectPerTest, textOf } from "../../server/helpers.js";

const connect = connectPerTest();

describe("hunting tool over MCP", () => {
  it("dry-runs a valid hunt and refuses bad KQL with one sentence, audited and never sent", async () => {
    const session = await connect();
    const ok = await session.call("hunting_run_query", { query: "DeviceProcessEvents | where Timestamp > ago(1d) | take 10" });
    expect(ok.isError).toBeFalsy();

    const typo = await session.call("hunting_run_query", { query: "DeviceProcesEvents | take 10" });
    expect(typo.isError).toBe(true);
    expect(textOf(typo)).toMatch(/^Invalid arguments for hunting_run_query: query is refused before sending \(unknown-table\): .*did you mean DeviceProcessEvents/);

    const drop = await session.call("hunting_run_query", { query: ".drop table DeviceProcessEvents" });
    expect(textOf(drop)).toMatch(/management commands/);
    const outcomes = session.audit.entries.filter((e) => e.operation === "hunting_run_query").map((e) => [e.outcome, e.request]);
    expect(outcomes).toEqual([["dry-run", expect.anything()], ["invalid", null], ["invalid", null]]);
  });

  it.each([
    ["a 1 MB query", `DeviceInfo | where DeviceName has "${"a".repeat(1_048_576)}"`, /too long|bytes/],
    ["9 000 nested parentheses", `print ${"(".repeat(9_000)}`, /levels deep/],
    ["NUL bytes", "DeviceInfo\u0000\u0000 | take 1", /U\+0000/],
  ])("answers %s with a clear tool error and keeps serving", async (_label, query, says) => {
    const session = await connect();
    const result = await session.call("hunting_run_query", { query });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(says);
    expect(textOf(result).length).toBeLessThan(600);
    expect((await session.call("hunting_run_query", { query: "DeviceInfo | take 1" })).isError).toBeFalsy();
  });
});

describe("hunting tables for a host model", () => {
  it("lists a resource per table and reads its columns and types", async () => {
    const session = await connect({ toolsets: ["hunting"] });
    const uris = (await session.client.listResources()).resources.map((r) => r.uri).filter((u) => u.startsWith("secgraph://hunting/tables/"));
    expect(uris.sort()).toEqual(Object.keys(loadHuntingSchema().tables).map((t) => `secgraph://hunting/tables/${t}`).sort());

    const read = await session.client.readResource({ uri: "secgraph://hunting/tables/DeviceLogonEvents" });
    const first = read.contents[0];
    const doc = JSON.parse(first && "text" in first ? first.text : "{}") as { table: string; columns: { name: string; type: string }[]; source: { commit: string } };
    expect(doc.table).toBe("DeviceLogonEvents");
    expect(doc.columns).toContainEqual({ name: "LogonType", type: "string" });
    expect(doc.columns).toContainEqual({ name: "RemotePort", type: "int" });
    expect(doc.source.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it("offers no hunting tables when the hunting operation is not visible", async () => {
    const session = await connect({ toolsets: ["alerts"] });
    const uris = (await session.client.listResources()).resources.map((r) => r.uri);
    expect(uris.some((u) => u.startsWith("secgraph://hunting/"))).toBe(false);
  });

  it("describe_operation lists the table names for the hunting operation only", async () => {
    const session = await connect({ discovery: true });
    const hunting = (await session.call("describe_operation", { name: "hunting_run_query" })).structuredContent as { huntingTables?: string[]; huntingTableResource?: string };
    expect(hunting.huntingTables).toContain("EmailEvents");
    expect(hunting.huntingTables).toHaveLength(Object.keys(loadHuntingSchema().tables).length);
    expect(hunting.huntingTableResource).toBe("secgraph://hunting/tables/{table}");
    const alerts = (await session.call("describe_operation", { name: "alerts_list" })).structuredContent as Record<string, unknown>;
    expect(alerts).not.toHaveProperty("huntingTables");
  });
});
