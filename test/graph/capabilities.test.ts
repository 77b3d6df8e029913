/**
 * Documented query capabilities through the compiler, against the generated catalog (tools/): for
 * every documented list operation, each option, property and operator the Graph reference does not
 * list is refused with a sentence naming what it does list; undocumented operations keep their
 * options with a warning; counting and expansion compile as documented.
 */
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/catalog/load.js";
import { ODATA_OPTION_NAMES } from "../../src/catalog/common-schemas.js";
import type { FieldSpec, FilterOperator, Operation } from "../../src/catalog/types.js";
import { compileCall, prepareCall } from "../../src/graph/compile.js";
import { ArgumentError } from "../../src/graph/types.js";
import { ArgValidator } from "../../src/graph/validate.js";
import { GRAPH, NOW } from "./support.js";

const catalog = loadCatalog();
const validator = new ArgValidator(catalog);
/** The operation's required path arguments, so only the options under test decide (host lists need hostId). */
const pathArgs = (operation: string) =>
  Object.fromEntries((catalog.byName.get(operation)?.params ?? []).filter((p) => p.required && p.in === "path").map((p) => [p.name, "id-1"]));
const compile = (operation: string, args: unknown) =>
  prepareCall(catalog, validator, operation, typeof args === "object" && args !== null ? { ...pathArgs(operation), ...args } : args, { now: NOW });

function refusal(operation: string, args: unknown): string {
  try {
    const r = compile(operation, args);
    throw new Error(`expected a refusal, got ${r.request.url}`);
  } catch (e) {
    if (e instanceof ArgumentError) return e.message;
    throw e;
  }
}

const ALL_OPTIONS = Object.values(ODATA_OPTION_NAMES);
/** A value the option's schema accepts, so only the capability check can refuse it. */
const SAMPLE: Record<string, unknown> = { filter: "id eq 'x'", top: 5, skip: 5, select: ["id"], orderby: ["id"], search: "x", count: true, expand: ["x"] };

const listOps = catalog.operations.filter((o) => o.pageable);
const documentedLists = listOps.filter((o) => o.capabilities?.documented);
const undocumented = catalog.operations.filter((o) => o.capabilities && !o.capabilities.documented);

/** The argument path of a property: direct, through any() for collection members or collections of values. */
function fieldArg(op: Operation, path: string): { collection: string | null; member: string } {
  const fields = catalog.entities[op.entity!]!.fields;
  const segments = path.split("/");
  for (let i = 1; i <= segments.length; i++) {
    const prefix = segments.slice(0, i).join("/");
    if (fields[prefix]?.collection) return { collection: prefix, member: segments.slice(i).join("/") };
  }
  return { collection: null, member: path };
}

function literal(spec: FieldSpec): string {
  switch (spec.type) {
    case "enum":
      return `'${spec.enum![0]}'`;
    case "datetime":
      return "2026-11-20T00:00:00Z";
    case "int":
    case "number":
      return "1";
    case "boolean":
      return "true";
    case "guid":
      return "00000000-0000-0000-0000-000000000000";
    default:
      return "'abc'";
  }
}

/** `$filter` text applying `op` to `path` with a value of its type (lambda-wrapped where needed). */
function filterText(op: Operation, path: string, operator: FilterOperator): string {
  const spec = catalog.entities[op.entity!]!.fields[path]!;
  const { collection, member } = fieldArg(op, path);
  const target = collection === null ? path : member === "" ? "x" : `x/${member}`;
  const test = ["startswith", "endswith", "contains"].includes(operator) ? `${operator}(${target},${literal(spec)})` : `${target} ${operator} ${literal(spec)}`;
  return collection === null ? test : `${collection}/any(x: ${test})`;
}

