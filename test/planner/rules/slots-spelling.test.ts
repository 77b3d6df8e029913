import { describe, expect, it } from "vitest";
import { createSpellingCorrector } from "../../../src/planner/slots/spelling.js";

const correct = createSpellingCorrector("high severity alerts incident incidents risky users resolve resolved false positive have been assigned".split(" "));

describe("createSpellingCorrector", () => {
  it("fixes one edit, counting a swapped pair as one", () => {
    expect(correct("hihg severiy alrets")).toBe("high severity alerts");
    expect(correct("rsiky usres")).toBe("risky users");
  });

  it("prefers dropping a doubled letter over changing one", () => {
    expect(correct("resolvee incident")).toBe("resolve incident");
  });

  it("leaves known words, short words, far words and protected text alone", () => {
    expect(correct("alerts for bob")).toBe("alerts for bob");
    expect(correct("mimikatz")).toBe("mimikatz");
    expect(correct(`titled "hihg" (alrets) hihg.exe Hihg`)).toBe(`titled "hihg" (alrets) hihg.exe Hihg`);
    expect(correct("haven't been assigned")).toBe("haven't been assigned");
  });
});
