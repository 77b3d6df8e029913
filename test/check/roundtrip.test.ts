/**
 * Round trip over the whole catalog: for every operation, arguments fast-check draws → compile →
 * check (the inverse) → compile again gives the same bytes (method, URL, canonical body), and the
 * URL forms people paste (relative, decoded, `+` for spaces, trailing slash, no namespace on
 * actions) read back to the same request.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/catalog/load.js";
import type { FieldSpec, Operation } from "../../src/catalog/types.js";
import { operationFields } from "../../src/check/arguments.js";
import { RequestChecker } from "../../src/check/index.js";
import { segmentKey } from "../../src/check/routes.js";
import { compileCall } from "../../src/graph/compile.js";
import { ArgumentError, type CompiledRequest } from "../../src/graph/types.js";
import { ArgValidator } from "../../src/graph/validate.js";
import { canonicalJson } from "../../src/pipeline/canonical.js";

const catalog = loadCatalog();
const validator = new ArgValidator(catalog);
const checker = new RequestChecker(catalog, { validator });

// A key spelled like a literal segment of some path ("dismiss", "$count") addresses that segment
// in Graph as well; such keys are read as the segment, so the round trip leaves them out.
const LITERALS = new Set(catalog.operations.flatMap((op) => op.path.split("/").filter((s) => s !== "" && !s.startsWith("{")).map(segmentKey)));
const pathKey = fc
  .string({ minLength: 1, maxLength: 24, unit: "grapheme" })
  .filter((s) => s !== "." && s !== ".." && !/[/\\\p{Cc}]/u.test(s) && !/\p{Cs}/u.test(s) && !LITERALS.has(segmentKey(s)) && s.toLowerCase() !== "$count");

const HUNTS = ["DeviceProcessEvents | take 5", "AlertInfo | where Severity == 'High' | summarize count() by Category", "DeviceNetworkEvents | where RemotePort == 443 | project Timestamp, DeviceName"];

function literalFor(spec: FieldSpec): fc.Arbitrary<string> {
  switch (spec.type) {
    case "enum":
      return fc.constantFrom(...(spec.enum ?? ["x"])).map((v) => `'${v}'`);
    case "datetime":
      return fc.date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2030-01-01T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().replace(/\.\d{3}Z$/, "Z"));
    case "int":
      return fc.integer({ min: 0, max: 100000 }).map(String);
    case "boolean":
      return fc.boolean().map(String);
    default:
      return fc.string({ maxLength: 12 }).filter((s) => !/[\p{Cc}\p{Cs}]/u.test(s)).map((s) => `'${s.replaceAll("'", "''")}'`);
  }
}

/** One comparison on a filterable property, with an operator the documentation allows. */
function filterFor(op: Operation): fc.Arbitrary<string> | null {
  const fields = operationFields(op, catalog);
  if (!fields) return null;
  const choices = fields.filterablePaths().flatMap((path) => {
    const spec = fields.resolve(path)!.spec;
    if (spec.collection || !["enum", "datetime", "int", "boolean", "string"].includes(spec.type)) return [];
    const allowed = fields.operatorsFor(path) ?? ["eq"];
    const ops = allowed.filter((o) => ["eq", "ne", "ge", "le", "gt", "lt"].includes(o) && (o === "eq" || o === "ne" || ["datetime", "int"].includes(spec.type)));
    return ops.length === 0 ? [] : [{ path, spec, ops }];
  });
  if (choices.length === 0) return null;
  return fc.constantFrom(...choices).chain(({ path, spec, ops }) => fc.tuple(fc.constantFrom(...ops), literalFor(spec)).map(([o, v]) => `${path} ${o} ${v}`));
}

function bodyValue(schema: Record<string, unknown>): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === "boolean") return fc.boolean();
  if (type === "integer") return fc.integer({ min: typeof schema.minimum === "number" ? schema.minimum : 0, max: typeof schema.maximum === "number" ? schema.maximum : 100 });
  if (type === "array") return fc.array(fc.uuid(), { minLength: 1, maxLength: 3 });
  if (type === "object") {
    const members = Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>).map(([k, v]) => [k, bodyValue(v)] as const);
    return fc.record(Object.fromEntries(members), { requiredKeys: [] });
  }
  if (schema.format === "date-time") return fc.constant("2026-11-24T15:30:00Z");
  return fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== "" && !/[\p{Cc}\p{Cs}]/u.test(s));
}