describe.each(documentedLists.map((o) => [o.name, o] as const))("%s (documented)", (name, op) => {
  const caps = op.capabilities!;

  it("refuses every option the reference does not list, naming the ones it does", () => {
    const unsupported = ALL_OPTIONS.filter((o) => !caps.options.includes(o));
    for (const option of unsupported) {
      const message = refusal(name, { [option]: SAMPLE[option] });
      expect(message, option).toContain(`${name} does not support ${option}`);
      for (const supported of caps.options) expect(message, option).toContain(`${supported} (`);
    }
    if (!caps.options.includes("filter")) expect(refusal(name, { where: [{ field: "id", op: "eq", value: "x" }] })).toContain("does not support where");
  });

  const unlistedFilterable = (): string[] => {
    const fields = catalog.entities[op.entity!]!.fields;
    const listed = new Set(Object.keys(caps.filter ?? {}).map((k) => k.toLowerCase()));
    return Object.entries(fields)
      .filter(([path, spec]) => spec.filterable && spec.type !== "object" && !spec.collection && !listed.has(path.toLowerCase()) && (!path.includes("/") || !fields[path.split("/")[0]!]?.collection))
      .map(([path]) => path);
  };

  it.runIf(caps.filter !== null)("refuses $filter on a property the reference does not list, naming the listed ones", () => {
    // Where the reference lists every direct property (host pairs), nested ones it leaves out are refused instead.
    const candidates = unlistedFilterable();
    expect(candidates.length, "the entity has filterable fields the reference leaves out").toBeGreaterThan(0);
    const direct = candidates.filter((p) => !p.includes("/"));
    for (const path of direct.length > 0 ? direct : candidates.slice(0, 3)) {
      const message = refusal(name, { filter: filterText(op, path, "eq") });
      expect(message).toContain(`cannot filter on ${path}: the Graph reference documents $filter for ${name} only on ${Object.keys(caps.filter!).join(", ")}`);
      // The structured filter goes through the same check.
      expect(refusal(name, { where: [{ field: path, op: "eq", value: "x" }] })).toContain(`cannot filter on ${path}`);
    }
  });

  it.runIf(caps.filter !== null)("accepts every listed property with each documented operator, and refuses the others", () => {
    for (const [path, operators] of Object.entries(caps.filter!)) {
      const spec = catalog.entities[op.entity!]!.fields[path]!;
      const allowed = operators ?? ["eq"];
      for (const operator of allowed) {
        expect(() => compile(name, { filter: filterText(op, path, operator) }), `${path} ${operator}`).not.toThrow();
      }
      if (operators === null) continue;
      const typeAllows: FilterOperator[] = spec.type === "string" ? ["ne", "gt", "contains", "endswith"] : spec.type === "datetime" || spec.type === "int" ? ["ne", "gt", "lt"] : ["ne"];
      for (const operator of typeAllows.filter((o) => !operators.includes(o))) {
        const message = refusal(name, { filter: filterText(op, path, operator) });
        expect(message, `${path} ${operator}`).toContain(`cannot use ${operator} on ${path}: the Graph reference documents only ${operators.join(", ")} for it on ${name}`);
      }
    }
  });

  it.runIf(caps.options.includes("orderby") && caps.orderby !== null)("sorts only by the documented properties", () => {
    const orderby = caps.orderby!;
    for (const path of orderby) expect(compile(name, { orderby: [`${path} desc`] }).request.url).toContain(`$orderby=${encodeURIComponent(`${path} desc`)}`);
    const fields = catalog.entities[op.entity!]!.fields;
    const other = Object.entries(fields).find(([path, spec]) => spec.sortable && spec.type !== "object" && !path.includes("/") && !orderby.includes(path));
    expect(other).toBeDefined();
    expect(refusal(name, { orderby: [other![0]] })).toMatch(new RegExp(`orderby cannot sort by ${other![0]}; .*${orderby[0]}`));
  });

  it.runIf(caps.options.includes("expand"))("expands only the documented relationships", () => {
    for (const target of caps.expand) expect(compile(name, { expand: [target] }).request.url).toContain(`$expand=${target}`);
    expect(refusal(name, { expand: ["notARelationship"] })).toContain(caps.expand.join(", "));
  });
});

