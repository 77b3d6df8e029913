/**
 * Classes of sign-in, identity protection and provisioning filter readings (fix-signins): each row
 * is a request and the exact query the rules planner compiles for it. Rows marked "unchanged"
 * guard readings the fixes must keep.
 */
import { describe, expect, it } from "vitest";
import { queryRows } from "../../support/query-rows.js";

const now = new Date("2026-11-21T12:00:00Z");
const { query, rows } = queryRows(now);

const G = "5b4a3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d";

describe("an id's label in Entra's other words: user object, client id, SP id, the app X", () => {
  rows([
    [`sign-in records for user object ${G}`, `/auditLogs/signIns?$filter=userId eq '${G}'`],
    [`sign-ins for user object id ${G}`, `/auditLogs/signIns?$filter=userId eq '${G}'`],
    [`sign-ins of the app with client id ${G}`, `/auditLogs/signIns?$filter=appId eq '${G}'`],
    [`sp risk detections for sp id ${G}`, `/identityProtection/servicePrincipalRiskDetections?$filter=servicePrincipalId eq '${G}'`],
    [`workload identity risk detections of the app ${G}`, `/identityProtection/servicePrincipalRiskDetections?$filter=appId eq '${G}'`],
    // An app id names the app: the words around it are no display name.
    [`the suspicious OAuth app has client id ${G}. Show its sign-ins`, `/auditLogs/signIns?$filter=appId eq '${G}'`],
    // unchanged: a user object named as the target of an audit is not the actor.
    [`directory changes made by user object ${G}`, `/auditLogs/directoryAudits?$filter=initiatedBy/user/id eq '${G}'`],
    [`sign-ins for user id ${G}`, `/auditLogs/signIns?$filter=userId eq '${G}'`],
    [`sign ins for app id ${G}`, `/auditLogs/signIns?$filter=appId eq '${G}'`],
  ]);
  it("a user object as a target stays off the actor's id", async () => {
    expect(await query(`audit trail for the user object ${G} as a target`)).not.toContain("initiatedBy/user/id");
  });
});

describe("risk event types named in words on sign-ins (riskEventTypes_v2)", () => {
  rows([
    ["sign-ins flagged unfamiliar features", "/auditLogs/signIns?$filter=riskEventTypes_v2/any(x: x eq 'unfamiliarFeatures')"],
    ["sign-ins flagged with leaked credentials risk event", "/auditLogs/signIns?$filter=riskEventTypes_v2/any(x: x eq 'leakedCredentials')"],
    ["anonymized IP sign-ins", "/auditLogs/signIns?$filter=riskEventTypes_v2/any(x: x eq 'anonymizedIPAddress')"],
    // unchanged: as written, and on detections the single-valued field.
    ["sign-ins with riskEventTypes maliciousIPAddress", "/auditLogs/signIns?$filter=riskEventTypes_v2/any(x: x eq 'maliciousIPAddress')"],
    ["impossible travel detections", "/identityProtection/riskDetections?$filter=riskEventType eq 'impossibleTravel'"],
    ["sign-ins from Lagos", "/auditLogs/signIns?$filter=location/city eq 'Lagos'"],
  ]);
});

describe("confirmed compromised by an admin is the risk state; the risk detail only when named", () => {
  rows([
    ["users confirmed compromised by an admin", "/identityProtection/riskyUsers?$filter=riskState eq 'confirmedCompromised'"],
    ["users an admin confirmed compromised", "/identityProtection/riskyUsers?$filter=riskState eq 'confirmedCompromised'"],
    // unchanged: the detail named, or its literal value.
    ["users the admin confirmed compromised (riskDetail)", "/identityProtection/riskyUsers?$filter=riskDetail eq 'adminConfirmedUserCompromised'"],
    ["risky users risk detail adminConfirmedUserCompromised", "/identityProtection/riskyUsers?$filter=riskDetail eq 'adminConfirmedUserCompromised'"],
    ["risky users with admin-confirmed compromised sign-ins", "/identityProtection/riskyUsers?$filter=riskDetail eq 'adminConfirmedSigninCompromised'"],
  ]);
});

describe("error codes as Entra prints them (AADSTS glued to the number)", () => {
  rows([
    ["AADSTS50053 lockouts in sign-ins", "/auditLogs/signIns?$filter=status/errorCode eq 50053"],
    ["sign-ins failing with AADSTS50126", "/auditLogs/signIns?$filter=status/errorCode eq 50126"],
    // unchanged: written apart.
    ["sign-ins with error 50126", "/auditLogs/signIns?$filter=status/errorCode eq 50126"],
  ]);
});

describe("no place from a browser, an OS or a person after 'from'", () => {
  rows([
    ["sign-ins from Chrome on macOS", "/auditLogs/signIns?$filter=startswith(deviceDetail/browser,'Chrome') and startswith(deviceDetail/operatingSystem,'MacOs')"],
    ["sign-ins from Firefox", "/auditLogs/signIns?$filter=startswith(deviceDetail/browser,'Firefox')"],
    ["Taking over from Sam. Get the sign-ins of vendor.ops@contoso.com", "/auditLogs/signIns?$filter=userPrincipalName eq 'vendor.ops@contoso.com'"],
    ["Notes from Priya: get the sign-ins of vendor.ops@contoso.com", "/auditLogs/signIns?$filter=userPrincipalName eq 'vendor.ops@contoso.com'"],
    // unchanged: a city, a country.
    ["sign-ins from Lagos or Abuja", "/auditLogs/signIns?$filter=location/city in ('Lagos','Abuja')"],
    ["sign-ins from Russia", "/auditLogs/signIns?$filter=location/countryOrRegion eq 'RU'"],
  ]);
});

