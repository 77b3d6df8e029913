/**
 * The compact-plan grammar, checked without a model: llama.cpp parses it, and a regex twin of the
 * grammar (rules inlined) says which completions it admits — real operations, documented fields and
 * operators, enum values, and only the placeholders the request has.
 */
import { getLlama, LlamaLogLevel } from "node-llama-cpp";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../../src/catalog/load.js";
import { compactRequest, decodePlan, encodePlan } from "../../../src/planner/model/compact.js";
import { compactGrammar } from "../../../src/planner/model/compact-grammar.js";

const catalog = loadCatalog();
const now = new Date("2026-11-21T12:00:00Z");
const ops = ["alerts_list", "incidents_get", "hunting_run_query", "risky_users_dismiss", "alerts_update"].map((n) => catalog.byName.get(n)!);

/** GBNF (the subset compactGrammar writes) → an anchored regex, rule references inlined. */
function twin(gbnf: string): RegExp {
  const rules = new Map(gbnf.trim().split("\n").map((l) => l.split(" ::= ") as [string, string]));
  const expand = (body: string): string => {
    let out = "";
    for (const token of body.match(/"(?:\\.|[^"\\])*"|\[(?:\\.|[^\]\\])*\]|\{\d+(?:,\d*)?\}|[()|?*+]|[a-z][a-z0-9-]*/g) ?? []) {
      if (token.startsWith('"')) out += (JSON.parse(token) as string).replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
      else if (/^[a-z]/.test(token)) out += `(?:${expand(rules.get(token)!)})`;
      else out += token === "(" ? "(?:" : token;
    }
    return out;
  };
  return new RegExp(`^${expand(rules.get("root")!)}$`);
}

describe("compactGrammar", () => {
  const request = compactRequest("high severity alerts for bob@contoso.com in the last 24 hours", now);
  const gbnf = compactGrammar(ops, catalog, [...request.values.keys()]);
  const grammar = twin(gbnf);
  const admits = (completion: string) => grammar.test(completion);

  it("is GBNF that llama.cpp parses, for the whole catalog too", async () => {
    const llama = await getLlama({ gpu: false, build: "never", logLevel: LlamaLogLevel.error });
    try {
      await expect(llama.createGrammar({ grammar: gbnf })).resolves.toBeDefined();
      await expect(llama.createGrammar({ grammar: compactGrammar(catalog.operations, catalog, []) })).resolves.toBeDefined();
    } finally {
      await llama.dispose();
    }
  });

  it("admits the encoded plans of the request, which decode back to the same call", () => {
    const plan = {
      decision: "call" as const,
      operation: "alerts_list",
      arguments: { where: [{ field: "severity", op: "eq", value: "high" }, { field: "assignedTo", op: "eq", value: "bob@contoso.com" }, { field: "createdDateTime", op: "ge", value: "2026-11-20T12:00:00Z" }], top: 5 },
    };
    const completion = encodePlan(plan, request, now);
    expect(completion).toBe("alerts_list where severity eq high where assignedTo eq <UPN1> where createdDateTime ge <TIME1> top 5");
    expect(admits(completion)).toBe(true);
    expect(decodePlan(completion, request).plan).toEqual({ decision: "call", operation: "alerts_list", arguments: { top: 5, where: plan.arguments.where } });
    expect(admits("decline")).toBe(true);
    expect(admits("hunting_run_query query=?")).toBe(true);
    // One or two spaces between words, one before the first (SentencePiece pieces write them).
    expect(admits(" alerts_list  where severity  eq high")).toBe(true);
  });

  it("rejects invented operations, fields, operators and enum values", () => {
    expect(admits("alerts_delete_all")).toBe(false);
    expect(admits("alerts_list where colour eq high")).toBe(false);
    expect(admits("alerts_list where severity contains high")).toBe(false);
    expect(admits("alerts_list where severity eq extreme")).toBe(false);
    expect(admits("alerts_list top 0")).toBe(false);
    expect(admits("alerts_list shoeSize=3")).toBe(false);
  });

  it("admits only the placeholders the request has, and times only where a time goes", () => {
    expect(admits("alerts_list where assignedTo eq <UPN2>")).toBe(false);
    expect(admits("alerts_list where assignedTo eq <IP1>")).toBe(false);
    expect(admits("alerts_list where createdDateTime ge <UPN1>")).toBe(false);
    expect(admits("alerts_list where assignedTo eq <TIME1>")).toBe(false);
  });

  it("writes free text only as ?, and leaves out operations whose path key nothing can fill", () => {
    expect(admits('hunting_run_query query="DeviceEvents | take 1"')).toBe(false);
    expect(admits("incidents_get incidentId=<UPN1>")).toBe(true);
    const bare = compactGrammar(ops, catalog, ["<TIME1>"]);
    expect(twin(bare).test("incidents_get incidentId=<TIME1>")).toBe(false);
    expect(twin(bare).test("incidents_get")).toBe(false);
    expect(twin(bare).test("alerts_list where createdDateTime ge <TIME1>")).toBe(true);
  });
});
