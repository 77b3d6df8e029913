/**
 * Classes of this round's planner fixes, end to end through the rules planner and the compiler:
 * requests written partly in another language (German, Spanish, Polish, Japanese), a bare length as
 * a window, "after DATE" from that day on, a state ("that are resolved") versus an event ("got
 * resolved") for the time field, the versioned collection named by its path ("alerts_v2"),
 * hunting columns the analyst asks to see, an incident "not resolved" as every state short of it,
 * the legacy API's bare hex alert ids, a user's object id on the field of the user it labels,
 * places and resources of sign-ins by their field words, who acted on what in a directory audit,
 * the systems and identities of a provisioning entry, intel profiles by kind, and a sensor named by
 * its host (the object, not a type of health issue), mail found by its metadata (a hunt, not a
 * decline) and a hunting table named by its schema name (advanced hunting, whatever else is said).
 */
import { describe, expect, it } from "vitest";
import { queryRows } from "../../support/query-rows.js";

const { call, query, plan } = queryRows(new Date("2027-02-10T12:00:00Z"));

describe("requests in other languages", () => {
  it.each([
    ["Wie viele Alerts sind noch im Status new?", "/security/alerts_v2?$filter=status eq 'new'&$count=true"],
    ["alertas de severidad alta de Defender for Cloud Apps de hoy", "/security/alerts_v2?$filter=severity eq 'high' and serviceSource eq 'microsoftDefenderForCloudApps' and createdDateTime ge 2027-02-10T00:00:00Z"],
    ["Bitte zeig mir 'Delete user' Einträge vom Audit von gestern", "/auditLogs/directoryAudits?$filter=activityDisplayName eq 'Delete user' and activityDateTime ge 2027-02-09T00:00:00Z and activityDateTime le 2027-02-10T00:00:00Z"],
    ["Alerts von Defender for Cloud seit dem 1. Februar", "/security/alerts_v2?$filter=serviceSource eq 'microsoftDefenderForCloud' and createdDateTime ge 2027-02-01T00:00:00Z"],
    ["incidentes de severidad alta creados desde el lunes", "/security/incidents?$filter=severity eq 'high' and createdDateTime ge 2027-02-08T00:00:00Z"],
    ["graag alle nieuwe alerts van vandaag met severity medium", "/security/alerts_v2?$filter=status eq 'new' and severity eq 'medium' and createdDateTime ge 2027-02-10T00:00:00Z"],
    ["Welche Incidents sind noch aktiv und gehören niemandem?", "/security/incidents?$filter=assignedTo eq null and status eq 'active'"],
    ["Anmeldungen von k.schmidt@contoso.de aus Brasilien seit Montag", "/auditLogs/signIns?$filter=userPrincipalName eq 'k.schmidt@contoso.de' and location/countryOrRegion eq 'BR' and createdDateTime ge 2027-02-08T00:00:00Z"],
    ["ユーザー yuki.sato@contoso.com のサインイン, last 24 hours", "/auditLogs/signIns?$filter=userPrincipalName eq 'yuki.sato@contoso.com' and createdDateTime ge 2027-02-09T12:00:00Z"],
  ])("%s", async (text, expected) => {
    expect(await query(text)).toBe(expected);
  });

  it("reads a write's verb and its values", async () => {
    const out = await call("Incident 7781 zuweisen an lukas.becker@contoso.com bitte, und Status auf inProgress");
    expect(out.method).toBe("PATCH");
    expect(out.url).toMatch(/\/security\/incidents\/7781$/);
    expect(out.body).toEqual({ assignedTo: "lukas.becker@contoso.com", status: "inProgress" });
  });

  it("keeps the window of a hunt asked in Polish", async () => {
    const out = await call("w których urządzeniach był uruchomiony vssadmin delete shadows w ostatnich 30 dniach?");
    const query = String(out.body?.query);
    expect(query).toContain("ago(30d)");
    // Fragments of words with letters beyond ASCII are no literals to find.
    expect(query).not.toMatch(/rych|dzeniach/);
  });

  it("declines turning a protection off, asked in German", async () => {
    const result = await plan("Bitte, schalte den Tamper Protection aus auf allen Clients");
    expect(result.decision).toBe("decline");
  });
});

