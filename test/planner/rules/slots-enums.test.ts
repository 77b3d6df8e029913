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

describe("matchEnumValues: ranges, products and word forms", () => {
  it("reads a range of an ordered scale", () => {
    expect(pick("medium or higher alerts")).toEqual({ severity: ["medium", "high"] });
    expect(pick("alerts of at least low severity")).toEqual({ severity: ["low", "medium", "high"] });
    expect(pick("alerts above medium")).toEqual({ severity: ["high"] });
    expect(pick("low or below")).toEqual({ severity: ["informational", "low"] });
    // "medium+high" lists two values; it is not "medium and up" then "high".
    expect(pick("medium+high alerts")).toEqual({ severity: ["medium", "high"] });
  });

  it("names Microsoft products by their words, initials and bare name next to a cue", () => {
    const source = [{ field: "serviceSource", values: ["microsoftDefenderForEndpoint", "microsoftDefenderForOffice365", "microsoftDefenderForCloudApps", "microsoftAppGovernance"] }];
    expect(pick("MDO alerts", source)).toEqual({ serviceSource: ["microsoftDefenderForOffice365"] });
    expect(pick("alerts from Office 365 Defender", source)).toEqual({ serviceSource: ["microsoftDefenderForOffice365"] });
    expect(pick("cloud apps alerts", source)).toEqual({ serviceSource: ["microsoftDefenderForCloudApps"] });
    expect(pick("MAG alerts", source)).toEqual({ serviceSource: ["microsoftAppGovernance"] });
    expect(pick("alerts the endpoint product raised", source)).toEqual({ serviceSource: ["microsoftDefenderForEndpoint"] });
    // A bare one-word product name without its field's cue is an ordinary word.
    expect(pick("alerts on this endpoint", source)).toEqual({});
  });

  it("gives each placeholder value to the field named right before it", () => {
    expect(pick("alerts with determination unknown and classification unknown")).toEqual({ determination: ["unknown"], classification: ["unknown"] });
  });

  it("takes a quoted placeholder literally", () => {
    expect(pick("alerts marked 'other' this month", [{ field: "determination", values: ["other", "apt"] }])).toEqual({ determination: ["other"] });
    expect(pick("alerts marked other than that", [{ field: "determination", values: ["other", "apt"] }])).toEqual({});
  });

  it("reads plurals, hyphenated field words and members written in another order", () => {
    const determination = [{ field: "determination", values: ["lineOfBusinessApplication", "maliciousUserActivity"] }];
    expect(pick("FP alerts by LOB apps", determination)).toEqual({ determination: ["lineOfBusinessApplication"] });
    expect(pick("alerts where user activity was malicious", determination)).toEqual({ determination: ["maliciousUserActivity"] });
    expect(pick("low-severity alerts")).toEqual({ severity: ["low"] });
    expect(pick("high-fidelity alerts")).toEqual({});
  });

  it("reads the verb of a state only for a write's fields", () => {
    const status = { field: "status", values: ["open", "closed", "suppressed"] };
    expect(pick("suppress issue 42", [{ ...status, verbs: true }])).toEqual({ status: ["suppressed"] });
    expect(pick("suppress issue 42", [status])).toEqual({});
  });

  it("leaves out a value the text rules out", () => {
    const type = [{ field: "healthIssueType", values: ["sensor", "global"] }];
    expect(pick("global health issues (not sensor ones)", type)).toEqual({ healthIssueType: ["global"] });
    expect(pick("alerts not resolved yet")).toEqual({ status: ["new", "inProgress"] });
  });
});

describe("a value joined by a hyphen to an origin participle", () => {
  const sources: EnumField[] = [{ field: "serviceSource", values: ["microsoftDefenderForEndpoint", "microsoftSentinel", "microsoftDefenderForIdentity"] }];
  it.each([
    ["sentinel-sourced alerts, sev medium", "microsoftSentinel"],
    ["MDE-detected alerts from today", "microsoftDefenderForEndpoint"],
    ["MDI-flagged alerts overnight", "microsoftDefenderForIdentity"],
  ])("%s", (text, value) => {
    expect(pick(text, sources)).toEqual({ serviceSource: [value] });
  });

  it.each(["sentinel-like tooling", "mde-ish alerts"])("no value: %s", (text) => {
    expect(pick(text, sources)).toEqual({});
  });
});
