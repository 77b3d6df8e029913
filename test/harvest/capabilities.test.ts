/**
 * spec/capabilities.yaml → the catalog: every curated list operation's recorded capabilities match
 * the doc data (and a reviewed snapshot), schemas offer only the documented options, the file is
 * pinned in tools/index.json, and bad capability data fails the harvest with one sentence.
 */
import { readFileSync, writeFileSync, copyFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/catalog/load.js";
import { buildCatalogFiles } from "../../src/harvest/catalog.js";
import { loadSpec, sha256 } from "../../src/harvest/load.js";
import { HarvestError } from "../../src/harvest/openapi.js";
import { CapabilitiesFile, type OperationCapabilitiesEntry } from "../../src/harvest/spec.js";
import { realInput, SPEC_DIR, tempDir } from "./support.js";

const YAML_PATH = join(SPEC_DIR, "capabilities.yaml");
const yamlText = readFileSync(YAML_PATH, "utf8");
const data = CapabilitiesFile.parse(parseYaml(yamlText));
const catalog = loadCatalog();
const OPTION_ARGS = ["filter", "where", "top", "skip", "select", "orderby", "count", "expand", "search"];

const listOps = catalog.operations.filter((o) => o.pageable);

describe.each(listOps.map((o) => [o.name, o] as const))("%s", (name, op) => {
  const entry: OperationCapabilitiesEntry | undefined = data.operations[name];

  it("records the capabilities the doc data gives it", () => {
    const caps = op.capabilities;
    expect(caps, "every paged list carries capabilities").toBeDefined();
    if (entry === undefined || !entry.documented) {
      expect(caps!.documented).toBe(false);
      expect(caps!.note).toBe(entry?.note ?? "No entry in spec/capabilities.yaml: the reference pages were not reviewed for this operation.");
      return;
    }
    expect(caps!.documented).toBe(true);
    expect(caps!.sources).toEqual(entry.sources.map((s) => `${data.docs.repository}:${s.path}@${s.commit}`));
    expect(caps!.options).toEqual([...(entry.options ?? [])].sort());
    const filter = entry.filter === undefined ? null : Array.isArray(entry.filter) ? Object.fromEntries(entry.filter.map((p) => [p, null])) : entry.filter;
    expect(caps!.filter === null ? null : Object.keys(caps!.filter).sort()).toEqual(filter === null ? null : Object.keys(filter).sort());
    for (const [path, ops] of Object.entries(filter ?? {})) expect(caps!.filter![path], path).toEqual(ops === null ? null : [...ops].sort());
    expect(caps!.orderby).toEqual(entry.options?.includes("orderby") ? (entry.orderby ?? null) : []);
    expect(caps!.filterOperators).toEqual(entry.filterOperators ? [...entry.filterOperators].sort() : undefined);
    expect(caps!.expand).toEqual(entry.expand ?? []);
    expect(caps!.count).toEqual(entry.count ?? null);
  });

  it("offers in its schema exactly the documented options", () => {
    const offered = Object.keys(op.inputSchema.properties as object).filter((k) => OPTION_ARGS.includes(k));
    // Documented: the listed options; silent: the options the OpenAPI operation declares. `where` follows `filter`.
    const expected = op.capabilities!.options.flatMap((o) => (o === "filter" ? ["filter", "where"] : [o]));
    expect(offered.sort()).toEqual(expected.sort());
    if (entry?.maxTop !== undefined) expect((op.inputSchema.properties as Record<string, { maximum: number }>).top!.maximum).toBe(entry.maxTop);
  });
});

describe("capability data", () => {
  it("matches the reviewed snapshot of every operation's capabilities", async () => {
    const summary = Object.fromEntries(catalog.operations.filter((o) => o.capabilities).map((o) => [o.name, o.capabilities]));
    await expect(`${JSON.stringify(summary, null, 2)}\n`).toMatchFileSnapshot("snapshots/capabilities.json");
  });
  it("is pinned in tools/index.json by the sha256 of spec/capabilities.yaml", () => {
    expect(catalog.index.capabilities).toEqual({ file: "capabilities.yaml", sha256: sha256(yamlText) });
  });
  it("names only curated operations, and each documented entry cites a reference page at a commit", () => {
    for (const [name, entry] of Object.entries(data.operations)) {
      expect(catalog.byName.has(name), name).toBe(true);
      if (entry.documented) expect(entry.sources.length, name).toBeGreaterThan(0);
    }
  });
});

describe("bad capability data fails the harvest with one sentence", () => {
  const withEntry = async (name: string, entry: Record<string, unknown>) => {
    const input = await realInput();
    const parsed = CapabilitiesFile.parse({ ...data, operations: { ...data.operations, [name]: entry } });
    return () => buildCatalogFiles({ ...input, capabilities: { ...input.capabilities!, data: parsed } });
  };
  const source = { path: "api-reference/v1.0/api/security-list-alerts_v2.md", commit: "0".repeat(40) };

  it("refuses a property the entity does not have", async () => {
    const run = await withEntry("alerts_list", { sources: [source], options: ["filter"], filter: ["severity", "sevrity"] });
    expect(run).toThrow(HarvestError);
    expect(run).toThrow("spec/capabilities.yaml operation alerts_list: filter property sevrity is not a field of the entity");
  });
  it("refuses an option the OpenAPI operation does not declare", async () => {
    const run = await withEntry("incidents_get", { sources: [source], options: ["filter"] });
    expect(run).toThrow("spec/capabilities.yaml operation incidents_get: option filter is documented but the OpenAPI operation does not declare it");
  });
  it("refuses an entry for an operation the profile does not curate", async () => {
    const run = await withEntry("alerts_lsit", { documented: false, note: "typo" });
    expect(run).toThrow("spec/capabilities.yaml: alerts_lsit is not an operation of spec/profile.yaml");
  });
  it("refuses inconsistent entries when the spec folder is read", async () => {
    const dir = tempDir("caps");
    for (const file of ["sources.json", "profile.yaml"]) copyFileSync(join(SPEC_DIR, file), join(dir, file));
    const cases: [string, RegExp][] = [
      ["  alerts_list:\n    documented: false\n    options: [top]\n    note: silent\n", /options given for an operation marked documented: false/],
      ["  alerts_list:\n    sources: []\n    options: [top]\n", /a documented entry needs at least one source/],
      ["  alerts_list:\n    sources:\n      - { path: api-reference/v1.0/api/x.md, commit: " + "a".repeat(40) + " }\n    options: [top]\n    orderby: [createdDateTime]\n", /orderby details given but orderby is not in options/],
      ["  alerts_list:\n    sources:\n      - { path: api-reference/v1.0/api/x.md, commit: " + "a".repeat(40) + " }\n    options: [filter]\n    filter: { severity: [like] }\n", /capabilities\.yaml: operations\.alerts_list\.filter/],
    ];
    for (const [entry, message] of cases) {
      writeFileSync(join(dir, "capabilities.yaml"), `docs:\n  repository: microsoftgraph/microsoft-graph-docs-contrib\noperations:\n${entry}`);
      await expect(loadSpec(dir)).rejects.toThrow(message);
    }
  });
});
