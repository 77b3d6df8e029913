/**
 * spec/capabilities.yaml → the catalog: every curated operation that takes query options has a
 * reviewed entry, its recorded capabilities match the doc data (and a reviewed snapshot), schemas
 * offer only the documented options, each documented option compiles and every other one is refused
 * with a sentence naming the documented ones, the file is pinned in tools/index.json, and bad
 * capability data fails the harvest with one sentence.
 */
import { readFileSync, writeFileSync, copyFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/catalog/load.js";
import type { Operation } from "../../src/catalog/types.js";
import { prepareCall } from "../../src/graph/compile.js";
import { ArgumentError } from "../../src/graph/types.js";
import { ArgValidator } from "../../src/graph/validate.js";
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

/** Every operation the harvester gave capabilities: those that declare OData options, lists and gets alike. */
const withCapabilities = catalog.operations.filter((o) => o.capabilities);

describe.each(withCapabilities.map((o) => [o.name, o] as const))("%s", (name, op) => {
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
  it("covers every curated list operation and every operation that takes query options", () => {
    expect(catalog.operations.filter((o) => o.pageable && !o.capabilities).map((o) => o.name)).toEqual([]);
    // Each was reviewed: an entry records what the pages say, or that they are silent.
    expect(withCapabilities.filter((o) => data.operations[o.name] === undefined).map((o) => o.name)).toEqual([]);
  });
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

const validator = new ArgValidator(catalog);
const NOW = new Date("2026-11-21T12:00:00Z");

/** The operation's required path (and other required) arguments, so only the option under test decides. */
function requiredArgs(op: Operation): Record<string, unknown> {
  return Object.fromEntries(op.params.filter((p) => p.required && p.in !== "query").map((p) => [p.name, "id-1"]));
}

function compileWith(op: Operation, extra: Record<string, unknown>): string {
  return prepareCall(catalog, validator, op.name, { ...requiredArgs(op), ...extra }, { now: NOW }).request.url;
}

function refusalOf(op: Operation, extra: Record<string, unknown>): string {
  try {
    const url = compileWith(op, extra);
    throw new Error(`expected a refusal, got ${url}`);
  } catch (e) {
    if (e instanceof ArgumentError) return e.message;
    throw e;
  }
}

/** A $filter the documented data allows: the first listed property (or any filterable field) compared by eq. */
function allowedFilter(op: Operation): string {
  const fields = catalog.entities[op.entity!]!.fields;
  const listed = op.capabilities!.filter;
  const candidates = listed === null ? Object.keys(fields) : Object.keys(listed);
  // A path under a collection needs any(); a direct one keeps the sample simple.
  const underCollection = (p: string) => p.split("/").some((_, i, segs) => fields[segs.slice(0, i + 1).join("/")]?.collection);
  const path = candidates.find((p) => fields[p]?.filterable && !underCollection(p) && ["string", "datetime", "enum"].includes(fields[p]!.type))!;
  const spec = fields[path]!;
  const value = spec.type === "datetime" ? "2026-11-20T00:00:00Z" : spec.type === "enum" ? `'${spec.enum![0]}'` : "'abc'";
  return `${path} eq ${value}`;
}

/** A value of each option that the documented data allows. */
function allowedValue(op: Operation, option: string): unknown {
  const caps = op.capabilities!;
  const fields = catalog.entities[op.entity!]?.fields ?? {};
  switch (option) {
    case "filter":
      return allowedFilter(op);
    case "orderby":
      return [`${caps.orderby?.[0] ?? Object.keys(fields).find((p) => fields[p]!.sortable && !p.includes("/"))!} desc`];
    case "expand":
      return [caps.expand[0]];
    default:
      return { top: 5, skip: 5, select: ["id"], count: true, search: "abc" }[option];
  }
}

/** A value the schema accepts for an option the documentation does not list, so only the capability check refuses it. */
const UNLISTED: Record<string, unknown> = { filter: "id eq 'x'", top: 5, skip: 5, select: ["id"], orderby: ["id"], search: "x", count: true, expand: ["x"] };

const documented = withCapabilities.filter((o) => o.capabilities!.documented);

describe.each(documented.map((o) => [o.name, o] as const))("%s compiles what its reference documents", (name, op) => {
  const caps = op.capabilities!;

  it.runIf(caps.options.length > 0)("accepts each documented option", () => {
    for (const option of caps.options) expect(() => compileWith(op, { [option]: allowedValue(op, option) }), option).not.toThrow();
  });

  it("refuses every other option in one sentence that names the documented ones", () => {
    const named = caps.options.length === 0 ? ["the Graph reference says it takes no query options"] : caps.options.map((o) => `${o} (`);
    for (const option of OPTION_ARGS.filter((o) => !caps.options.includes(o === "where" ? "filter" : o))) {
      const value = option === "where" ? [{ field: "id", op: "eq", value: "x" }] : UNLISTED[option];
      const message = refusalOf(op, { [option]: value });
      expect(message, option).toContain(`${name} does not support ${option}`);
      for (const part of named) expect(message, option).toContain(part);
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
