/** The $filter parser, checker and printer on their own, and the structured filter beside them. */
import { describe, expect, it } from "vitest";
import { buildFilter, canonicalFilter, closestNames, EntityFields, parseFilter, printFilter } from "../../src/graph/odata/index.js";
import { isIsoDuration, normaliseDateTime, resolveDuration } from "../../src/graph/odata/time.js";
import { ArgumentError } from "../../src/graph/types.js";
import { catalog, NOW } from "./support.js";

const alerts = new EntityFields("microsoft.graph.security.alert", catalog.entities["microsoft.graph.security.alert"]!);
const signIns = new EntityFields("microsoft.graph.signIn", catalog.entities["microsoft.graph.signIn"]!);

function syntaxError(filter: string): string {
  try {
    parseFilter(filter);
  } catch (e) {
    if (e instanceof ArgumentError) return e.message;
    throw e;
  }
  throw new Error(`parsed: ${filter}`);
}

describe("parser", () => {
  it.each([
    ["severity eq", /expected a field or a value but found the end of the filter/],
    ["severity 'high'", /expected a comparison operator .* but found ''high''/],
    ["severity eq 'high' and", /expected a field or a value but found the end/],
    ["(severity eq 'high'", /expected '\)' but found the end/],
    ["severity eq 'high')", /unexpected '\)' at character 19; expected 'and', 'or' or the end/],
    ["title eq 'unterminated", /unterminated string starting at character 10/],
    ["severity eq \"high\"", /unexpected character '"high"' at character 13/],
    ["tolower(title) eq 'x'", /unsupported function 'tolower'/],
    ["status in 'new'", /expected '\(' after 'in'/],
    ["status in (severity)", /'in' lists take values only/],
    ["contains('x', title)", /contains takes a field and then a value/],
    ["evidence/any(e e/verdict eq 'x')", /expected ':' after the lambda variable e/],
    ["createdDateTime ge 2026-02-30T00:00:00Z", /invalid date-time/],
    ["", /is empty/],
    ["   ", /is empty/],
  ])("refuses %j", (filter, message) => {
    expect(syntaxError(filter)).toMatch(message);
  });

  it("parses precedence: not > and > or", () => {
    const tree = parseFilter("not a eq 1 or b eq 2 and c eq 3");
    expect(tree.kind).toBe("or");
    if (tree.kind !== "or") return;
    expect(tree.left.kind).toBe("not");
    expect(tree.right.kind).toBe("and");
  });

  it("reads literals by their syntax", () => {
    const tree = parseFilter("a eq 2026-11-20T10:00:00-02:00 and b eq 2026-11-20 and c eq -1.5e2 and d eq 0A1B2C3D-0000-0000-0000-00000000000F and e eq duration'PT1H' and f eq true");
    expect(printFilter(tree)).toBe("a eq 2026-11-20T12:00:00Z and b eq 2026-11-20 and c eq -150 and d eq 0a1b2c3d-0000-0000-0000-00000000000f and e eq duration'PT1H' and f eq true");
  });

  it("leaves fields unchecked, with a warning, when the entity is unknown", () => {
    const warnings: string[] = [];
    expect(buildFilter({ filter: "anything eq 'x' and other/any(y: y eq 1)" }, null, NOW, warnings)).toBe("anything eq 'x' and other/any(y: y eq 1)");
    expect(warnings).toEqual(["filter fields were not checked: this operation has no entity schema"]);
  });

  it("bounds the length", () => {
    expect(syntaxError(`title eq '${"x".repeat(5000)}'`)).toBe("filter is too long (at most 4096 characters)");
  });

  it("is idempotent: printing, re-parsing and printing again gives the same text", () => {
    for (const f of [
      "(severity eq 'high' or severity eq 'medium') and not (status eq 'resolved')",
      "evidence/any(e: e/verdict eq 'malicious' and e/remediationStatus ne 'blocked') or contains(title,'a''b')",
      "not (severity eq 'low' or severity eq 'informational')",
      "severity in ('high','medium') and createdDateTime ge 2026-11-20T00:00:00Z",
    ]) {
      const once = canonicalFilter(f, alerts);
      expect(canonicalFilter(once, alerts)).toBe(once);
    }
  });

  it("rejects a lambda that reuses its variable", () => {
    expect(() => canonicalFilter("evidence/any(e: e/verdict eq 'malicious' and evidence/any(e: e/verdict eq 'x'))", alerts)).toThrow(/reuses the lambda variable 'e'/);
  });
});

