/**
 * The public dev set must only expect requests our compiler could produce: for every expectation
 * (every alternative of an `any`), find the catalog operation whose method and path template fit,
 * turn the expectation back into that operation's arguments, validate and compile them, and check
 * that the compiled request scores as correct against the expectation. No catalog, no pass.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/catalog/load.js";
import type { Catalog, Operation } from "../../src/catalog/types.js";
import { prepareCall } from "../../src/graph/compile.js";
import { ArgValidator } from "../../src/graph/validate.js";
import { alternativesOf, loadCases, type EvalCase, type RequestExpectation } from "../../src/eval/cases.js";
import { normalizePath, scoreCase } from "../../src/eval/score.js";

const CASES_DIR = "evals/cases";
const CORPUS_DIR = `${CASES_DIR}/corpus`;
/** The authored corpus's splits, one file each (one authoring batch a file), by id prefix: train-X.jsonl holds ctrain-X-0001 …. */
const CORPUS_PREFIXES: Record<string, string> = { "test.jsonl": "ctest", "dev.jsonl": "cdev" };
const corpusFiles = existsSync(CORPUS_DIR) ? readdirSync(CORPUS_DIR).filter((f) => f.endsWith(".jsonl")).sort() : [];
for (const f of corpusFiles) {
  const batch = /^train-([a-z])\.jsonl$/.exec(f)?.[1];
  if (batch) CORPUS_PREFIXES[f] = `ctrain-${batch}`;
}
/** Every case file (relative to evals/cases), by id prefix: dev-0001 … in dev.jsonl, hold-0001 … in holdout.jsonl, ctest-0001 … in corpus/test.jsonl. */
const CASE_FILES: Record<string, string> = {
  "dev.jsonl": "dev",
  "holdout.jsonl": "hold",
  ...Object.fromEntries(corpusFiles.filter((f) => f in CORPUS_PREFIXES).map((f) => [`corpus/${f}`, CORPUS_PREFIXES[f]!])),
};

/**
 * Cases whose expectation is what Graph documents but the catalog cannot yet express, each with
 * the compiler's complaint. The test insists on that exact complaint, so the day the catalog
 * learns the field the entry fails and must go. Empty: every expectation compiles today.
 */
const CATALOG_GAPS: Record<string, RegExp> = {};
const caseSets = await Promise.all(Object.entries(CASE_FILES).map(async ([file, prefix]) => ({ file, prefix, cases: await loadCases(`${CASES_DIR}/${file}`) })));
const cases = caseSets.find((set) => set.file === "dev.jsonl")!.cases;
const corpusSets = caseSets.filter((set) => set.file.startsWith("corpus/"));

/** A request as the split check compares it: lower case, punctuation stripped, whitespace collapsed. */
function normalizedRequest(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, "").replace(/\s+/g, " ").trim();
}

