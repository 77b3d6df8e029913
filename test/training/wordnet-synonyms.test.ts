import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/catalog/load.js";
import { synonymise } from "../../src/dataset/augment.js";
import { Rng } from "../../src/dataset/random.js";
import { catalogSymbols } from "../../training/compact-data.js";
import { buildSynonyms, identifierWords, parseIndexSense, protectedWords, wordnetSynonyms } from "../../training/wordnet-synonyms.js";

const catalog = loadCatalog();
const protect = protectedWords(catalog, catalogSymbols(catalog));

describe("wordnet synonyms", () => {
  it("splits identifiers", () => {
    expect(identifierWords("alerts_list")).toEqual(["alerts", "list"]);
    expect(identifierWords("createdDateTime")).toEqual(["created", "date", "time"]);
  });
  it.each(["alerts", "severity", "incidents", "device", "machine", "computer", "list", "high"])("never rewrites the catalog term %s", (w) => {
    const map = wordnetSynonyms([`${w} want big`], protect);
    expect(map.has(w)).toBe(false);
    for (const alts of map.values()) expect(alts).not.toContain(w);
  });
  it.each([["want"], ["big"], ["recently"]])("rewrites the general word %s", (w) => {
    const map = wordnetSynonyms([w], protect);
    expect(map.get(w)?.length ?? 0).toBeGreaterThan(0);
  });
  it("keeps only a dominant sense, and synonyms common in that sense", () => {
    const senses = parseIndexSense(["big%3:00:01:: 01 1 40", "large%3:00:00:: 01 1 30", "bulky%3:00:00:: 01 1 1", "split%2:01:00:: 02 1 5", "split%1:01:00:: 03 1 10", "cleave%2:01:00:: 02 1 9"].join("\n"));
    const map = buildSynonyms(["big", "split"], senses, new Set());
    expect(map.get("big")).toEqual(["large"]);
    expect(map.has("split")).toBe(false);
  });
  it("synonymise changes a general word, never a placeholder or a catalog term", () => {
    const map = wordnetSynonyms(["want alerts since <TIME1>"], protect);
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) seen.add(synonymise("want alerts since <TIME1>", new Rng(i), map));
    for (const s of seen) expect(s).toMatch(/ alerts since <TIME1>$/);
    expect(seen.size).toBeGreaterThan(1);
  });
});