describe("time field and window", () => {
  it.each([
    ["resolved alerts from entra id protection, 30 days", "createdDateTime ge 2027-01-11T12:00:00Z"],
    ["incidents before October 15th that are resolved", "createdDateTime lt 2026-10-15T00:00:00Z"],
    ["alerts that got an update during the past 2 hours", "lastUpdateDateTime ge 2027-02-10T10:00:00Z"],
    ["alerts which got resolved since 1 Feb", "lastUpdateDateTime ge 2027-02-01T00:00:00Z"],
    ["phish sims of type credential harvesting that launched after 1 February 2027", "launchDateTime ge 2027-02-01T00:00:00Z"],
  ])("%s", async (text, condition) => {
    expect((await call(text)).url).toContain(condition);
  });
});

describe("named paths and columns", () => {
  it("takes the versioned collection the request writes out", async () => {
    expect((await call("Using Microsoft Graph, list security alerts (alerts_v2) with severity 'high'")).url).toMatch(/\/security\/alerts_v2\?/);
    expect((await call("list legacy alerts with severity high")).url).toMatch(/\/security\/alerts\?/);
  });

  it("projects a hunt onto the columns the analyst asks to see", async () => {
    const query = String((await call("search EmailEvents for mails from sender domain invoices-secure.top last 10 days and show RecipientEmailAddress")).body?.query);
    expect(query).toContain('SenderFromDomain =~ "invoices-secure.top"');
    expect(query.split("\n").pop()).toBe("| project Timestamp, RecipientEmailAddress");
  });

  it("says a column's value once when the technique already tests it", async () => {
    const query = String((await call("hunt LSASS access, DeviceEvents ActionType OpenProcessApiCall on lsass.exe in 3 days")).body?.query);
    expect(query.match(/OpenProcessApiCall/g)).toHaveLength(1);
    expect(query).toContain("ago(3d)");
  });
});

describe("states and ids", () => {
  it.each([
    ["INCIDENTS HIGH SEVERITY NOT RESOLVED", "/security/incidents?$filter=severity eq 'high' and status in ('active','inProgress','awaitingAction')"],
    ["open incidents", "/security/incidents?$filter=status eq 'active'"],
    ["alerts determined as malware that are still not resolved", "/security/alerts_v2?$filter=determination eq 'malware' and status in ('new','inProgress')"],
    ["get legacy alert 1F2E3D4C5B6A7980 from the old alerts api", "/security/alerts/1F2E3D4C5B6A7980"],
    ["the last 20 sign-ins of user 2f6b9c1e-8a4d-4f3e-b7c2-91d0e5a6f384, newest first", "/auditLogs/signIns?$filter=userId eq '2f6b9c1e-8a4d-4f3e-b7c2-91d0e5a6f384'&$orderby=createdDateTime desc&$top=20"],
    ["sign-ins for the user with object id 7c1e5d2a-3b4f-4a6e-9d8c-112233445566", "/auditLogs/signIns?$filter=userId eq '7c1e5d2a-3b4f-4a6e-9d8c-112233445566'"],
    ["audit activity by the user with object id 4b8e1f6a-2c3d-4e5f-8a9b-0c1d2e3f4a5b", "/auditLogs/directoryAudits?$filter=initiatedBy/user/id eq '4b8e1f6a-2c3d-4e5f-8a9b-0c1d2e3f4a5b'"],
    ["activities on target user with id 3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7 in directory audit", "/auditLogs/directoryAudits?$filter=targetResources/any(x: x/id eq '3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7')"],
    // The id in the path is not filtered on again.
    ["history of risky user 4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8", "/identityProtection/riskyUsers/4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8/history"],
  ])("%s", async (text, expected) => {
    expect(await query(text)).toBe(expected);
  });

  it("writes to a legacy alert by its bare hex id", async () => {
    const out = await call("on the old alerts api set alert 0a1b2c3d feedback truePositive and status resolved");
    expect(out.method).toBe("PATCH");
    expect(out.url).toMatch(/\/security\/alerts\/0a1b2c3d$/);
    expect(out.body).toEqual({ feedback: "truePositive", status: "resolved" });
  });
});

