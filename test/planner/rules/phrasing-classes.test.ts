/**
 * Phrasing classes (fix-phrasing): an assistant's "Call the … API", counts written "top20" or
 * "40 at most", clipped risk levels ("risk hi"), fields named as Graph spells them
 * ("userPrincipalName starts with …"), ownerless items in other words ("nobody picked up"), "not
 * touched since …", audit activities described loosely, and alerts asked for by their text. Rows
 * marked "unchanged" guard readings the fixes keep.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../../src/catalog/load.js";
import { auditActivityConditions } from "../../../src/planner/rules/filters/directory-audits.js";
import { RulesPlanner } from "../../../src/planner/rules/index.js";
import { extractSlots } from "../../../src/planner/slots/index.js";
import { queryRows } from "../../support/query-rows.js";

const now = new Date("2026-11-21T12:00:00Z");
const { rows } = queryRows(now);

describe("an assistant relaying a read calls an API", () => {
  rows([
    ["Call the sign-in logs API and return entries with status/errorCode 50074 from Brazil over the past 3 days.", "/auditLogs/signIns?$filter=location/countryOrRegion eq 'BR' and status/errorCode eq 50074 and createdDateTime ge 2026-11-18T12:00:00Z"],
    ["Call the Graph sign-in logs endpoint and return sign-ins where userPrincipalName starts with 'contractor.'", "/auditLogs/signIns?$filter=startswith(userPrincipalName,'contractor.')"],
  ]);
});

describe("counts, clipped levels and fields spelled as Graph does", () => {
  rows([
    ["alertsv2 status new sev medium top20", "/security/alerts_v2?$filter=status eq 'new' and severity eq 'medium'&$top=20"],
    ["incidents with severity low and status active, 40 at most", "/security/incidents?$filter=severity eq 'low' and status eq 'active'&$top=40"],
    ["riskyusers hi atRisk", "/identityProtection/riskyUsers?$filter=riskLevel eq 'high' and riskState eq 'atRisk'"],
    ["signIns where userDisplayName starts with Test", "/auditLogs/signIns?$filter=startswith(userDisplayName,'Test')"],
    ["provisioning logs whose targetIdentity displayName contains 'Kowalski'", "/auditLogs/provisioning?$filter=contains(targetIdentity/displayName,'Kowalski')"],
    ["status=new&severity=high&source=MDI&since=2026-11-15", "/security/alerts_v2?$filter=status eq 'new' and severity eq 'high' and serviceSource eq 'microsoftDefenderForIdentity' and createdDateTime ge 2026-11-15T00:00:00Z"],
    ["skip the first 100 alerts and give me the next 50", "/security/alerts_v2?$top=50&$skip=100"],
    // unchanged: a greeting is no level; a number with a unit is a window.
    ["hi, can you list risky users", "/identityProtection/riskyUsers"],
  ]);
});

describe("ownerless, untouched, places and prefixes", () => {
  rows([
    ["new MDE alerts nobody picked up", "/security/alerts_v2?$filter=assignedTo eq null and status eq 'new' and serviceSource eq 'microsoftDefenderForEndpoint'"],
    ["high incidents where nobody is owner", "/security/incidents?$filter=assignedTo eq null and severity eq 'high'"],
    ["incidents nobody touched since 2026-11-15 that are still in progress", "/security/incidents?$filter=status eq 'inProgress' and lastUpdateDateTime lt 2026-11-15T00:00:00Z"],
    ["sign-ins with aggregated risk level medium in October", "/auditLogs/signIns?$filter=riskLevelAggregated eq 'medium' and createdDateTime ge 2026-10-01T00:00:00Z and createdDateTime le 2026-11-01T00:00:00Z"],
    ["sign-ins of k.ivanova@contoso.com from the Netherlands since Nov 9.", "/auditLogs/signIns?$filter=userPrincipalName eq 'k.ivanova@contoso.com' and location/countryOrRegion eq 'NL' and createdDateTime ge 2026-11-09T00:00:00Z"],
    // unchanged: a written prefix with its cue.
    ["sign-ins coming from the 10.20. range", "/auditLogs/signIns?$filter=startswith(ipAddress,'10.20.')"],
  ]);
});

describe("directory audit activities described loosely", () => {
  rows([
    ["who added a member to Global Admin in the last 7 days?", "/auditLogs/directoryAudits?$filter=activityDisplayName eq 'Add member to role' and activityDateTime ge 2026-11-14T12:00:00Z"],
    ["audit logs where a user was removed from role this week", "/auditLogs/directoryAudits?$filter=activityDisplayName eq 'Remove member from role' and activityDateTime ge 2026-11-16T00:00:00Z"],
    ["who invited guests yesterday", "/auditLogs/directoryAudits?$filter=activityDisplayName eq 'Invite external user' and activityDateTime ge 2026-11-20T00:00:00Z and activityDateTime le 2026-11-21T00:00:00Z"],
    ["LAPS password reveals today", "/auditLogs/directoryAudits?$filter=activityDisplayName eq 'Reveal local administrator password' and activityDateTime ge 2026-11-21T00:00:00Z"],
    ["Who restored deleted users in October?", "/auditLogs/directoryAudits?$filter=activityDisplayName eq 'Restore user' and activityDateTime ge 2026-10-01T00:00:00Z and activityDateTime le 2026-11-01T00:00:00Z"],
    ["audit events initiated by the app MS-PIM", "/auditLogs/directoryAudits?$filter=initiatedBy/app/displayName eq 'MS-PIM'"],
  ]);
});

describe("the activity read from its description, whatever the route", () => {
  // "bitlocker" also reads as a tool name, so the router may send a bare "bitlocker key reads" to
  // hunting; the directory audit reading itself is checked here.
  it.each([
    ["bitlocker key reads in the past 24h", "Read BitLocker key"],
    ["guest invite redemptions today", "Redeem external user invite"],
    ["MFA methods registered by admin for somebody", "Admin registered security info"],
    ["sessions revoked in the past 5 days", "Update StsRefreshTokenValidFrom Timestamp"],
    ["PIM activations completed last 12 hours", "Add member to role completed (PIM activation)"],
  ])("%s", (text, activity) => {
    const entity = loadCatalog().entities["microsoft.graph.directoryAudit"]!;
    expect(auditActivityConditions(entity, extractSlots(text, now))).toEqual([{ field: "activityDisplayName", op: "eq", value: activity }]);
  });
});

describe("writes, declines and hunts", () => {
  let planner: RulesPlanner;
  beforeAll(() => {
    planner = new RulesPlanner(loadCatalog());
  });
  it.each([
    ["reopen alert da638705551234987650_7781 - the user clicked again", "alerts_update", { alertId: "da638705551234987650_7781", status: "new" }],
    ["reopen incident 4411", "incidents_update", { incidentId: "4411", status: "active" }],
    ["give alert 2ab7f0c3d1e84a5b9c6d0e1f2a3b4c5d_0 to ines.moreau@fabrikam.com, she owns the BEC case", "alerts_update", { alertId: "2ab7f0c3d1e84a5b9c6d0e1f2a3b4c5d_0", assignedTo: "ines.moreau@fabrikam.com" }],
    ["kindly put the tags BEC and finance to incident 50877", "incidents_update", { incidentId: "50877", customTags: ["BEC", "finance"] }],
    ["mark alert da637f2b1c0a8e44e1b9c2 as resolved, it was true positive, malware", "alerts_update", { alertId: "da637f2b1c0a8e44e1b9c2", status: "resolved", classification: "truePositive", determination: "malware" }],
    ["open the alert with id 'da44bb0099ffee7766' for me", "alerts_get", { alertId: "da44bb0099ffee7766" }],
    // unchanged: a GUID after "alert" stays whole.
    ["details for alert id fa2c7a1e-8b4d-4c1e-9d0a-3f5e6b7c8d90 please", "alerts_get", { alertId: "fa2c7a1e-8b4d-4c1e-9d0a-3f5e6b7c8d90" }],
  ])("%s", async (text, operation, args) => {
    const result = await planner.plan(text, { now });
    expect(result.decision === "call" && [result.operation, result.arguments]).toEqual([operation, args]);
  });
  it("unassigns an incident", async () => {
    const result = await planner.plan("unassign incident 6210", { now });
    expect(result.decision === "call" && [result.operation, result.arguments]).toEqual(["incidents_update", { incidentId: "6210", assignedTo: "" }]);
  });
  it.each([
    ["add the sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 as an alert-only indicator for Microsoft Defender ATP, threat type Malware, TLP green, valid until 2027-01-31T00:00:00Z, description: loader dropped by the phishing wave",
      { action: "alert", fileHashType: "sha256", threatType: "Malware", tlpLevel: "green", targetProduct: "Microsoft Defender ATP", expirationDateTime: "2027-01-31T00:00:00Z" }],
    ["add an alert-only indicator for IP 91.240.118.172: description 'C2 from IR case 4471', expiration 2027-02-28T23:59:59Z, TLP green, threatType C2, targetProduct Microsoft Defender ATP",
      { action: "alert", networkIPv4: "91.240.118.172", description: "C2 from IR case 4471", expirationDateTime: "2027-02-28T23:59:59Z" }],
  ])("creates an indicator its fields describe: %s", async (text, body) => {
    const result = await planner.plan(text, { now });
    expect(result.decision === "call" && result.operation).toBe("ti_indicators_create");
    expect(result.decision === "call" && result.arguments).toMatchObject(body);
  });
  it.each([
    ["Using Microsoft Graph, get security incident 5120 and expand its alerts collection.", "incidents_get", "5120"],
    ["open incident 3981 together with its alerts", "incidents_get", "3981"],
    // unchanged: the alerts of an incident are its alerts sub-collection.
    ["alerts of incident 100200", "incidents_alerts_list", "100200"],
  ])("%s", async (text, operation, incidentId) => {
    const result = await planner.plan(text, { now });
    expect(result.decision === "call" && [result.operation, result.arguments.incidentId]).toEqual([operation, incidentId]);
    if (operation === "incidents_get") expect(result.decision === "call" && result.arguments.expand).toEqual(["alerts"]);
  });
  it.each([
    "add C:\\Tools\\ to the antivirus exclusions on all servers",
    "Using Microsoft Graph, add the IP range 198.51.100.0/24 to the trusted named location 'HQ'.",
  ])("declines a configuration change: %s", async (text) => {
    expect((await planner.plan(text, { now })).decision).toBe("decline");
  });
  it.each([
    ["alerts where the title mentions 'Suspicious PowerShell' in the last 5 days", /^AlertInfo\n[\s\S]*Suspicious PowerShell/],
    ["any alert mentioning mimikatz this week?", /^AlertInfo\n[\s\S]*mimikatz/],
    ["which alerts involved box FIN-LT-0442 this week?", /^AlertEvidence\n[\s\S]*FIN-LT-0442/],
    // unchanged: a hunt for the technique stays on its table.
    ["hunt for mimikatz this week", /^DeviceProcessEvents\n/],
  ])("%s", async (text, query) => {
    const result = await planner.plan(text, { now });
    expect(result.decision === "call" && result.operation).toBe("hunting_run_query");
    expect(result.decision === "call" && String(result.arguments.query)).toMatch(query);
  });
});