/** The tags evals/README.md lists (every `tag` in backquotes in its "Tags" section). */
function documentedTags(): Set<string> {
  const section = /^## Tags\n([\s\S]*?)(?=^## )/m.exec(readFileSync(`${CASES_DIR}/../README.md`, "utf8"))?.[1] ?? "";
  return new Set([...section.matchAll(/`([^`\s]+)`/g)].map((m) => m[1]!));
}

/** A path template as a pattern over normalised paths; `{key}` stands for one segment. */
function templatePattern(op: Operation): { pattern: RegExp; keys: string[]; literalSegments: number } {
  const keys: string[] = [];
  let literalSegments = 0;
  // Placeholders become markers that survive normalizePath (which lower-cases and decodes).
  const segments = normalizePath(op.path.replace(/\{([^}]+)\}/g, (_, key: string) => `__key${keys.push(key) - 1}__`))
    .split("/")
    .slice(1)
    .map((segment) => {
      if (!/__key\d+__/.test(segment)) literalSegments++;
      return segment
        .split(/__key(\d+)__/)
        .map((part, i) => (i % 2 === 1 ? "([^/]+)" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
        .join("");
    });
  return { pattern: new RegExp(`^/${segments.join("/")}$`, "i"), keys, literalSegments };
}

/** The operation an expectation addresses, with its path arguments; the most literal template wins. */
function findOperation(catalog: Catalog, want: RequestExpectation): { op: Operation; pathArgs: Record<string, string> } | null {
  const path = normalizePath(want.path);
  // Path values keep their original case: ids are case-sensitive on the wire.
  const originalSegments = want.path.split("/").filter((s) => s !== "");
  if (originalSegments[0] === "v1.0" || originalSegments[0] === "beta") originalSegments.shift();
  let best: { op: Operation; pathArgs: Record<string, string>; literal: number } | null = null;
  for (const op of catalog.operations) {
    if (op.method !== want.method) continue;
    const { pattern, keys, literalSegments } = templatePattern(op);
    const match = pattern.exec(path);
    if (!match) continue;
    const pathArgs: Record<string, string> = {};
    const original = new RegExp(pattern.source, "i").exec("/" + originalSegments.map((s) => decodeURIComponent(s)).join("/"));
    keys.forEach((key, i) => (pathArgs[key] = (original?.[i + 1] ?? match[i + 1]) as string));
    if (!best || literalSegments > best.literal) best = { op, pathArgs, literal: literalSegments };
  }
  return best && { op: best.op, pathArgs: best.pathArgs };
}

const QUERY_ARGUMENT_SHAPE: Record<string, (v: unknown) => unknown> = {
  $filter: String,
  $search: String,
  $top: Number,
  $skip: Number,
  $count: (v) => v === true || v === "true",
  $select: (v) => (Array.isArray(v) ? v : String(v).split(",").map((s) => s.trim())),
  $expand: (v) => (Array.isArray(v) ? v : String(v).split(",").map((s) => s.trim())),
  $orderby: (v) => (Array.isArray(v) ? v : [String(v)]),
};

/** Turns an expectation back into arguments of `op`; throws when a query option or body key has no argument. */
function argumentsFor(op: Operation, want: RequestExpectation, pathArgs: Record<string, string>): Record<string, unknown> {
  const args: Record<string, unknown> = { ...pathArgs };
  const byWire = (place: "query" | "body", wire: string) =>
    op.params.find((p) => p.in === place && p.wire.toLowerCase() === wire.toLowerCase() && p.name !== "where");
  for (const [option, value] of Object.entries(want.query ?? {})) {
    const binding = byWire("query", option);
    if (!binding) throw new Error(`${op.name} takes no query option ${option}`);
    args[binding.name] = (QUERY_ARGUMENT_SHAPE[option] ?? ((v: unknown) => v))(value);
  }
  for (const [key, value] of Object.entries(want.body ?? {})) {
    const binding = byWire("body", key);
    if (!binding) throw new Error(`${op.name} takes no body member ${key}`);
    args[binding.name] = value;
  }
  for (const key of Object.keys(want.body_match ?? {})) {
    const binding = byWire("body", key);
    if (!binding) throw new Error(`${op.name} takes no body member ${key}`);
    // Any text will do: body_match regexes are checked against the planner's text, not compiled.
    // The placeholder is also a valid KQL statement, since a hunting query must pass the KQL check.
    args[binding.name] = 'print text = "sample text"';
  }
  return args;
}

function checkExpectation(catalog: Catalog, validator: ArgValidator, c: EvalCase, want: RequestExpectation): string | null {
  const found = findOperation(catalog, want);
  if (!found) return `${want.method} ${want.path} matches no catalog operation`;
  let args: Record<string, unknown>;
  try {
    args = argumentsFor(found.op, want, found.pathArgs);
  } catch (e) {
    return (e as Error).message;
  }
  let request;
  try {
    request = prepareCall(catalog, validator, found.op.name, args, { now: c.now ? new Date(c.now) : new Date() }).request;
  } catch (e) {
    return `${found.op.name} rejects ${JSON.stringify(args)}: ${(e as Error).message}`;
  }
  const withoutRegexes: RequestExpectation = { ...want, body_match: undefined };
  const score = scoreCase(withoutRegexes, request);
  return score.correct ? null : `${found.op.name} compiles to ${request.url}, which fails its own expectation: ${score.reasons.join("; ")}`;
}

describe("evals/cases", () => {
  it("checks every case file there is", () => {
    const present = [...readdirSync(CASES_DIR).filter((f) => f.endsWith(".jsonl")), ...corpusFiles.map((f) => `corpus/${f}`)];
    expect(present.sort()).toEqual(Object.keys(CASE_FILES).sort());
  });

  it("never puts the same request into two splits", () => {
    const firstSeen = new Map<string, string>();
    const clashes: string[] = [];
    for (const { file, cases: set } of caseSets) {
      const inThisFile = new Set<string>();
      for (const c of set) {
        const key = normalizedRequest(c.request);
        if (inThisFile.has(key)) continue;
        inThisFile.add(key);
        const earlier = firstSeen.get(key);
        if (earlier) clashes.push(`${file} ${c.id} repeats ${earlier}: ${JSON.stringify(c.request)}`);
        else firstSeen.set(key, `${file} ${c.id}`);
      }
    }
    expect(clashes).toEqual([]);
  });
});

describe.each(corpusSets)("evals/cases/$file (authored corpus)", ({ cases: set }) => {
  it("repeats no request within the file", () => {
    const seen = new Map<string, string>();
    const repeats = set.flatMap((c) => {
      const earlier = seen.get(normalizedRequest(c.request));
      seen.set(normalizedRequest(c.request), c.id);
      return earlier ? [`${c.id} repeats ${earlier}`] : [];
    });
    expect(repeats).toEqual([]);
  });

  it("tags every case with its toolset, every decline with `decline`, and only with tags evals/README.md lists", () => {
    const toolsets = new Set(loadCatalog().toolsets.map((t) => t.name));
    const listed = documentedTags();
    expect(set.filter((c) => !c.tags.some((t) => toolsets.has(t) || t === "decline")).map((c) => c.id)).toEqual([]);
    expect([...new Set(set.flatMap((c) => c.tags))].filter((t) => !listed.has(t)).sort()).toEqual([]);
    expect(set.filter((c) => (c.expect === null) !== c.tags.includes("decline")).map((c) => c.id)).toEqual([]);
  });

  it("covers every toolset, with 8–20 % of its cases out of scope", () => {
    const tags = new Set(set.flatMap((c) => c.tags));
    expect(loadCatalog().toolsets.map((t) => t.name).filter((name) => !tags.has(name))).toEqual([]);
    const declines = set.filter((c) => c.expect === null).length / set.length;
    expect(declines).toBeGreaterThanOrEqual(0.08);
    expect(declines).toBeLessThanOrEqual(0.2);
  });
});

describe("evals/cases/dev.jsonl", () => {
  it("has at least 200 cases, ≥ 10 % of them out of scope", () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    expect(cases.filter((c) => c.expect === null).length / cases.length).toBeGreaterThanOrEqual(0.1);
  });

  it("covers every toolset of the catalog with a tag of its name", () => {
    const catalog = loadCatalog();
    const tags = new Set(cases.flatMap((c) => c.tags));
    expect(catalog.toolsets.map((t) => t.name).filter((name) => !tags.has(name))).toEqual([]);
  });
});

describe.each(caseSets)("evals/cases/$file", ({ file, prefix, cases: set }) => {
  it(`uses stable ids ${prefix}-0001, ${prefix}-0002, … in order`, () => {
    expect(set.map((c) => c.id)).toEqual(set.map((_, i) => `${prefix}-${String(i + 1).padStart(4, "0")}`));
  });

  it("expects only requests the compiler can produce", () => {
    const catalog = loadCatalog();
    const validator = new ArgValidator(catalog);
    const problems: string[] = [];
    for (const c of set) {
      if (c.expect === null) continue;
      const gap = CATALOG_GAPS[c.id];
      alternativesOf(c.expect).forEach((want, i) => {
        const problem = checkExpectation(catalog, validator, c, want);
        const where = `${file} ${c.id}${"any" in c.expect! ? ` (alternative ${i + 1})` : ""}`;
        if (gap && !(problem && gap.test(problem))) problems.push(`${where} is listed in CATALOG_GAPS but now gives ${problem ?? "no problem"}: update the list`);
        if (!gap && problem) problems.push(`${where}: ${problem}`);
      });
    }
    expect(problems).toEqual([]);
  });
});
