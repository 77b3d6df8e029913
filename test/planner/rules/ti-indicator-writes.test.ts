/**
 * Threat-indicator writes: documented values of targetProduct / threatType named without their
 * label, the clipped and verb forms of "description", "create a block indicator" / "add an alert
 * indicator" as creates, "bump indicator X to …" as an update — and the reads that must stay reads.
 */
import { describe, expect, it } from "vitest";
import { readIntent } from "../../../src/planner/rules/intent.js";
import { extractSlots } from "../../../src/planner/slots/index.js";
import { statedBodyValues } from "../../support/stated-body.js";

const now = new Date("2026-11-21T12:00:00Z");

function stated(opName: string, text: string): Record<string, unknown> {
  return statedBodyValues(opName, text, now);
}

describe("documented values named without the field's label", () => {
  it.each([
    ["new IOC - alert on IPv4 203.0.113.9 for Azure Sentinel, threat type C2", { targetProduct: "Azure Sentinel", threatType: "C2" }],
    ["add IOC: block domain bad.example in defender ATP, threat type Phishing", { targetProduct: "Microsoft Defender ATP" }],
    ["block url http://x.example/a in Sentinel, botnet", { targetProduct: "Azure Sentinel", threatType: "Botnet" }],
    ["create indicator alert on sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08, target Azure Sentinel, malware", { targetProduct: "Azure Sentinel", threatType: "Malware" }],
    ["submit ip 198.51.100.4, targetProduct Microsoft Defender ATP, crypto mining", { targetProduct: "Microsoft Defender ATP", threatType: "CryptoMining" }],
    ["block domain x.example, target Microsoft Defender ATP, threat type Ransomware", { targetProduct: "Microsoft Defender ATP", threatType: "Ransomware" }],
  ])("%s", (text, expected) => {
    expect(stated("ti_indicators_create", text)).toMatchObject(expected);
  });

  it("does not read a value out of the quoted description", () => {
    const args = stated("ti_indicators_create", "block domain x.example, threat type C2, description 'seen with malware in Sentinel'");
    expect(args.threatType).toBe("C2");
    expect(args.targetProduct).toBeUndefined();
  });

  it("an update (PATCH) reads no unlabelled value", () => {
    expect(stated("ti_indicators_update", "set indicator 0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a to tlp red, it is malware")).not.toHaveProperty("threatType");
  });
});

describe("description said clipped or as a verb", () => {
  it.each([
    ["block domain x.example, desc 'phish kit domain'", "phish kit domain"],
    ["block domain x.example, desc: beacon seen in INC 8989", "beacon seen in INC 8989"],
    ["alert on ip 198.51.100.2, described as 'beacon host seen on LT-DEV-55'", "beacon host seen on LT-DEV-55"],
    ["alert on ip 198.51.100.2, description 'loader dropped by inc 48213'", "loader dropped by inc 48213"],
  ])("%s", (text, description) => {
    expect(stated("ti_indicators_create", text).description).toBe(description);
  });

  it("a bare 'desc' without a colon or quote is no label", () => {
    expect(stated("ti_indicators_create", "block domain x.example sorted desc")).not.toHaveProperty("description");
  });
});

const intentOf = (text: string) => readIntent(text, extractSlots(text, now));

describe("indicator creates and updates", () => {
  it.each([
    ["create a block indicator for the domain secure-docs.example, threat type Phishing", "create"],
    ["add an alert indicator for ip 198.51.100.200: threat type C2", "create"],
    ["add IOC: block domain bad.example", "create"],
    ["add a new IOC for 203.0.113.5", "create"],
    ["bump indicator 0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a to tlp red", "raise"],
  ])("%s → %s", (text, verb) => {
    const intent = intentOf(text);
    expect(intent.write).toBe(true);
    expect(intent.verbs).toContain(verb);
  });

  it.each(["list the block indicators for bad.example", "tiIndicators blocking domains", "which alert indicators expire this week?", "show indicators submitted for Azure Sentinel"])(
    "a read stays a read: %s",
    (text) => {
      expect(intentOf(text).write).toBe(false);
    },
  );
});
