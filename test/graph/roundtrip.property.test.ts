/**
 * Property: arguments the validator accepts compile to a URL whose parsed query gives them back.
 * Filters are generated as canonical syntax trees (fields spelled as the catalog spells them,
 * values already normalised), with hostile text in string literals; the URL's $filter must be
 * exactly that tree printed, and must print back to itself when parsed again.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FilterExpr, Literal } from "../../src/graph/odata/ast.js";
import { canonicalFilter, EntityFields, printFilter } from "../../src/graph/odata/index.js";
import { formatUtc } from "../../src/graph/odata/time.js";
import { catalog, compile, validator } from "./support.js";

const ENTITY = "microsoft.graph.security.alert";
const entity = catalog.entities[ENTITY]!;
const fields = new EntityFields(ENTITY, entity);
const operation = catalog.byName.get("alerts_list")!;

const enumValues = (field: string) => entity.fields[field]!.enum!;
const field = (path: string) => ({ kind: "field" as const, path });
const str = (value: string): Literal => ({ kind: "literal", type: "string", value });

// Printable text plus the strings most likely to break quoting or the query string.
const text = fc.oneof(
  fc.string({ unit: "grapheme", minLength: 0, maxLength: 16 }),
  fc.constantFrom("'", "''", "x' or 1 eq 1 or title eq '", "a&$top=1000", "50%25", "a+b c", "#frag", "ü", "🚨", "攻撃", "\\", '"quoted"', "(", ")"),
);
const datetime = fc
  .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true })
  .map((d) => ({ kind: "literal", type: "datetime", value: formatUtc(d)! }) as Literal);

const enumField = fc.constantFrom("severity", "status", "classification", "determination", "serviceSource");
const leaf: fc.Arbitrary<FilterExpr> = fc.oneof(
  fc.tuple(enumField, fc.constantFrom("eq" as const, "ne" as const)).chain(([f, op]) =>
    fc.constantFrom(...enumValues(f)).map((v): FilterExpr => ({ kind: "compare", op, left: field(f), right: str(v) })),
  ),
  enumField.chain((f) =>
    fc.subarray(enumValues(f), { minLength: 1 }).map((vs): FilterExpr => ({ kind: "in", field: field(f), values: vs.map(str) })),
  ),
  fc.tuple(fc.constantFrom("title", "assignedTo", "incidentId", "id"), fc.constantFrom("eq" as const, "ne" as const, "gt" as const, "le" as const), text).map(
    ([f, op, v]): FilterExpr => ({ kind: "compare", op, left: field(f), right: str(v) }),
  ),
  fc.tuple(fc.constantFrom("createdDateTime", "lastUpdateDateTime", "resolvedDateTime"), fc.constantFrom("eq" as const, "ne" as const, "gt" as const, "ge" as const, "lt" as const, "le" as const), datetime).map(
    ([f, op, v]): FilterExpr => ({ kind: "compare", op, left: field(f), right: v }),
  ),
  fc.uuid().map((u): FilterExpr => ({ kind: "compare", op: "eq", left: field("tenantId"), right: { kind: "literal", type: "guid", value: u } })),
  fc.constant<FilterExpr>({ kind: "compare", op: "eq", left: field("assignedTo"), right: { kind: "literal", type: "null", value: null } }),
  fc.tuple(fc.constantFrom("contains" as const, "startswith" as const, "endswith" as const), text).map(
    ([name, v]): FilterExpr => ({ kind: "function", name, field: field("title"), value: str(v) }),
  ),
  fc.constantFrom(...enumValues("evidence/verdict")).map(
    (v): FilterExpr => ({ kind: "lambda", op: "any", collection: "evidence", variable: "e", body: { kind: "compare", op: "eq", left: { kind: "field", variable: "e", path: "verdict" }, right: str(v) } }),
  ),
  text.map((v): FilterExpr => ({ kind: "lambda", op: "all", collection: "mitreTechniques", variable: "t", body: { kind: "compare", op: "ne", left: { kind: "field", variable: "t", path: "" }, right: str(v) } })),
);

function tree(depth: number): fc.Arbitrary<FilterExpr> {
  if (depth === 0) return leaf;
  const sub = tree(depth - 1);
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom("and" as const, "or" as const), sub, sub).map(([kind, left, right]): FilterExpr => ({ kind, left, right })) },
    { weight: 1, arbitrary: sub.map((operand): FilterExpr => ({ kind: "not", operand })) },
  );
}

const searchText = fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }).filter((s) => s.trim() === s && s !== "" && !s.startsWith('"'));
const orderItem = fc.tuple(fc.constantFrom(...fields.sortablePaths()), fc.constantFrom("", " asc", " desc")).map(([f, d]) => `${f}${d}`);

const argsArb = fc.record(
  {
    filter: tree(3).map(printFilter),
    top: fc.integer({ min: 1, max: 1000 }),
    skip: fc.integer({ min: 0, max: 100000 }),
    select: fc.uniqueArray(fc.constantFrom(...fields.topLevelNames()), { minLength: 1, maxLength: 6 }),
    orderby: fc.uniqueArray(orderItem, { minLength: 1, maxLength: 3, selector: (o) => o.split(" ")[0] }),
    search: searchText,
    count: fc.boolean(),
  },
  { requiredKeys: [] },
);

describe("compiled URLs give the arguments back", () => {
  it("round-trips every accepted argument through URLSearchParams", () => {
    fc.assert(
      fc.property(argsArb, (args) => {
        fc.pre(args.filter === undefined || args.filter.length <= 4096);
        expect(validator.validate(operation, args)).toEqual({ ok: true });
        const { request } = compile("alerts_list", args);
        const url = new URL(request.url);
        expect(`${url.origin}${url.pathname}`).toBe("https://graph.microsoft.com/v1.0/security/alerts_v2");
        const params = url.searchParams;

        const expectedKeys = ["$filter", "$search", "$select", "$orderby", "$top", "$skip", "$count"].filter((k) =>
          k === "$count" ? args.count === true : args[k.slice(1) as keyof typeof args] !== undefined,
        );
        expect([...params.keys()]).toEqual(expectedKeys);

        if (args.filter !== undefined) {
          const emitted = params.get("$filter")!;
          expect(emitted).toBe(args.filter);
          expect(canonicalFilter(emitted, fields)).toBe(emitted);
        }
        if (args.top !== undefined) expect(params.get("$top")).toBe(String(args.top));
        if (args.skip !== undefined) expect(params.get("$skip")).toBe(String(args.skip));
        if (args.select !== undefined) expect(params.get("$select")!.split(",")).toEqual(args.select);
        if (args.orderby !== undefined) expect(params.get("$orderby")!.split(",")).toEqual(args.orderby);
        if (args.search !== undefined) {
          const quoted = params.get("$search")!;
          expect(quoted.startsWith('"') && quoted.endsWith('"')).toBe(true);
          expect(quoted.slice(1, -1).replace(/\\(.)/gu, "$1")).toBe(args.search);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("keeps any path key the compiler accepts as exactly one segment that decodes back", () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }), (alertId) => {
        let url: URL;
        try {
          url = new URL(compile("alerts_get", { alertId }).request.url);
        } catch {
          // Refused keys are the point of the other suite; here only accepted ones matter.
          return;
        }
        accepted++;
        const segments = url.pathname.split("/");
        expect(segments.slice(0, 4)).toEqual(["", "v1.0", "security", "alerts_v2"]);
        expect(segments).toHaveLength(5);
        expect(decodeURIComponent(segments[4]!)).toBe(alertId);
      }),
      { numRuns: 400 },
    );
    // Most random keys are legal ids: a compiler that refused everything must not pass this.
    expect(accepted).toBeGreaterThan(200);
  });
});
