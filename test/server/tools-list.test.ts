import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { countTokens } from "gpt-tokenizer";
import { describe, expect, it } from "vitest";
import { defaultToolsDir, loadCatalog } from "../../src/catalog/load.js";
import { createPlanner } from "../../src/planner/index.js";
import { MemoryAuditLog } from "../../src/server/audit.js";
import { createServer } from "../../src/server/server.js";
import { ServerSetupError } from "../../src/server/registry.js";
import { connectPerTest, fixtureCatalog } from "./helpers.js";

const connect = connectPerTest();

const SNAPSHOT = resolve(import.meta.dirname, "snapshots", "tools-list.json");

function hasKey(value: unknown, key: string): boolean {
  if (value === null || typeof value !== "object") return false;
  return Object.entries(value).some(([k, v]) => k === key || hasKey(v, key));
}

describe("tools/list of the packaged catalog", () => {
  it("matches the committed snapshot (UPDATE_SNAPSHOTS=1 rewrites it)", async () => {
    const session = await connect({ catalog: loadCatalog(defaultToolsDir()) });
    const { tools } = await session.client.listTools();
    const surface = tools.map((t) => ({ name: t.name, annotations: t.annotations, inputSchema: t.inputSchema }));
    const text = `${JSON.stringify(surface, null, 2)}\n`;
    if (process.env.UPDATE_SNAPSHOTS) writeFileSync(SNAPSHOT, text);
    expect(text).toBe(readFileSync(SNAPSHOT, "utf8"));
  });

  it("publishes only read-only tools by default, each with all four hints and no $ref", async () => {
    const catalog = loadCatalog(defaultToolsDir());
    const session = await connect({ catalog });
    const { tools } = await session.client.listTools();
    expect(tools.length).toBe(catalog.operations.filter((op) => op.readOnly).length);
    for (const tool of tools) {
      const op = catalog.byName.get(tool.name);
      expect(op, tool.name).toBeDefined();
      expect(tool.annotations).toEqual({ readOnlyHint: true, destructiveHint: op!.destructive, idempotentHint: op!.idempotent, openWorldHint: true });
      expect(tool.title).toBe(op!.title);
      expect(tool.inputSchema.type).toBe("object");
      expect(hasKey(tool.inputSchema, "$ref")).toBe(false);
      // Several clients (VS Code, Gemini) reject array schemas without items.
      for (const prop of Object.values(tool.inputSchema.properties ?? {}) as { type?: string; items?: unknown }[]) {
        if (prop.type === "array") expect(prop.items, tool.name).toBeDefined();
      }
      expect(tool.description).toContain(op!.examples[0]!);
    }
  });

  it("averages at most 150 tokens per tool in the default mode, plan_request included (o200k BPE via gpt-tokenizer)", async () => {
    const session = await connect({ catalog: loadCatalog(defaultToolsDir()), planner: await createPlanner({ planner: "rules" }) });
    const { tools } = await session.client.listTools();
    const tokens = countTokens(JSON.stringify(tools));
    expect(tokens / tools.length).toBeLessThanOrEqual(150);
  });
});

describe("tool visibility", () => {
  it("hides write tools unless writes are allowed, and then adds confirmationCode to their schema", async () => {
    const readOnly = await connect();
    expect((await readOnly.client.listTools()).tools.map((t) => t.name)).toEqual(["alerts_list", "alerts_get", "hunting_run_query", "risky_users_list"]);

    const writable = await connect({ allowWrites: true });
    const { tools } = await writable.client.listTools();
    const update = tools.find((t) => t.name === "alerts_update");
    expect(update?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false, idempotentHint: true });
    expect(update?.inputSchema.properties).toHaveProperty("confirmationCode");
    const dismiss = tools.find((t) => t.name === "risky_users_dismiss");
    expect(dismiss?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(tools.find((t) => t.name === "alerts_list")?.inputSchema.properties).not.toHaveProperty("confirmationCode");
  });

  it("filters by toolset", async () => {
    const session = await connect({ toolsets: ["identity", "hunting"], allowWrites: true });
    const names = (await session.client.listTools()).tools.map((t) => t.name).sort();
    expect(names).toEqual(["hunting_run_query", "risky_users_dismiss", "risky_users_list"]);
    const outside = await session.call("alerts_list", {});
    expect(outside.isError).toBe(true);
  });

  it("rejects an unknown toolset at start-up with the known names", () => {
    expect(() => createServer({ catalog: fixtureCatalog(), audit: new MemoryAuditLog(), toolsets: ["alert"] })).toThrow(ServerSetupError);
    expect(() => createServer({ catalog: fixtureCatalog(), audit: new MemoryAuditLog(), toolsets: ["alert"] })).toThrow(/known toolsets: alerts, hunting, identity/);
  });

  it("lists standard OData options as bare types (plus $top's cap) and leaves a few unlisted", async () => {
    const session = await connect();
    const list = (await session.client.listTools()).tools.find((t) => t.name === "alerts_list");
    const props = list?.inputSchema.properties as Record<string, Record<string, unknown>>;
    expect(props.top).toEqual({ type: "integer", maximum: 1000 });
    expect(props.select).toEqual({ type: "array", items: { type: "string" } });
    for (const unlisted of ["where", "skip", "count"]) expect(props).not.toHaveProperty(unlisted);
    expect(list?.description).toMatch(/Filter on: severity, status/);
    // The listed schema is a view: calls are still checked against the catalog's full schema.
    const structured = await session.call("alerts_list", { where: [{ field: "severity", op: "eq", value: "high" }] });
    expect(structured.isError).toBeFalsy();
    const tooLong = await session.call("alerts_list", { filter: "x".repeat(5000) });
    expect(tooLong.isError).toBe(true);
  });
});

describe("discovery mode", () => {
  it("publishes a few tools whose whole list fits in 2000 tokens", async () => {
    const session = await connect({ catalog: loadCatalog(defaultToolsDir()), discovery: true, allowWrites: true, planner: await createPlanner({ planner: "rules" }) });
    const { tools } = await session.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(["search_operations", "describe_operation", "call_operation", "plan_request"]);
    expect(tools.every((t) => t.outputSchema !== undefined)).toBe(true);
    expect(countTokens(JSON.stringify(tools))).toBeLessThanOrEqual(2000);
  });
});
