/**
 * The router's lexical model: tokens a request gives it, and posteriors counted from examples.
 */
import { describe, expect, it } from "vitest";
import { extractSlots } from "../../../src/planner/slots/index.js";
import { readIntent } from "../../../src/planner/rules/intent.js";
import { countLexicon, Lexicon, lexicalTokens, NONE_CLASS } from "../../../src/planner/router/lexicon.js";

const now = new Date("2026-11-21T12:00:00Z");
const tokensOf = (text: string) => {
  const slots = extractSlots(text, now);
  return lexicalTokens(slots, readIntent(text, slots));
};

describe("lexical tokens", () => {
  it("are stemmed words, word pairs and identifier kinds, without the identifiers themselves", () => {
    const tokens = tokensOf("who signed in from 203.0.113.7 as bob@contoso.com");
    expect(tokens).toEqual(expect.arrayContaining(["signed", "signed in", "#ip", "#email"]));
    expect(tokens.some((t) => t.includes("203") || t.includes("contoso"))).toBe(false);
  });

  it("mark a write request and its object id", () => {
    expect(tokensOf("deactivate IOC 5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d")).toEqual(expect.arrayContaining(["#write", "#guid"]));
  });
});

describe("lexicon", () => {
  const documents = [
    { tokens: ["sign", "signed in", "#email"], classes: ["signins_list"] },
    { tokens: ["sign", "failed", "#email"], classes: ["signins_list"] },
    { tokens: ["audit", "changes", "#guid"], classes: ["directory_audits_list"] },
    { tokens: ["audit", "deleted", "users"], classes: ["directory_audits_list"] },
    { tokens: ["weather", "tomorrow"], classes: [NONE_CLASS] },
    { tokens: ["weather", "joke"], classes: [NONE_CLASS] },
  ];
  const lexicon = new Lexicon(countLexicon(documents, 0.5));

  it("prefers the class whose examples share the request's words", () => {
    const evidence = lexicon.evidence(["sign", "#email"]);
    expect(evidence("signins_list").posterior).toBeGreaterThan(0.8);
    expect(evidence("signins_list").posterior).toBeGreaterThan(evidence("directory_audits_list").posterior);
    expect(lexicon.evidence(["weather"])(NONE_CLASS).posterior).toBeGreaterThan(0.5);
  });

  it("gives no evidence for words it never counted or classes it never saw", () => {
    expect(lexicon.evidence(["zebra"])("signins_list")).toEqual({ posterior: 0, logPosterior: 0 });
    expect(lexicon.evidence(["sign"])("alerts_list")).toEqual({ posterior: 0, logPosterior: 0 });
  });

  it("keeps only terms seen at least twice", () => {
    const counts = countLexicon(documents, 0.5);
    expect(counts.terms).toContain("audit");
    expect(counts.terms).not.toContain("joke");
  });

  it("refuses counts that do not match their classes", () => {
    expect(() => new Lexicon({ alpha: 1, classes: ["a", "b"], terms: [], counts: [""] })).toThrow(/2 classes but counts for 1/);
  });
});
