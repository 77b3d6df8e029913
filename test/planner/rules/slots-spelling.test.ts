import { describe, expect, it } from "vitest";
import { createSpellingCorrector } from "../../../src/planner/slots/spelling.js";

const correct = createSpellingCorrector(
  "high severity alerts incident incidents risky users resolve resolved false positive have been assigned assign sign sign-ins from form the login alert riskEventType".split(" "),
);

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

  it.each([
    ["asign alert 123 to bob", "assign alert 123 to bob"],
    ["incident 77 asigned to nobody", "incident 77 assigned to nobody"],
    ["hihg alerts", "high alerts"],
  ])("prefers a missed double letter over dropping one: %s", (input, output) => {
    expect(correct(input)).toBe(output);
  });

  it.each([
    ["incdnt 5151 alrts", "incident 5151 alerts"],
    ["rsky usrs", "risky users"],
  ])("reads a word written without its vowels as the vocabulary word with those consonants: %s", (input, output) => {
    expect(correct(input)).toBe(output);
  });

  it("leaves a vowel-less word alone when no vocabulary word has its consonants", () => {
    expect(correct("ntds dump")).toBe("ntds dump");
  });

  it.each([
    ["sign-ins from chian", "sign-ins from china"],
    ["sign-ins from Chnia last weekend", "sign-ins from China last weekend"],
    ["alerts in germny", "alerts in germany"],
    ["sign-ins from rusia", "sign-ins from russia"],
  ])("repairs a misspelt country after from/in: %s", (input, output) => {
    expect(correct(input)).toBe(output);
  });

  it("leaves places it knows, names far from any country and quoted text alone", () => {
    // A capitalised name is repaired only for swapped letters: "Lagos" is a city, not "Laos".
    expect(correct("sign-ins from Lagos")).toBe("sign-ins from Lagos");
    expect(correct("sign-ins from Rusia")).toBe("sign-ins from Rusia");
    expect(correct("sign-ins from 'Chnia'")).toBe("sign-ins from 'Chnia'");
  });

  it.each([
    ["sign-ins form Chnia", "sign-ins from China"],
    ["alerts form the Defender portal", "alerts from the Defender portal"],
  ])("reads 'form' before a name as 'from': %s", (input, output) => {
    expect(correct(input)).toBe(output);
  });

  it.each(["the login form Contoso sent", "a form Microsoft made", "phishing form"])("keeps the noun 'form': %s", (input) => {
    expect(correct(input)).toBe(input);
  });

  it("knows the words of time and the parts of camelCase vocabulary", () => {
    expect(correct("sign-ins last wekend")).toBe("sign-ins last weekend");
    expect(correct("since mondya")).toBe("since monday");
    expect(correct("evnt tyep")).toBe("event type");
  });
});
