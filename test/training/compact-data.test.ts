import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/catalog/load.js";
import { RequestChecker } from "../../src/check/index.js";
import { ArgValidator } from "../../src/graph/validate.js";
import { catalogSymbols, corpusPlan, filterAsWhere, overlapGuard, overlapKey } from "../../training/compact-data.js";
import { promptSegments } from "../../training/tokenize.js";

const catalog = loadCatalog();
const validator = new ArgValidator(catalog);
const requestChecker = new RequestChecker(catalog, { validator });
const checker = { catalog, check: (p: Parameters<RequestChecker["check"]>[0]) => requestChecker.check(p) };

describe("compact training data", () => {
  it("reads a corpus expectation back into a structured call", () => {
    const plan = corpusPlan(checker, validator, {
      id: "t1",
      request: "high sev new alerts",
      now: "2026-11-21T12:00:00Z",
      expect: { method: "GET", path: "/security/alerts_v2", query: { $filter: "severity eq 'high' and status eq 'new'" } },
    });
    expect(plan).toEqual({
      decision: "call",
      operation: "alerts_list",
      arguments: { where: [{ field: "severity", op: "eq", value: "high" }, { field: "status", op: "eq", value: "new" }] },
    });
  });

  it("takes the first readable alternative, declines null, and gives null for what no operation serves", () => {
    const base = { id: "t2", request: "x", now: "2026-11-21T12:00:00Z" };
    expect(corpusPlan(checker, validator, { ...base, expect: null })).toMatchObject({ decision: "decline" });
    expect(corpusPlan(checker, validator, { ...base, expect: { method: "GET", path: "/security/nothing_here" } })).toBeNull();
    const any = { any: [{ method: "GET", path: "/security/nothing_here" }, { method: "GET", path: "/security/incidents" }] };
    expect(corpusPlan(checker, validator, { ...base, expect: any as never })).toMatchObject({ operation: "incidents_list" });
  });

  it("keeps a filter it cannot structure as raw filter", () => {
    const args = { filter: "evidence/any(e: e/verdict eq 'malicious')" };
    expect(filterAsWhere(args)).toBe(args);
    expect(filterAsWhere({ filter: "startswith(title,'Phish') and severity ne 'low'" })).toEqual({
      where: [{ field: "title", op: "startswith", value: "Phish" }, { field: "severity", op: "ne", value: "low" }],
    });
  });

  it("drops requests equal to a guarded case's by normalised text (case, punctuation, placeholders)", () => {
    const dir = mkdtempSync(join(tmpdir(), "compact-guard-"));
    const file = join(dir, "cases.jsonl");
    writeFileSync(file, `${JSON.stringify({ id: "g1", request: "Alerts for bob@contoso.com, please!", now: "2026-11-21T12:00:00Z", expect: null })}\n`);
    const overlaps = overlapGuard([file]);
    expect(overlaps("alerts for <UPN1> please")).toBe(true);
    expect(overlaps("ALERTS for bob@contoso.com please")).toBe(true);
    expect(overlaps("incidents for <UPN1> please")).toBe(false);
    expect(overlapKey("A, b!  c")).toBe("a b c");
  });

  it("keeps operation names and placeholders among the vocabulary's whole symbols", () => {
    const symbols = catalogSymbols(catalog);
    expect(symbols).toEqual(expect.arrayContaining(["alerts_list", "hunting_run_query", "<TIME1>", "<UPN6>", "createdDateTime"]));
    expect(symbols.every((s) => !/\s/.test(s))).toBe(true);
  });

  it("splits a compact prompt (no Now: line) into head, request and tail", () => {
    const seg = promptSegments("<|im_start|>user\nalerts for <UPN1><|im_end|>\n<|im_start|>assistant\n");
    expect(seg).toEqual({ head: "<|im_start|>user\n", request: "alerts for <UPN1>", tail: "<|im_end|>\n<|im_start|>assistant\n" });
  });
});