/** Arguments the validator accepts, drawn per operation from its bindings and documented options. */
function argumentsFor(op: Operation): fc.Arbitrary<Record<string, unknown>> {
  const fields = operationFields(op, catalog);
  const props = (op.inputSchema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const parts: Record<string, fc.Arbitrary<unknown>> = {};
  const required: string[] = [];
  const has = (name: string) => op.params.some((p) => p.name === name) && (!op.capabilities?.documented || op.capabilities.options.includes(name));
  for (const p of op.params) {
    if (p.in === "path") {
      parts[p.name] = pathKey;
      required.push(p.name);
    } else if (p.in === "body") {
      parts[p.name] = op.name === "hunting_run_query" && p.name === "query" ? fc.constantFrom(...HUNTS) : bodyValue(props[p.name] ?? {});
      if (p.required) required.push(p.name);
    }
  }
  if (has("top")) parts.top = fc.integer({ min: 1, max: 1000 });
  if (has("skip")) parts.skip = fc.integer({ min: 0, max: 100000 });
  if (has("count")) parts.count = fc.boolean();
  if (has("search")) parts.search = fc.string({ minLength: 1, maxLength: 16 }).filter((s) => s.trim() !== "" && !/[\p{Cc}\p{Cs}"\\]/u.test(s));
  const names = fields?.topLevelNames() ?? [];
  if (has("select") && names.length > 0) parts.select = fc.uniqueArray(fc.constantFrom(...names), { minLength: 1, maxLength: 4 });
  const sortable = fields?.sortablePaths() ?? [];
  if (has("orderby") && sortable.length > 0) parts.orderby = fc.constantFrom(...sortable).chain((f) => fc.constantFrom(f, `${f} desc`, `${f} asc`)).map((f) => [f]);
  const filter = has("filter") ? filterFor(op) : null;
  if (filter) parts.filter = filter;
  return fc.record(parts, { requiredKeys: required });
}

/** Compiles, or null where the drawn combination is one the compiler refuses (count with /$count clashes). */
function compile(op: Operation, args: Record<string, unknown>): CompiledRequest | null {
  if (!validator.validate(op, args).ok) return null;
  try {
    return compileCall(op, args, catalog).request;
  } catch (e) {
    if (e instanceof ArgumentError) return null;
    throw e;
  }
}

function bytes(request: CompiledRequest | undefined): string {
  return request ? `${request.method} ${request.url}\n${canonicalJson(request.body ?? null)}` : "(none)";
}

/** The forms people paste: relative, decoded with `+` for spaces, trailing slash, actions without their namespace. */
function pasted(url: string, form: number): string {
  const [base, query] = url.split("?") as [string, string | undefined];
  let path = base.replace("https://graph.microsoft.com", "");
  if (form & 1) path = `${path}/`;
  if (form & 2) path = path.replace(/microsoft\.graph\.(?:security\.)?/g, "");
  const raw = query?.split("&").map((pair) => pair.split("=").map((s) => decodeURIComponent(s)).map((s) => (/[&=#%+]/.test(s) ? encodeURIComponent(s) : s.replaceAll(" ", "+"))).join("=")).join("&");
  const q = query === undefined ? "" : form & 4 ? `?${raw!}` : `?${query}`;
  return form & 8 ? `https://graph.microsoft.com${path}${q}` : `${path}${q}`;
}

describe("compile → check → compile is the identity on bytes", () => {
  it.each(catalog.operations.map((op) => [op.name, op] as const))("%s", (_name, op) => {
    let checked = 0;
    fc.assert(
      fc.property(argumentsFor(op), fc.integer({ min: 0, max: 15 }), (args, form) => {
        const first = compile(op, args);
        if (first === null) return;
        checked++;
        const back = checker.check({ method: first.method, url: first.url, body: first.body });
        expect(back.record.problems).toEqual([]);
        expect(back.record.operation).toBe(op.name);
        expect(bytes(back.record.request)).toBe(bytes(first));
        const again = checker.check({ method: first.method.toLowerCase(), url: pasted(first.url, form), body: first.body === null ? undefined : JSON.stringify(first.body) });
        expect(bytes(again.record.request), pasted(first.url, form)).toBe(bytes(first));
      }),
      { numRuns: 40, seed: 16 },
    );
    // Most draws compile; a property that checked nothing would prove nothing.
    expect(checked).toBeGreaterThan(20);
  });
});
