import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/catalog/load.js";
import { generateDataset, type Example } from "../../src/dataset/generate.js";
import { words } from "../../src/dataset/phrasing.js";
import { RELATIVE_WINDOWS } from "../../src/dataset/phrasing.js";
import { parseCompletion } from "../../src/planner/prompt.js";
import { captureIO } from "../support/io.js";

const catalog = loadCatalog();
// Small per-family counts keep the suite fast; the rules are the same at any size.
const ds = generateDataset(catalog, { seed: 11, trainPerFamily: 4, evalPerFamily: 2 });
const bySplit = (s: Example["split"]) => ds.examples.filter((e) => e.split === s);

/** Every string leaf of an argument object. */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

describe("dataset", () => {
  it("is deterministic under the seed and changes with it", () => {
    const again = generateDataset(catalog, { seed: 11, trainPerFamily: 4, evalPerFamily: 2 });
    expect(JSON.stringify(again.examples)).toBe(JSON.stringify(ds.examples));
    const small = (seed: number) => JSON.stringify(generateDataset(catalog, { seed, trainPerFamily: 1, evalPerFamily: 1 }).examples);
    expect(small(12)).not.toBe(small(11));
  });

  it("shares no template family and no request text between train and test (leakage)", () => {
    const train = bySplit("train");
    const test = bySplit("test");
    expect(test.length).toBeGreaterThan(100);
    const trainFamilies = new Set(train.map((e) => e.family));
    const leakedFamilies = test.filter((e) => trainFamilies.has(e.family)).map((e) => e.family);
    expect(leakedFamilies).toEqual([]);
    const trainTexts = new Set(train.map((e) => e.request.toLowerCase()));
    expect(test.filter((e) => trainTexts.has(e.request.toLowerCase())).map((e) => e.request)).toEqual([]);
  });

  it("tests every operation it trains, except those with too few families to hold one out", () => {
    const trained = new Set(bySplit("train").map((e) => e.call?.operation ?? "decline"));
    const tested = new Set(bySplit("test").map((e) => e.call?.operation ?? "decline"));
    for (const op of tested) expect(trained.has(op), `${op} is tested but never trained`).toBe(true);
    expect(tested.has("decline")).toBe(true);
    expect(tested.size).toBeGreaterThan(60);
  });

  it("takes every argument value from the request text, or from a time phrase, enum words or generated KQL", () => {
    const durations = new Set(RELATIVE_WINDOWS.map((w) => w.duration));
    for (const ex of ds.examples) {
      if (!ex.call) continue;
      const text = ex.request.toLowerCase();
      for (const [name, value] of Object.entries(ex.call.arguments)) {
        if (name === "query" || name === "orderby" || name === "top") continue;
        const leaves = name === "where" ? (value as { value: unknown }[]).flatMap((c) => strings(c.value)) : strings(value);
        for (const s of leaves) {
          if (name === "where" && (durations.has(s) || /^\d{4}-\d\d-\d\dT/.test(s))) continue;
          // A verb can carry the value: "close alert X" means status resolved.
          const byVerb = name === "status" && s === "resolved" && /\b(resolve|close)/.test(text);
          const grounded = byVerb || text.includes(s.toLowerCase()) || text.includes(words(s));
          expect(grounded, `${ex.id} ${ex.family}: "${s}" (${name}) not in "${ex.request}"`).toBe(true);
        }
      }
      if (typeof ex.call.arguments.top === "number") expect(text).toContain(String(ex.call.arguments.top));
    }
  });

  it("keeps held-out names (people, domains, processes) out of training text", () => {
    // Single words like first names can occur inside other words; check the distinctive values.
    const distinctive = ds.heldOutValues.filter((v) => /[.\s-]/.test(v) && v.length > 6);
    expect(distinctive.length).toBeGreaterThan(10);
    const trainText = bySplit("train").map((e) => e.request.toLowerCase()).join("\n");
    for (const v of distinctive) expect(trainText.includes(v.toLowerCase()), `${v} leaked into train`).toBe(false);
    const testText = bySplit("test").map((e) => e.request.toLowerCase()).join("\n");
    expect(distinctive.some((v) => testText.includes(v.toLowerCase()))).toBe(true);
  });

  it("renders completions the prompt format parses back to the same call", () => {
    for (const ex of ds.examples.slice(0, 400)) {
      const parsed = parseCompletion(ex.completion);
      if (!ex.call) {
        expect(parsed.decision).toBe("decline");
        continue;
      }
      expect(parsed).toMatchObject({ decision: "call", operation: ex.call.operation, arguments: ex.call.arguments });
      expect(ex.candidates).toContain(ex.call.operation);
      expect(ex.prompt.endsWith("<|im_start|>assistant\n")).toBe(true);
    }
  });

  it("filters and sorts only where Graph's reference documents it (spec/capabilities.yaml)", () => {
    let checked = 0;
    for (const e of ds.examples) {
      const op = e.call ? catalog.byName.get(e.call.operation) : undefined;
      const caps = op?.capabilities;
      if (!op || !caps?.documented) continue;
      const args = e.call!.arguments as { where?: { field: string; op: string }[]; orderby?: string[] };
      for (const name of Object.keys(args)) if (op.params.every((p) => p.name !== name)) throw new Error(`${e.id} uses ${name}`);
      for (const c of args.where ?? []) {
        checked++;
        if (caps.filter === null) continue;
        const documented = Object.entries(caps.filter).find(([path]) => path.toLowerCase() === c.field.toLowerCase());
        expect(documented, `${e.id}: ${c.field} on ${op.name}`).toBeDefined();
        const operators = documented![1];
        if (operators) expect(operators, `${e.id}: ${c.op} on ${c.field}`).toContain(c.op === "in" ? "eq" : c.op);
      }
      if (caps.orderby !== null) for (const item of args.orderby ?? []) expect(caps.orderby, e.id).toContain(item.split(" ")[0]);
    }
    expect(checked).toBeGreaterThan(50);
  });

  it("writes cases whose expectation matches the compiled request of the example", () => {
    const cases = new Map(ds.cases.map((c) => [c.id, c]));
    for (const ex of [...bySplit("valid"), ...bySplit("test")]) {
      const c = cases.get(ex.id);
      expect(c).toBeDefined();
      expect(c?.request).toBe(ex.request);
      if (!ex.call) expect(c?.expect).toBeNull();
      else expect(c?.expect).toMatchObject({ method: expect.stringMatching(/^(GET|POST|PATCH|DELETE)$/) });
    }
  });
});

describe("dataset command", () => {
  const run = async (argv: string[]) => {
    const { main } = await import("../../src/cli.js");
    const io = captureIO();
    return { code: await main(["dataset", ...argv], io), err: io.err.join("") };
  };

  it.each([
    [[], /--out DIR is required/],
    [["--out", "x", "--seed=-1"], /--seed must be a whole number/],
    [["--out", "x", "--bogus"], /Unknown option '--bogus'/],
  ])("refuses %j with one line and exit 2", async (argv, message) => {
    const { code, err } = await run(argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err.trim().split("\n")).toHaveLength(1);
  });
});