describe("structured filter ≡ raw filter", () => {
  const pairs: [EntityFields, unknown[], string][] = [
    [alerts, [{ field: "severity", op: "eq", value: "high" }], "severity eq 'high'"],
    [alerts, [{ field: "severity", op: "in", value: ["HIGH", "medium"] }, { field: "status", op: "ne", value: "resolved" }], "severity in ('high','medium') and status ne 'resolved'"],
    [alerts, [{ field: "createdDateTime", op: "ge", value: "-P1D" }], "createdDateTime ge 2026-11-20T12:00:00Z"],
    [alerts, [{ field: "createdDateTime", op: "ge", value: "-PT24H" }, { field: "createdDateTime", op: "lt", value: "P0D" }], "createdDateTime ge 2026-11-20T12:00:00Z and createdDateTime lt 2026-11-21T12:00:00Z"],
    [alerts, [{ field: "createdDateTime", op: "gt", value: "2026-11-20T14:00:00+02:00" }], "createdDateTime gt 2026-11-20T12:00:00Z"],
    [alerts, [{ field: "title", op: "contains", value: "o'brien" }], "contains(title,'o''brien')"],
    [alerts, [{ field: "mitreTechniques", op: "any", value: "T1059" }], "mitreTechniques/any(x: x eq 'T1059')"],
    [alerts, [{ field: "mitreTechniques", op: "eq", value: "T1059" }], "mitreTechniques/any(x: x eq 'T1059')"],
    [alerts, [{ field: "evidence/verdict", op: "in", value: ["malicious", "suspicious"] }], "evidence/any(x: x/verdict in ('malicious','suspicious'))"],
    [signIns, [{ field: "status/errorCode", op: "eq", value: 50126 }, { field: "isInteractive", op: "eq", value: true }], "status/errorCode eq 50126 and isInteractive eq true"],
    [signIns, [{ field: "riskEventTypes_v2", op: "any", value: ["a", "b"] }], "riskEventTypes_v2/any(x: x in ('a','b'))"],
  ];
  it.each(pairs)("%#: structured equals canonical raw", (fields, where, raw) => {
    const fromStructured = buildFilter({ where: where as never }, fields, NOW, []);
    expect(fromStructured).toBe(canonicalFilter(raw, fields));
  });

  it("and-s a raw filter with structured conditions", () => {
    expect(buildFilter({ filter: "severity eq 'high' or severity eq 'medium'", where: [{ field: "status", op: "eq", value: "new" }] }, alerts, NOW, [])).toBe(
      "(severity eq 'high' or severity eq 'medium') and status eq 'new'",
    );
  });
  it("resolves durations against the given now, not the clock", () => {
    const at = (now: string) => buildFilter({ where: [{ field: "createdDateTime", op: "ge", value: "-P7D" }] }, alerts, new Date(now), []);
    expect(at("2026-01-03T00:00:00Z")).toBe("createdDateTime ge 2025-12-27T00:00:00Z");
    expect(at("2026-03-29T12:00:00Z")).toBe("createdDateTime ge 2026-03-22T12:00:00Z");
  });
  it("does not treat a duration-looking value as a duration on a text field", () => {
    expect(buildFilter({ where: [{ field: "title", op: "eq", value: "-P1D" }] }, alerts, NOW, [])).toBe("title eq '-P1D'");
  });
});

describe("date-times and durations", () => {
  it.each([
    ["2026-11-20T12:00:00Z", "2026-11-20T12:00:00Z"],
    ["2026-11-20T12:00:00+05:30", "2026-11-20T06:30:00Z"],
    ["2026-11-20T12:00:00.123456Z", "2026-11-20T12:00:00.123Z"],
    ["2026-11-20T12:00", "2026-11-20T12:00:00Z"],
    ["2026-11-20", "2026-11-20T00:00:00Z"],
    ["2026-02-29", null],
    ["2028-02-29", "2028-02-29T00:00:00Z"],
    ["20261120", null],
    ["yesterday", null],
  ])("normalises %s", (input, output) => {
    expect(normaliseDateTime(input)).toBe(output);
  });
  it.each([
    ["-P1D", "2026-11-20T12:00:00Z"],
    ["-PT24H", "2026-11-20T12:00:00Z"],
    ["-PT90M", "2026-11-21T10:30:00Z"],
    ["P0D", "2026-11-21T12:00:00Z"],
    ["-P1W", "2026-11-14T12:00:00Z"],
    ["-P1M", "2026-10-21T12:00:00Z"],
    ["-P1Y", "2025-11-21T12:00:00Z"],
    ["+PT30S", "2026-11-21T12:00:30Z"],
  ])("resolves %s against 2026-11-21T12:00:00Z", (duration, output) => {
    expect(resolveDuration(duration, NOW)).toBe(output);
  });
  it("clamps month arithmetic to the month's last day", () => {
    expect(resolveDuration("-P1M", new Date("2026-03-31T08:00:00Z"))).toBe("2026-02-28T08:00:00Z");
  });
  it.each(["P", "PT", "-P", "P1DT", "1D", "P1H", "PT1D"])("%s is not a duration", (text) => {
    expect(isIsoDuration(text)).toBe(false);
  });
});

describe("field tables and suggestions", () => {
  const spec = { type: "string" as const, collection: false, filterable: true, sortable: true };
  const table = new EntityFields("t", {
    fields: {
      id: spec,
      name: spec,
      evidence: { ...spec, type: "object", collection: true },
      "evidence/verdict": spec,
      status: { ...spec, type: "object" },
      "status/code": { ...spec, type: "int" },
    },
  });
  it("sorts only by single values: not collections, their members or objects", () => {
    expect(table.sortablePaths().sort()).toEqual(["id", "name", "status/code"]);
  });
  it("does not suggest a short name just because it occurs inside the unknown one", () => {
    expect(closestNames("evidence/verdict", ["id", "name"])).toEqual([]);
    expect(closestNames("nme", ["id", "name"])).toEqual(["name"]);
    expect(closestNames("verdict", ["evidence/verdict", "id"])).toEqual(["evidence/verdict"]);
  });
});