describe("pages that name options or operators but no properties", () => {
  it("sort by any sortable field where $orderby is listed without properties (provisioning)", () => {
    expect(catalog.byName.get("provisioning_list")!.capabilities!.orderby).toBeNull();
    expect(compile("provisioning_list", { orderby: ["activityDateTime desc"] }).request.url).toContain("$orderby=activityDateTime%20desc");
  });
  it("apply the page's operator list to every property (provisioning: eq, contains, gt, lt)", () => {
    expect(compile("provisioning_list", { filter: "activityDateTime gt 2026-11-20T00:00:00Z and contains(jobId,'aws')" }).request.url).toContain("$filter=");
    expect(refusal("provisioning_list", { filter: "startswith(jobId,'aws')" })).toContain("cannot use startswith on jobId: the Graph reference documents only contains, eq, gt, lt for it on provisioning_list");
    expect(refusal("provisioning_list", { filter: "activityDateTime ge 2026-11-20T00:00:00Z" })).toContain("cannot use ge on activityDateTime");
  });
  it("filter on every filterable field where $filter is listed without properties (riskDetections)", () => {
    expect(compile("risk_detections_list", { filter: "riskEventType eq 'unlikelyTravel' and ipAddress eq '203.0.113.7'" }).warnings).toEqual([]);
  });
});

describe("operations whose reference page is silent", () => {
  it("keep every option they had and say so in a warning when one is used", () => {
    expect(undocumented.length).toBeGreaterThan(0);
    for (const op of undocumented.filter((o) => o.pageable)) {
      const args = { ...Object.fromEntries(op.params.filter((p) => p.required).map((p) => [p.name, "id-1"])), top: 5 };
      const done = compile(op.name, args);
      expect(done.warnings, op.name).toContain(`the Graph reference does not say which query options ${op.name} supports; Graph may refuse top`);
      expect(op.capabilities!.options, op.name).toEqual(expect.arrayContaining(["filter", "top"]));
    }
  });
  it("carry no warning when no query option is used", () => {
    expect(compile("risky_users_list", {}).warnings).toEqual([]);
  });
});

describe("counting and expansion", () => {
  it("counts incidents and alerts with $count=true where that is the documented form", () => {
    expect(compile("incidents_list", { count: true, filter: "status eq 'active'" }).request).toEqual({
      method: "GET",
      url: `${GRAPH}/v1.0/security/incidents?$filter=status%20eq%20%27active%27&$count=true`,
      body: null,
    });
    expect(compile("alerts_list", { count: true }).request.url).toBe(`${GRAPH}/v1.0/security/alerts_v2?$count=true`);
    expect(refusal("signins_list", { count: true })).toContain("signins_list does not support count ($count)");
  });
  it("expands an incident's alerts on the list and on one incident", () => {
    expect(compile("incidents_list", { expand: ["alerts"] }).request.url).toBe(`${GRAPH}/v1.0/security/incidents?$expand=alerts`);
    expect(compile("incidents_get", { incidentId: "41", expand: ["alerts"] }).request.url).toBe(`${GRAPH}/v1.0/security/incidents/41?$expand=alerts`);
  });
  it("uses the /$count segment and the ConsistencyLevel header where an operation documents them", () => {
    // No curated operation documents the segment today; the compiler follows the data either way.
    const base = catalog.byName.get("alerts_list")!;
    const op: Operation = { ...base, capabilities: { ...base.capabilities!, count: { form: "segment", consistencyLevel: "eventual" } } };
    expect(compileCall(op, { count: true, filter: "severity eq 'high'" }, catalog, { now: NOW }).request).toEqual({
      method: "GET",
      url: `${GRAPH}/v1.0/security/alerts_v2/$count?$filter=severity%20eq%20%27high%27`,
      body: null,
      headers: { ConsistencyLevel: "eventual" },
    });
    expect(() => compileCall(op, { count: true, top: 5 }, catalog, { now: NOW })).toThrow("count on alerts_list returns only the number (/$count); drop top or drop count");
    // A request without count carries no header.
    expect(compileCall(op, { top: 5 }, catalog, { now: NOW }).request).not.toHaveProperty("headers");
  });
});
