/**
 * Every catalog operation converts to a JSON-schema plan grammar that a validator compiles and that
 * admits only the operation's own parameters; the compact grammar's integer ranges are exact.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Ajv } from "ajv";
import { loadCatalog } from "../../../src/catalog/load.js";
import type { Catalog } from "../../../src/catalog/types.js";
import { plannerArgumentNames } from "../../../src/planner/prompt.js";
import { callSchema, integerRangeGbnf, planSchema, whereConditionSchema } from "../../../src/planner/model/grammar.js";
import { REPO_ROOT } from "../../support/tiny-gguf.js";
import { join } from "node:path";

const catalogs: [string, Catalog][] = [
  ["tools/", loadCatalog(join(REPO_ROOT, "tools"))],
  ["fixture", loadCatalog(join(REPO_ROOT, "test", "fixtures", "catalog"))],
];

/** The GBNF alternatives integerRangeGbnf writes, read back as a regular expression. */
function gbnfIntegerToRegex(gbnf: string): RegExp {
  const body = gbnf
    .slice(1, -1)
    .split(" | ")
    .map((alt) => alt.split(" ").map((part) => (part.startsWith('"') ? part.slice(1, -1).replace("-", "\\-") : part)).join(""));
  return new RegExp(`^(?:${body.join("|")})$`);
}

describe("integerRangeGbnf", () => {
  it("admits exactly the integers of the range, without leading zeros", () => {
    fc.assert(
      fc.property(fc.integer({ min: -5000, max: 5000 }), fc.integer({ min: 0, max: 20000 }), fc.integer({ min: -30000, max: 30000 }), (lo, width, n) => {
        const hi = lo + width;
        const regex = gbnfIntegerToRegex(integerRangeGbnf(lo, hi));
        expect(regex.test(String(n))).toBe(n >= lo && n <= hi);
        expect(regex.test(`0${Math.abs(n)}`)).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it("writes 1..1000 compactly", () => {
    expect(integerRangeGbnf(1, 1000)).toBe('([1-9] | [1-9] [0-9] | [1-9] [0-9] [0-9] | "1" "0" "0" "0")');
  });
});

describe.each(catalogs)("grammar for every operation of %s", (_label, catalog) => {
  it("names only the operation's own parameters, never raw filter", () => {
    for (const op of catalog.operations) {
      const schema = callSchema(op, catalog.entities) as { properties: { arguments: { properties: Record<string, unknown> } } };
      const names = Object.keys(schema.properties.arguments.properties);
      expect(names).toEqual(plannerArgumentNames(op));
      const declared = Object.keys((op.inputSchema.properties ?? {}) as Record<string, unknown>);
      for (const name of names) expect(declared).toContain(name);
      expect(names).not.toContain("filter");
    }
  });

  it("is a JSON Schema a strict validator compiles, with every value bounded and no internal markers", () => {
    const ajv = new Ajv({ strict: true, allErrors: false });
    for (const op of catalog.operations) {
      const schema = planSchema([op], catalog.entities);
      const text = JSON.stringify(schema);
      expect(text, op.name).not.toMatch(/__secgraph|gbnf/i);
      const validate = ajv.compile(schema);
      expect(validate({ name: "some_other_operation", arguments: {} }), op.name).toBe(false);
      expect(validate({ name: "decline", arguments: { reason: "out of scope" } }), op.name).toBe(true);
      for (const [, node] of walk(schema)) {
        if (node.type === "string") expect(typeof node.maxLength === "number" || typeof node.pattern === "string" || "const" in node, `${op.name}: unbounded string`).toBe(true);
        if (node.type === "integer") expect(typeof node.minimum === "number" && typeof node.maximum === "number", `${op.name}: unbounded integer`).toBe(true);
      }
    }
  });

  it("offers typed where-conditions for every filterable entity", () => {
    for (const op of catalog.operations.filter((o) => o.entity && plannerArgumentNames(o).includes("where"))) {
      const where = whereConditionSchema(catalog.entities[op.entity!]!);
      expect(where, op.name).not.toBeNull();
      const text = JSON.stringify(where);
      expect(text).not.toContain("unknownFutureValue");
    }
  });
});

describe("instants and path keys", () => {
  const catalog = catalogs[1]![1];
  const ajv = new Ajv({ strict: true });
  const validate = ajv.compile(planSchema([catalog.byName.get("alerts_list")!, catalog.byName.get("alerts_get")!], catalog.entities));
  const list = (value: string) => ({ name: "alerts_list", arguments: { where: [{ field: "createdDateTime", op: "ge", value }] } });

  it("admits UTC instants as the compiler prints them and nothing else", () => {
    expect(validate(list("2026-11-21T12:00:00Z")), JSON.stringify(validate.errors)).toBe(true);
    for (const bad of ["2026-13-01T00:00:00Z", "2026-12-31T24:00:00Z", "2026-11-21 12:00:00", "2026-11-21T12:00:00+01:00", "yesterday"]) {
      expect(validate(list(bad)), bad).toBe(false);
    }
  });

  it("admits path keys without slashes or dot segments", () => {
    const get = (alertId: string) => ({ name: "alerts_get", arguments: { alertId } });
    expect(validate(get("da637578995287051190_756343937"))).toBe(true);
    for (const bad of ["..", "a/b", "", "x\ny"]) expect(validate(get(bad)), JSON.stringify(bad)).toBe(false);
  });
});

/** Every schema node under `schema`, with its JSON path. */
function* walk(node: unknown, path = "$"): Generator<[string, Record<string, unknown>]> {
  if (typeof node !== "object" || node === null) return;
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* walk(item, `${path}[${i}]`);
    return;
  }
  const record = node as Record<string, unknown>;
  yield [path, record];
  for (const [key, value] of Object.entries(record)) yield* walk(value, `${path}.${key}`);
}
