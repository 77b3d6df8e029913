/**
 * An id labelled with the noun of a collection's item asks for that item, not the list; "the alert
 * with id X" labels nothing but the alert.
 */
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../../src/catalog/load.js";
import { labelledIdPattern, labelledIds } from "../../../src/planner/rules/intent.js";
import { warmedRulesPlanner } from "../../support/rules-planner.js";

const catalog = loadCatalog();
const now = new Date("2026-11-21T12:00:00Z");
const planner = warmedRulesPlanner(catalog);

async function path(text: string): Promise<string> {
  const r = await planner.plan(text, { now });
  return r.decision === "call" ? `${r.compiled!.request.method} ${new URL(r.compiled!.request.url).pathname.replace(/^\/(?:v1\.0|beta)/, "")}` : `declined: ${r.reason}`;
}

describe("labelled ids", () => {
  const pattern = labelledIdPattern(catalog.operations);
  it.each([
    ["component 40283 of vulnerability CVE-2021-44228", { noun: "component", value: "40283" }],
    ["risk detection 9d8c7b6a5f4e", { noun: "detection", value: "9d8c7b6a5f4e" }],
    ["actor id 5d9e0f1a2b3c", { noun: "id", value: "5d9e0f1a2b3c" }],
    ["issue 7c8d9e0f.", { noun: "issue", value: "7c8d9e0f" }],
  ])("%s", (text, expected) => {
    expect(labelledIds(text, pattern)).toContainEqual(expected);
  });

  it.each(["connections on port 4444", "secure score 50 or more", "host WS-FIN-023", "alerts in the last 24h", "incident 3rd of the month"])(
    "no object id: %s",
    (text) => {
      expect(labelledIds(text, pattern)).toEqual([]);
    },
  );
});

describe("the item one segment below the list", () => {
  it.each([
    ["who is incident 3120 assigned to?", "GET /security/incidents/3120"],
    ["component 40283 of vulnerability CVE-2021-44228", "GET /security/threatIntelligence/vulnerabilities/CVE-2021-44228/components/40283"],
    ["service principal risk detection 9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c", "GET /identityProtection/servicePrincipalRiskDetections/9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c"],
    ["get the alert with id 2b9c1e7d-4a5f-46b3-9e8d-0c1b2a3f4e5d", "GET /security/alerts_v2/2b9c1e7d-4a5f-46b3-9e8d-0c1b2a3f4e5d"],
    ["directory audit 3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a", "GET /auditLogs/directoryAudits/3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a"],
    ["threat intel article 'b7d4c1a2' indicators", "GET /security/threatIntelligence/articles/b7d4c1a2/indicators"],
    ["host evil.com passive dns", "GET /security/threatIntelligence/hosts/evil.com/passiveDns"],
  ])("%s", async (text, expected) => {
    expect(await path(text)).toBe(expected);
  });

  it.each([
    ["alerts of incident 77", "GET /security/incidents/77/alerts"],
    ["components of vulnerability CVE-2021-44228", "GET /security/threatIntelligence/vulnerabilities/CVE-2021-44228/components"],
    ["incidents assigned to anna@contoso.com", "GET /security/incidents"],
    ["article b3c4d5e6", "GET /security/threatIntelligence/articles/b3c4d5e6"],
    ["article indicator a1b2c3d4e5", "GET /security/threatIntelligence/articleIndicators/a1b2c3d4e5"],
    ["host port record 4f5e6d7c-8b9a-40c1-b2d3-e4f5a6b7c8d9", "GET /security/threatIntelligence/hostPorts/4f5e6d7c-8b9a-40c1-b2d3-e4f5a6b7c8d9"],
    ["directory audit correlated to 3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a", "GET /auditLogs/directoryAudits"],
    ["audit with correlation 2f3e4d5c-6b7a-4898-a7b6-c5d4e3f2a1b0 from 28 Nov", "GET /auditLogs/directoryAudits"],
  ])("stays as it is: %s", async (text, expected) => {
    expect(await path(text)).toBe(expected);
  });
});