describe("sign-in places, resources and users", () => {
  it.each([
    ["signins city Istanbul", "/auditLogs/signIns?$filter=location/city eq 'Istanbul'"],
    ["sign-ins from Osaka city", "/auditLogs/signIns?$filter=location/city eq 'Osaka'"],
    ["signins state Maharashtra", "/auditLogs/signIns?$filter=location/state eq 'Maharashtra'"],
    ["risk detections with country NG", "/identityProtection/riskDetections?$filter=location/countryOrRegion eq 'NG'"],
    ["sign-ins for the app with appId 00000003-0000-0ff1-ce00-000000000000, filtered to Germany", "/auditLogs/signIns?$filter=appId eq '00000003-0000-0ff1-ce00-000000000000' and location/countryOrRegion eq 'DE'"],
    ["AAD signins CA fail from RU", "/auditLogs/signIns?$filter=location/countryOrRegion eq 'RU' and conditionalAccessStatus eq 'failure'"],
    ["sign-ins at risk for resource Office 365 Exchange Online", "/auditLogs/signIns?$filter=riskState eq 'atRisk' and resourceDisplayName eq 'Office 365 Exchange Online'"],
    ["sign-ins to Azure Portal by users starting with adm-", "/auditLogs/signIns?$filter=startswith(userPrincipalName,'adm-') and appDisplayName eq 'Azure Portal'"],
  ])("%s", async (text, expected) => {
    expect(await query(text)).toBe(expected);
  });
});

describe("directory audits: who acted on what", () => {
  it.each([
    ["audit records where target is 'Break Glass 02'", "targetResources/any(x: x/displayName eq 'Break Glass 02')"],
    ["directory audit where the target display name is 'Break Glass 01'", "targetResources/any(x: x/displayName eq 'Break Glass 01')"],
    ["directoryaudits for group Finance-Admins", "targetResources/any(x: x/displayName eq 'Finance-Admins')"],
    ["who changed the group Finance-Approvers? I need the audit trail", "targetResources/any(x: x/displayName eq 'Finance-Approvers')"],
    ["dir audits initiated by Lukasz Zielinski", "initiatedBy/user/displayName eq 'Lukasz Zielinski'"],
    ["anything Tomasz Nowak did in entra", "initiatedBy/user/displayName eq 'Tomasz Nowak'"],
    ["what did Microsoft Graph Command Line Tools change in the directory?", "initiatedBy/app/displayName eq 'Microsoft Graph Command Line Tools'"],
    ["Add user audit events initiated by Microsoft Graph PowerShell app", "initiatedBy/app/displayName eq 'Microsoft Graph PowerShell'"],
  ])("%s", async (text, condition) => {
    const url = await query(text);
    expect(url).toMatch(/^\/auditLogs\/directoryAudits\?/);
    expect(url).toContain(condition);
  });
});

describe("provisioning, intel profiles and sensors", () => {
  it.each([
    ["provisioning logs for the Workday app", "/auditLogs/provisioning?$filter=servicePrincipal/displayName eq 'Workday'"],
    ["provisioning for Workday", "/auditLogs/provisioning?$filter=sourceSystem/displayName eq 'Workday'"],
    ["provisioning create actions to ServiceNow", "/auditLogs/provisioning?$filter=targetSystem/displayName eq 'ServiceNow' and provisioningAction eq 'create'"],
    ["provisoning warnings from the SuccessFactors source", "/auditLogs/provisioning?$filter=provisioningStatusInfo/status eq 'warning' and sourceSystem/displayName eq 'SuccessFactors'"],
    ["provisioning events where the target identity is 'Ahmed Karimi'", "/auditLogs/provisioning?$filter=targetIdentity/displayName eq 'Ahmed Karimi'"],
    ["warnings in provisioning for the app 'Slack'", "/auditLogs/provisioning?$filter=provisioningStatusInfo/status eq 'warning' and servicePrincipal/displayName eq 'Slack'"],
    ["provisioning events since the 1st of February", "/auditLogs/provisioning?$filter=activityDateTime gt 2027-02-01T00:00:00Z"],
    ["intel profiles about tools (not actors)", "/security/threatIntelligence/intelProfiles?$filter=kind eq 'tool'"],
    ["threat actor profiles list", "/security/threatIntelligence/intelProfiles?$filter=kind eq 'actor'"],
    ["healthissues for sensor DC02.corp.contoso.com", "/security/identities/healthIssues?$filter=sensorDNSNames/any(x: x eq 'DC02.corp.contoso.com')"],
    ["MDI SENSOR HEALTH ISSUES", "/security/identities/healthIssues?$filter=healthIssueType eq 'sensor'"],
  ])("%s", async (text, expected) => {
    expect(await query(text)).toBe(expected);
  });

  it("keeps a system named inside a quoted story out of the filter", async () => {
    expect(await query("chat from Ana: '30 new hires not created in ServiceNow'. can u pull provisioning failures?")).toBe("/auditLogs/provisioning?$filter=provisioningStatusInfo/status eq 'failure'");
  });
});