describe("the resource (API) a sign-in asked a token for, not the app", () => {
  rows([
    ["signins where resource is Microsoft Graph", "/auditLogs/signIns?$filter=resourceDisplayName eq 'Microsoft Graph'"],
    ["sign ins to Microsoft Graph resource", "/auditLogs/signIns?$filter=resourceDisplayName eq 'Microsoft Graph'"],
    ["did anyone sign in to 'Windows Azure Service Management API'?", "/auditLogs/signIns?$filter=resourceDisplayName eq 'Windows Azure Service Management API'"],
    ["sign ins with resource 'Windows Azure Service Management API'", "/auditLogs/signIns?$filter=resourceDisplayName eq 'Windows Azure Service Management API'"],
    // unchanged: apps signed in to stay apps.
    ["signins to Microsoft Graph PowerShell app", "/auditLogs/signIns?$filter=appDisplayName eq 'Microsoft Graph PowerShell'"],
    ["Sign-ins to the Azure Portal", "/auditLogs/signIns?$filter=appDisplayName eq 'Azure Portal'"],
    ["logins to SharePoint Online", "/auditLogs/signIns?$filter=appDisplayName eq 'Office 365 SharePoint Online'"],
  ]);
});

describe("client app and browser words: the field they name, once", () => {
  rows([
    ["sign-ins using legacy auth, client app 'Exchange ActiveSync'", "/auditLogs/signIns?$filter=clientAppUsed eq 'Exchange ActiveSync'"],
    ["logins from browser firefox", "/auditLogs/signIns?$filter=startswith(deviceDetail/browser,'Firefox')"],
    ["sign-ins for apps starting with 'Salesforce'", "/auditLogs/signIns?$filter=startswith(appDisplayName,'Salesforce')"],
    // unchanged
    ["sign-ins from a browser", "/auditLogs/signIns?$filter=clientAppUsed eq 'Browser'"],
    ["sign-ins whose app name starts with 'Microsoft Azure'", "/auditLogs/signIns?$filter=startswith(appDisplayName,'Microsoft Azure')"],
    ["sign-ins for app 'Workday'", "/auditLogs/signIns?$filter=appDisplayName eq 'Workday'"],
  ]);
});

describe("a partial IPv4 address is a prefix", () => {
  rows([
    ["logins from the 185.220. range", "/auditLogs/signIns?$filter=startswith(ipAddress,'185.220.')"],
    ["logins from IPs beginning 103.21.", "/auditLogs/signIns?$filter=startswith(ipAddress,'103.21.')"],
    ["sign-ins from 10.1.2. today", "/auditLogs/signIns?$filter=startswith(ipAddress,'10.1.2.') and createdDateTime ge 2026-11-21T00:00:00Z"],
    // unchanged: a whole address, a clock time, a version.
    ["sign-ins from 10.0.0.5", "/auditLogs/signIns?$filter=ipAddress eq '10.0.0.5'"],
    ["sign-ins of kim@contoso.com at 02:10. anything odd?", "/auditLogs/signIns?$filter=userPrincipalName eq 'kim@contoso.com'"],
  ]);
});

describe("detection timing: a ruled-out timing is not the one asked for", () => {
  rows([
    ["detections that are offline (not real time)", "/identityProtection/riskDetections?$filter=detectionTimingType eq 'offline'"],
    ["non-realtime offline detections", "/identityProtection/riskDetections?$filter=detectionTimingType eq 'offline'"],
    // unchanged
    ["real time detections", "/identityProtection/riskDetections?$filter=detectionTimingType eq 'realtime'"],
    ["near real-time risk detections", "/identityProtection/riskDetections?$filter=detectionTimingType eq 'nearRealtime'"],
  ]);
});

describe("provisioning: target user, service principal by name, errors", () => {
  rows([
    ["provisioning events for target user displayname contains 'Novak'", "/auditLogs/provisioning?$filter=contains(targetIdentity/displayName,'Novak')"],
    ["provisioning for service principal 'Workday to AD'", "/auditLogs/provisioning?$filter=servicePrincipal/displayName eq 'Workday to AD'"],
    ["provisioning errors", "/auditLogs/provisioning?$filter=provisioningStatusInfo/status eq 'failure'"],
    // unchanged: an error category is not the status.
    ["provisioning errors with category nonServiceFailure", "/auditLogs/provisioning?$filter=provisioningStatusInfo/errorInformation/errorCategory eq 'nonServiceFailure'"],
    ["provisioning warnings", "/auditLogs/provisioning?$filter=provisioningStatusInfo/status eq 'warning'"],
  ]);
});

describe("risk remediated by passing MFA is the risk detail, any tense", () => {
  rows([
    ["sign-ins where risk was remediated by the user passing MFA", "/auditLogs/signIns?$filter=riskDetail eq 'userPassedMFADrivenByRiskBasedPolicy'"],
    ["risky users who passed MFA from the risk policy", "/identityProtection/riskyUsers?$filter=riskDetail eq 'userPassedMFADrivenByRiskBasedPolicy'"],
    // unchanged: remediated alone is the state.
    ["sign-ins where risk was remediated", "/auditLogs/signIns?$filter=riskState eq 'remediated'"],
  ]);
});
