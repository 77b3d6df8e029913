/**
 * Every catalog operation converts to a grammar node-llama-cpp accepts; the pieces the JSON-schema
 * subset cannot express (bounded integers, calendar dates) are exact.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { getLlama, type GbnfJsonSchema, type Llama } from "node-llama-cpp";
import { loadCatalog } from "../../../src/catalog/load.js";
import type { Catalog } from "../../../src/catalog/types.js";
import { plannerArgumentNames } from "../../../src/planner/prompt.js";
import {
  GRAMMAR_TERMINATOR,
  callSchema,
  integerRangeGbnf,
  maxOutputBytes,
  patchGbnf,
  planSchema,
  whereConditionSchema,
} from "../../../src/planner/model/grammar.js";
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
  let llama: Llama;
  beforeAll(async () => {
    llama = await getLlama({ gpu: false, build: "never" });
  });
  afterAll(async () => {
    await llama.dispose();
  });

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

  it("is accepted by node-llama-cpp, with placeholders and terminator patched in", async () => {
    for (const op of catalog.operations) {
      const schema = planSchema([op], catalog.entities);
      const json = await llama.createGrammarForJsonSchema<GbnfJsonSchema>(schema as GbnfJsonSchema);
      const gbnf = patchGbnf(json.grammar);
      expect(gbnf).not.toContain("__secgraph_gbnf_");
      expect(gbnf).toContain(JSON.stringify(GRAMMAR_TERMINATOR));
      await expect(llama.createGrammar({ grammar: gbnf }), op.name).resolves.toBeDefined();
      const bound = maxOutputBytes(schema);
      expect(Number.isFinite(bound) && bound > 0, op.name).toBe(true);
    }
  });

  it("offers typed where-conditions for every filterable entity", () => {
    for (const op of catalog.operations.filter((o) => o.entity && plannerArgumentNames(o).includes("where"))) {
      const where = whereConditionSchema(catalog.entities[op.entity!]!);
      expect(where, op.name).not.toBeNull();
      const text = JSON.stringify(where);
      expect(text).not.toContain('"type":"string","format"'); // dates go through the calendar rule
      expect(text).not.toContain("unknownFutureValue");
    }
  });
});

describe("calendar date-time rule", () => {
  it("admits real instants and rejects impossible dates", async () => {
    const llama = await getLlama({ gpu: false, build: "never" });
    try {
      const catalog = catalogs[1]![1];
      const op = catalog.byName.get("alerts_list")!;
      const json = await llama.createGrammarForJsonSchema<GbnfJsonSchema>(planSchema([op], catalog.entities) as GbnfJsonSchema);
      const gbnf = patchGbnf(json.grammar);
      const dateRule = gbnf.split("\n").find((l) => l.includes('"20" [0-9] [0-9]') && l.includes('"T"'))?.split(" ::= ")[1];
      expect(dateRule).toBeDefined();
      // llama.cpp accepts the rule on its own; LlamaGrammar has no matcher, so its regex twin checks what it admits.
      await expect(llama.createGrammar({ grammar: `root ::= ${dateRule}` })).resolves.toBeDefined();
      const twin = new RegExp(gbnfToRegex(dateRule!));
      const accepts = (text: string) => twin.test(text);
      expect(accepts('"2026-11-21T12:00:00Z"')).toBe(true);
      expect(accepts('"2026-02-28T23:59:59Z"')).toBe(true);
      expect(accepts('"2026-02-30T00:00:00Z"')).toBe(false);
      expect(accepts('"2026-04-31T00:00:00Z"')).toBe(false);
      expect(accepts('"2026-13-01T00:00:00Z"')).toBe(false);
      expect(accepts('"2026-12-31T24:00:00Z"')).toBe(false);
    } finally {
      await llama.dispose();
    }
  });
});

/** A regex twin of the small GBNF subset the patched rules use (literals, classes, repetition, groups). */
function gbnfToRegex(gbnf: string): string {
  let out = "";
  for (const token of gbnf.match(/"(?:\\.|[^"\\])*"|\[[^\]]*\]|\{\d+(?:,\d*)?\}|[()|?*+]/g) ?? []) {
    if (token.startsWith('"')) out += JSON.parse(token).replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");
    else out += token;
  }
  return `^${out}$`;
}
