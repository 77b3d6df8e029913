import { describe, expect, it } from "vitest";
import { matchEnumValues, valuesByField, type EnumField } from "../../../src/planner/slots/enums.js";

const alertFields: EnumField[] = [
  { field: "severity", values: ["unknown", "informational", "low", "medium", "high", "unknownFutureValue"] },
  { field: "status", values: ["unknown", "new", "inProgress", "resolved", "unknownFutureValue"] },
  { field: "classification", values: ["unknown", "falsePositive", "truePositive", "informationalExpectedActivity", "unknownFutureValue"] },
  { field: "determination", values: ["unknown", "apt", "malware", "phishing", "securityTesting", "other"], requireCue: true },
  { field: "serviceSource", values: ["unknown", "microsoftDefenderForEndpoint", "microsoftDefenderForCloudApps", "microsoftDefenderForCloud", "azureAdIdentityProtection"] },
  { field: "detectionSource", values: ["unknown", "microsoftDefenderForEndpoint", "antivirus"], requireCue: true },
];
const pick = (text: string, fields = alertFields) => Object.fromEntries(valuesByField(matchEnumValues(text, fields)));

describe("matchEnumValues", () => {
  it("maps severity and status words", () => {
    expect(pick("high severity alerts that are in progress")).toEqual({ severity: ["high"], status: ["inProgress"] });
    expect(pick("critical or medium alerts")).toEqual({ severity: ["high", "medium"] });
    expect(pick("closed alerts")).toEqual({ status: ["resolved"] });
  });

  it("prefers the longest phrase", () => {
    expect(pick("alerts classified as informational expected activity")).toEqual({ classification: ["informationalExpectedActivity"] });
    expect(pick("defender for cloud apps alerts")).toEqual({ serviceSource: ["microsoftDefenderForCloudApps"] });
    expect(pick("defender for cloud alerts")).toEqual({ serviceSource: ["microsoftDefenderForCloud"] });
  });

  it("reads SOC shorthand", () => {
    expect(pick("FP alerts from MDE")).toEqual({ classification: ["falsePositive"], serviceSource: ["microsoftDefenderForEndpoint"] });
    expect(pick("benign positives")).toEqual({ classification: ["informationalExpectedActivity"] });
  });

  it("needs a cue for fields whose values are common words", () => {
    expect(pick("malware alerts")).toEqual({});
    expect(pick("alerts with determination malware")).toEqual({ determination: ["malware"] });
    expect(pick("alerts with detection source MDE")).toEqual({ detectionSource: ["microsoftDefenderForEndpoint"] });
    // "detected by <product>" names the product: serviceSource.
    expect(pick("alerts detected by MDE")).toEqual({ serviceSource: ["microsoftDefenderForEndpoint"] });
    // Placeholder members ("unknown", "other") match only next to their field's name.
    expect(pick("alerts with unknown origin")).toEqual({});
    expect(pick("alerts with severity unknown")).toEqual({ severity: ["unknown"] });
    expect(pick("any new alerts?")).toEqual({ status: ["new"] });
  });

  it("expands a synonym to several members when the field has them", () => {
    expect(pick("open alerts")).toEqual({ status: ["new", "inProgress"] });
    expect(pick("open incidents", [{ field: "status", values: ["active", "resolved", "inProgress", "redirected", "awaitingAction"] }])).toEqual({ status: ["active"] });
  });

  it("matches the member's own camelCase words for any field", () => {
    expect(pick("users in risk state confirmed compromised", [{ field: "riskState", values: ["none", "atRisk", "confirmedCompromised", "dismissed"] }])).toEqual({ riskState: ["confirmedCompromised"] });
  });
});
