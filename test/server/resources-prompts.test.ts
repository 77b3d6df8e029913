import { describe, expect, it } from "vitest";
import { defaultToolsDir, loadCatalog } from "../../src/catalog/load.js";
import { connectPerTest } from "./helpers.js";

const textContent = (contents: ({ text: string } | { blob: string })[]) => {
  const first = contents[0];
  if (!first || !("text" in first)) throw new Error("expected a text resource");
  return first.text;
};

const connect = connectPerTest();

describe("resources", () => {
  it("lists one document per visible toolset and per entity they address", async () => {
    const session = await connect({ toolsets: ["alerts", "hunting"] });
    // The hunting tables' resources are tested in test/graph/kql/resources.test.ts.
    const uris = (await session.client.listResources()).resources.map((r) => r.uri).filter((u) => !u.startsWith("secgraph://hunting/tables/")).sort();
    expect(uris).toEqual(["secgraph://entities/microsoft.graph.security.alert", "secgraph://toolsets/alerts", "secgraph://toolsets/hunting"]);
  });

  it("reads a toolset without its hidden write operations, and an entity's field list", async () => {
    const session = await connect();
    const toolset = await session.client.readResource({ uri: "secgraph://toolsets/alerts" });
    const doc = JSON.parse(textContent(toolset.contents)) as { operations: { name: string }[] };
    expect(doc.operations.map((o) => o.name)).toEqual(["alerts_list", "alerts_get"]);

    const entity = await session.client.readResource({ uri: "secgraph://entities/microsoft.graph.security.alert" });
    const fields = (JSON.parse(textContent(entity.contents)) as { fields: Record<string, { type: string; filterable: boolean }> }).fields;
    expect(fields.severity).toMatchObject({ type: "enum", filterable: true });
  });

  it("answers an unknown resource with a protocol error and keeps serving", async () => {
    const session = await connect();
    await expect(session.client.readResource({ uri: "secgraph://toolsets/nope" })).rejects.toThrow(/Unknown resource/);
    expect((await session.client.listResources()).resources.length).toBeGreaterThan(0);
  });
});

describe("prompts", () => {
  it("offers 3 to 5 SOC workflows over the packaged catalog, each naming only published tools", async () => {
    const session = await connect({ catalog: loadCatalog(defaultToolsDir()) });
    const { prompts } = await session.client.listPrompts();
    expect(prompts.length).toBeGreaterThanOrEqual(3);
    expect(prompts.length).toBeLessThanOrEqual(5);
    const toolNames = new Set((await session.client.listTools()).tools.map((t) => t.name));
    for (const prompt of prompts) {
      const args = Object.fromEntries((prompt.arguments ?? []).map((a) => [a.name, "x1"]));
      const got = await session.client.getPrompt({ name: prompt.name, arguments: args });
      const text = got.messages.map((m) => (m.content.type === "text" ? m.content.text : "")).join("\n");
      const named = [...text.matchAll(/`([a-z0-9_]+)`/g)].map((m) => m[1]!);
      expect(named.length, prompt.name).toBeGreaterThanOrEqual(2);
      for (const name of named) expect(toolNames.has(name), `${prompt.name} → ${name}`).toBe(true);
    }
  });

  it("fills the arguments in and refuses a missing required one", async () => {
    const session = await connect({ catalog: loadCatalog(defaultToolsDir()) });
    const got = await session.client.getPrompt({ name: "triage_alert", arguments: { alertId: "da637" } });
    const text = got.messages[0]!.content.type === "text" ? got.messages[0]!.content.text : "";
    expect(text).toContain("da637");
    expect(text).toMatch(/`alerts_get`/);
    await expect(session.client.getPrompt({ name: "triage_alert", arguments: {} })).rejects.toThrow(/alertId/);
  });

  it("leaves out steps whose tool is not published (writes off), and uses call_operation in discovery mode", async () => {
    const catalog = loadCatalog(defaultToolsDir());
    const session = await connect({ catalog, discovery: true });
    const got = await session.client.getPrompt({ name: "triage_alert", arguments: { alertId: "a" } });
    const text = got.messages[0]!.content.type === "text" ? got.messages[0]!.content.text : "";
    expect(text).toMatch(/call_operation with name "alerts_get"/);
    expect(text).not.toMatch(/alerts_update/);
  });
});
