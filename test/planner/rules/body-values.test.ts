/**
 * Body members stated by the field's own name (threat indicators, legacy alert vendor info) and
 * "is…" flags from their verb.
 */
import { describe, expect, it } from "vitest";
import { statedBodyValues } from "../../support/stated-body.js";

const now = new Date("2026-11-21T12:00:00Z");

function stated(opName: string, text: string): Record<string, unknown> {
  return statedBodyValues(opName, text, now);
}

describe("string and date members labelled by the field's name", () => {
  it.each([
    ["create tiIndicator: block url http://bad.example/dl.exe, targetProduct Azure Sentinel, threatType Malware, expiration 2027-02-28T00:00:00Z, description 'fake update dropper'",
      { url: "http://bad.example/dl.exe", targetProduct: "Azure Sentinel", threatType: "Malware", expirationDateTime: "2027-02-28T00:00:00Z", description: "fake update dropper" }],
    ["submit IOC: block domain payroll-update.co, threat type Phishing, target product Azure Sentinel, expires 2027-01-31",
      { domainName: "payroll-update.co", threatType: "Phishing", targetProduct: "Azure Sentinel", expirationDateTime: "2027-01-31T00:00:00Z" }],
    ["add IOC: alert on IPv4 203.0.113.77, threat type C2, target Microsoft Defender ATP, expiry 2027-03-01T08:30Z, desc: beacon seen in INC 8989",
      { networkIPv4: "203.0.113.77", threatType: "C2", targetProduct: "Microsoft Defender ATP", expirationDateTime: "2027-03-01T08:30:00Z", description: "beacon seen in INC 8989" }],
    ["create indicator: block sha256 8f14e45fceea167a5a36dedd4bea2543a7d5a3f1c0e6e9b6b8d1f7c4a2e3b5d9, threat type Malware",
      { fileHashValue: "8f14e45fceea167a5a36dedd4bea2543a7d5a3f1c0e6e9b6b8d1f7c4a2e3b5d9", fileHashType: "sha256", threatType: "Malware" }],
  ])("%s", (text, expected) => {
    expect(stated("ti_indicators_create", text)).toMatchObject(expected);
  });

  it("leaves unlabelled or lower-case prose alone", () => {
    const args = stated("ti_indicators_create", "create an indicator for the threat we saw, target is unclear");
    expect(args.threatType).toBeUndefined();
    expect(args.targetProduct).toBeUndefined();
    expect(args.description).toBeUndefined();
  });

  it("does not take a URL's host as a second domain indicator", () => {
    expect(stated("ti_indicators_create", "block url http://bad.example/dl.exe").domainName).toBeUndefined();
  });
});

describe("object members by their own names", () => {
  it("fills vendorInformation from 'vendor X, provider Y' and not providerVersion from 'provider'", () => {
    const args = stated("alerts_legacy_update", "assign alert 5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9 to ana@contoso.com (vendor Microsoft, provider MCAS)");
    expect(args.vendorInformation).toEqual({ vendor: "Microsoft", provider: "MCAS" });
  });

  it("adds nothing when no member is named", () => {
    expect(stated("alerts_legacy_update", "resolve legacy alert 5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9").vendorInformation).toBeUndefined();
  });
});

describe("is… flags from their verb", () => {
  it.each([
    ["deactivate IOC 5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d", false],
    ["make indicator 5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d inactive", false],
    ["reactivate ti indicator 5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d", true],
  ])("%s → isActive %s", (text, value) => {
    expect(stated("ti_indicators_update", text).isActive).toBe(value);
  });

  it("an adjective alone sets no flag", () => {
    expect(stated("ti_indicators_update", "set action to allow on active indicator 5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d").isActive).toBeUndefined();
  });
});