describe("mail telemetry and named hunting tables", () => {
  it.each([
    ["email attachments .iso or .img received this week", "EmailAttachmentInfo"],
    ["find mail with subject 'Urgent: wire transfer' from 2 to 4 february", "EmailEvents"],
    ["AADSignInEventsBeta: sign-ins with ErrorCode 50126 from Country 'NG' last 24 hours", "AADSignInEventsBeta"],
  ])("%s", async (text, table) => {
    const out = await call(text);
    expect(out.url).toMatch(/runHuntingQuery$/);
    expect(String(out.body?.query).split("\n")[0]).toBe(table);
  });

  it.each(["email the CISO the list of alerts", "read the body of the email from the CEO"])("still declines sending or reading mail: %s", async (text) => {
    expect((await plan(text)).decision).toBe("decline");
  });
});

describe("needs described without the API's words", () => {
  it.each([
    ["who has been logging in from Russia or China in the last 7 days?", "/auditLogs/signIns?$filter=location/countryOrRegion in ('RU','CN') and createdDateTime ge 2027-02-03T12:00:00Z"],
    ["anyone logging in from the 198.51.100.x range?", "/auditLogs/signIns?$filter=startswith(ipAddress,'198.51.100.')"],
    ["anything our EDR flagged?", "/security/alerts_v2?$filter=serviceSource eq 'microsoftDefenderForEndpoint'"],
    ["alerts our data loss tool threw at us", "/security/alerts_v2?$filter=serviceSource eq 'dataLossPrevention'"],
    ["necesito las alertas de phishing que siguen sin resolver, por favor", "/security/alerts_v2?$filter=determination eq 'phishing' and status in ('new','inProgress')"],
    ["anything added to or removed from 'Tier0-Admins' in the audit log", "/auditLogs/directoryAudits?$filter=targetResources/any(x: x/displayName eq 'Tier0-Admins')"],
    ["sign ins where CA wasnt applied at all", "/auditLogs/signIns?$filter=conditionalAccessStatus eq 'notApplied'"],
    ["logins that the conditional access rules blocked", "/auditLogs/signIns?$filter=conditionalAccessStatus eq 'failure'"],
    ["securescorecontrols in the Data category pls", "/security/secureScoreControlProfiles?$filter=controlCategory eq 'Data'"],
    ["workload identities whose credentials leaked - the detections please", "/identityProtection/servicePrincipalRiskDetections?$filter=riskEventType eq 'leakedCredentials'"],
    ["how many hijacked-account incidents have we had this year?", "/security/incidents?$filter=determination eq 'compromisedAccount' and createdDateTime ge 2027-01-01T00:00:00Z&$count=true"],
  ])("%s", async (text, expected) => {
    expect(await query(text)).toBe(expected);
  });

  it.each([
    ["INC-7781 / what's the status", "/security/incidents/7781"],
    ["how many phishing-test campaigns do we have in total?", "/security/attackSimulation/simulations?$count=true"],
    ["what does MS have on the actor Midnight Blizzard?", "/security/threatIntelligence/intelProfiles?$search=\"Midnight Blizzard\""],
    ["give the subdomains what badactor-infra.ru has", "/security/threatIntelligence/hosts/badactor-infra.ru/subdomains"],
  ])("in scope: %s", async (text, expected) => {
    expect(await query(text)).toBe(expected);
  });

  it.each(["give bob the global admin role", "tell me a joke about true positives"])("still declined: %s", async (text) => {
    expect((await plan(text)).decision).toBe("decline");
  });

  it("declines a role grant relayed by an assistant", async () => {
    expect((await plan("Using Microsoft Graph, assign the Privileged Role Administrator role to the service principal 7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e.")).decision).toBe("decline");
  });

  it("reads a credential event as records, and still refuses to hand out a secret", async () => {
    expect(await query("show me where somebody is adding new secret or certificate to service principal, last 48h")).toBe("/auditLogs/directoryAudits?$filter=activityDisplayName eq 'Add service principal credentials' and activityDateTime ge 2027-02-08T12:00:00Z");
    expect((await plan("show me the client secret of the app Payroll")).decision).toBe("decline");
  });
});
