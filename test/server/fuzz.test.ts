/**
 * ≥ 1000 random or malformed tools/call requests through a real Client: every one gets an error
 * (isError or a JSON-RPC error), the server keeps serving, and nothing invalid reaches the compiler.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CallToolResultSchema, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { defaultToolsDir, loadCatalog } from "../../src/catalog/load.js";
import type { Operation } from "../../src/catalog/types.js";
import { compileCall } from "../../src/graph/compile.js";
import { connect, type Connected } from "./helpers.js";

const catalog = loadCatalog(defaultToolsDir());
const operations = catalog.operations;
let compiled = 0;
let session: Connected;

beforeAll(async () => {
  // Writes allowed so that write tools are validated too (dry-run: there is no executor).
  session = await connect({ catalog, allowWrites: true, compile: (...args) => (compiled++, compileCall(...args)) });
});
afterAll(async () => session.close());

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; maxLength?: number };
const propertiesOf = (op: Operation) => ((op.inputSchema as Schema).properties ?? {}) as Record<string, Schema>;

const anyJson = fc.jsonValue({ maxDepth: 3 });
const operation = fc.constantFrom(...operations);
const names = new Set([...operations.map((op) => op.name), "search_operations", "describe_operation", "call_operation", "plan_request"]);

/** A value that is certainly not of JSON Schema type `type`. */
function wrongTypeFor(type: string): fc.Arbitrary<unknown> {
  const byType: Record<string, fc.Arbitrary<unknown>> = {
    string: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 })),
    integer: fc.oneof(fc.string(), fc.double({ noInteger: true, noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null)),
    number: fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 })),
    boolean: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
    array: fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
    object: fc.oneof(fc.string(), fc.integer(), fc.array(fc.integer(), { maxLength: 3 })),
  };
  return byType[type] ?? fc.constant(Symbol.for("skip"));
}

type Case = { kind: string; name: unknown; args: unknown; raw?: boolean };

const unknownTool: fc.Arbitrary<Case> = fc
  .tuple(fc.string({ minLength: 1, maxLength: 80 }), fc.option(fc.dictionary(fc.string(), anyJson, { maxKeys: 4 }), { nil: undefined }))
  .filter(([name]) => !names.has(name))
  .map(([name, args]) => ({ kind: "unknown tool", name, args }));

const extraKey: fc.Arbitrary<Case> = fc
  .tuple(operation, fc.string({ minLength: 1, maxLength: 20 }), anyJson)
  .filter(([op, key]) => !(key in propertiesOf(op)) && key !== "confirm")
  .map(([op, key, value]) => ({ kind: "extra key", name: op.name, args: { [key]: value } }));

const wrongType: fc.Arbitrary<Case> = operation
  .filter((op) => Object.values(propertiesOf(op)).some((p) => typeof p.type === "string"))
  .chain((op) => {
    const typed = Object.entries(propertiesOf(op)).filter(([, p]) => typeof p.type === "string");
    return fc.constantFrom(...typed).chain(([prop, schema]) =>
      wrongTypeFor(schema.type as string).map((value) => ({ kind: "wrong type", name: op.name, args: { [prop]: value } })),
    );
  });

const missingRequired: fc.Arbitrary<Case> = fc
  .constantFrom(...operations.filter((op) => ((op.inputSchema as Schema).required ?? []).length > 0))
  .map((op) => ({ kind: "missing required", name: op.name, args: {} }));

const bounded = operations.flatMap((op) =>
  Object.entries(propertiesOf(op)).filter(([, p]) => p.type === "string" && typeof p.maxLength === "number").map(([prop]) => ({ op, prop })),
);
const hugeString: fc.Arbitrary<Case> = fc
  .constantFrom(...bounded)
  .map(({ op, prop }) => ({ kind: "1 MB string", name: op.name, args: { [prop]: "A".repeat(1024 * 1024) } }));

/** Not a valid tools/call at all: sent raw, past the Client's own typing. */
const malformedParams: fc.Arbitrary<Case> = fc.oneof(
  fc.record({ kind: fc.constant("name not a string"), name: fc.oneof(fc.integer(), fc.constant(null), fc.array(fc.string())), args: fc.constant({}), raw: fc.constant(true) }),
  fc.record({
    kind: fc.constant("arguments not an object"),
    name: fc.constantFrom(...operations.map((op) => op.name)),
    args: fc.oneof(fc.string(), fc.integer(), fc.array(anyJson, { maxLength: 3 }), fc.boolean()),
    raw: fc.constant(true),
  }),
);

describe("tools/call fuzz", () => {
  it("answers 1200 invalid calls with errors, compiles none of them, and keeps serving", async () => {
    const kinds = new Map<string, number>();
    let protocolErrors = 0;
    let toolErrors = 0;
    const cases = fc.oneof(
      { arbitrary: unknownTool, weight: 3 },
      { arbitrary: extraKey, weight: 3 },
      { arbitrary: wrongType, weight: 4 },
      { arbitrary: missingRequired, weight: 2 },
      { arbitrary: malformedParams, weight: 2 },
      { arbitrary: hugeString, weight: 1 },
    );
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
        let result: CallToolResult;
        try {
          result = c.raw
            ? ((await session.client.request({ method: "tools/call", params: { name: c.name, arguments: c.args } } as never, CallToolResultSchema)) as CallToolResult)
            : ((await session.client.callTool({ name: c.name as string, arguments: c.args as Record<string, unknown> })) as CallToolResult);
        } catch {
          protocolErrors++;
          return;
        }
        expect(result.isError, `${c.kind}: ${JSON.stringify(c).slice(0, 200)}`).toBe(true);
        expect(result.structuredContent).toBeUndefined();
        toolErrors++;
      }),
      { numRuns: 1200, seed: Number(process.env.FUZZ_SEED ?? 20261121) },
    );
    expect(protocolErrors + toolErrors).toBe(1200);
    expect(compiled).toBe(0);
    for (const kind of ["unknown tool", "extra key", "wrong type", "missing required", "1 MB string"]) expect(kinds.get(kind), kind).toBeGreaterThan(0);
    // Every call that reached the server's dispatch was audited, and none carries a request.
    expect(session.audit.entries.length).toBe(toolErrors);
    expect(session.audit.entries.every((e) => e.request === null && (e.outcome === "invalid" || e.outcome === "refused"))).toBe(true);

    // Still serving: a valid call compiles and answers.
    const ok = (await session.client.callTool({ name: "alerts_list", arguments: { top: 1 } })) as CallToolResult;
    expect(ok.isError).toBeFalsy();
    expect(compiled).toBe(1);
  });
});
