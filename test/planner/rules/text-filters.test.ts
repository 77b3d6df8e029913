import { beforeAll, describe, expect, it } from "vitest";
import type { StructuredCondition } from "../../../src/catalog/common-schemas.js";
import { loadCatalog } from "../../../src/catalog/load.js";
import type { Catalog } from "../../../src/catalog/types.js";
import { textFilters } from "../../../src/planner/rules/text-filters.js";
import { extractSlots } from "../../../src/planner/slots/index.js";

const now = new Date("2026-12-01T12:00:00Z");
let catalog: Catalog;

beforeAll(() => {
  catalog = loadCatalog();
});

/** The text conditions for `text` on the catalog entity `name` (without the "microsoft.graph." prefix). */
function where(name: string, text: string): StructuredCondition[] {
  const entity = catalog.entities[`microsoft.graph.${name}`];
  if (!entity) throw new Error(`no entity ${name}`);
  return textFilters(entity, catalog, extractSlots(text, now), { searchable: false }).where;
}

const eq = (field: string, value: StructuredCondition["value"]): StructuredCondition => ({ field, op: "eq", value });
const fn = (op: "startswith", field: string, value: string): StructuredCondition => ({ field, op, value });

/** [entity, request, expected conditions] */
type Row = [string, string, StructuredCondition[]];

/** One test per row: the text conditions for the request on the entity are exactly the expected ones. */
function expectRows(rows: Row[]): void {
  it.each(rows)("%s: %s", (entity, text, expected) => {
    expect(where(entity, text)).toEqual(expected);
  });
}

describe("directory audit filters", () => {
  expectRows([
    // Reads the activity from its description and puts the quoted group on the target.
    ["directoryAudit", "who added members to the 'Domain Admins-Cloud' group since Friday?", [eq("activityDisplayName", "Add member to group"), eq("targetResources/displayName", "Domain Admins-Cloud")]],
    // Takes a quoted activity name as the activity and a policy name as the target.
    ["directoryAudit", "WHO CHANGED THE CA POLICY 'Require MFA for admins' TODAY", [eq("activityDisplayName", "Update conditional access policy"), eq("targetResources/displayName", "Require MFA for admins")]],
    ["directoryAudit", "someone consented to a weird app called 'Mail Helper Pro'. Find the 'Consent to application' audit entries targeting it.", [eq("activityDisplayName", "Consent to application"), eq("targetResources/displayName", "Mail Helper Pro")]],
    ["directoryAudit", "who removed members from the 'Tier0 Admins' group", [eq("activityDisplayName", "Remove member from group"), eq("targetResources/displayName", "Tier0 Admins")]],
    ["directoryAudit", "show audit logs where someone reset a user's password", [eq("activityDisplayName", "Reset user password")]],
    // Puts a service name on loggedByService, never on the activity.
    ["directoryAudit", "directory audits from service 'Privileged Identity Management'", [eq("loggedByService", "Privileged Identity Management")]],
    ["directoryAudit", "PIM activations (loggedByService PIM)", [eq("loggedByService", "PIM")]],
    ["directoryAudit", "Self-service password reset activity", [eq("loggedByService", "Self-service Password Management")]],
    // Puts the acting app on initiatedBy, quoted or not.
    ["directoryAudit", "what did the app 'Azure AD Connect Sync' change?", [eq("initiatedBy/app/displayName", "Azure AD Connect Sync")]],
    ["directoryAudit", "any 'Add application' audit events from app Graph Explorer", [eq("activityDisplayName", "Add application"), eq("initiatedBy/app/displayName", "Graph Explorer")]],
    ["directoryAudit", "audits initiated by user display name 'Sync_AADCONNECT01'", [eq("initiatedBy/user/displayName", "Sync_AADCONNECT01")]],
    // Reads startswith on the field named before it and object ids as targets.
    ["directoryAudit", "audit events whose activity starts with 'Update'", [fn("startswith", "activityDisplayName", "Update")]],
    ["directoryAudit", "audit records targeting display names beginning with 'Finance'", [fn("startswith", "targetResources/displayName", "Finance")]],
    ["directoryAudit", "audit trail for UPNs beginning with 'ext-' (initiators)", [fn("startswith", "initiatedBy/user/userPrincipalName", "ext-")]],
    ["directoryAudit", "changes on object id 9d8c7b6a-5f4e-4d3c-b2a1-0f9e8d7c6b5a", [eq("targetResources/id", "9d8c7b6a-5f4e-4d3c-b2a1-0f9e8d7c6b5a")]],
    ["directoryAudit", "directory audit correlated to 3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a", [eq("correlationId", "3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a")]],
  ]);
});

describe("sign-in filters", () => {
  expectRows([
    // Reads client apps, the conditional access outcome and error codes.
    ["signIn", "signins using legacy client Exchange ActiveSync", [eq("clientAppUsed", "Exchange ActiveSync")]],
    ["signIn", "sign-ins via POP3 legacy protocol", [eq("clientAppUsed", "POP3")]],
    ["signIn", "any sign-ins using IMAP or POP in the last week", [{ field: "clientAppUsed", op: "in", value: ["IMAP4", "POP3"] }]],
    ["signIn", "logins blocked by conditional access", [eq("conditionalAccessStatus", "failure")]],
    ["signIn", "signinlogs CAfailure past hour", [eq("conditionalAccessStatus", "failure")]],
    ["signIn", "sign-ins where conditional access wasn't applied", [eq("conditionalAccessStatus", "notApplied")]],
    ["signIn", "sign-ins with invalid username or password (50126)", [eq("status/errorCode", 50126)]],
    ["signIn", "locked out sign-ins today", [eq("status/errorCode", 50053)]],
    // Reads browser and operating system, and does not take a browser for an app.
    ["signIn", "Sign-ins from Windows 10 via Edge", [fn("startswith", "deviceDetail/browser", "Edge"), eq("deviceDetail/operatingSystem", "Windows 10")]],
    ["signIn", "sign-ins from iOS (os starts with iOS)", [fn("startswith", "deviceDetail/operatingSystem", "iOS")]],
    // Names apps as Entra does and reads several places as one `in`.
    ["signIn", "logins to SharePoint Online", [eq("appDisplayName", "Office 365 SharePoint Online")]],
    // A well-known app in any case after "to"; a quoted name before "app"; a name after "for app".
    ["signIn", "logins to azure portal from germany", [eq("location/countryOrRegion", "DE"), eq("appDisplayName", "Azure Portal")]],
    ["signIn", "signins to office 365 exchange online yesterday", [eq("appDisplayName", "Office 365 Exchange Online")]],
    ["signIn", "a spike on the 'Payroll Portal' app", [eq("appDisplayName", "Payroll Portal")]],
    ["signIn", "signins ca success for app Salesforce", [eq("conditionalAccessStatus", "success"), eq("appDisplayName", "Salesforce")]],
    // A client protocol is no app: "using Exchange ActiveSync" is clientAppUsed.
    ["signIn", "sign-ins using Exchange ActiveSync", [eq("clientAppUsed", "Exchange ActiveSync")]],
    ["signIn", "sign-ins where CA was successful for app 'Workday'", [eq("conditionalAccessStatus", "success"), eq("appDisplayName", "Workday")]],
    ["signIn", "sign-ins from Iran or Russia", [{ field: "location/countryOrRegion", op: "in", value: ["IR", "RU"] }]],
    ["signIn", "sign-ins from the city of Moscow or St Petersburg", [{ field: "location/city", op: "in", value: ["Moscow", "Saint Petersburg"] }]],
    ["signIn", "sign-ins from state 'Bavaria'", [eq("location/state", "Bavaria")]],
    ["signIn", "has anyone signed in from Brazil in the last 24h?", [eq("location/countryOrRegion", "BR")]],
    // Reads risk event types on sign-ins only as Graph spells them.
    ["signIn", "sign-ins riskEventTypes leakedCredentials", [{ field: "riskEventTypes_v2", op: "any", value: "leakedCredentials" }]],
    ["signIn", "sign-ins with IP starting with 10.200.", [fn("startswith", "ipAddress", "10.200.")]],
  ]);
});

describe("provisioning filters", () => {
  expectRows([
    // Puts systems and identities on the side the words name.
    ["provisioningObjectSummary", "provisioning: failures for target system 'Slack'", [eq("targetSystem/displayName", "Slack")]],
    // The target system by the words around it, named as the analyst wrote it (not as the normaliser shortens it).
    ["provisioningObjectSummary", "provisioning events in which Zoom is the target", [eq("targetSystem/displayName", "Zoom")]],
    ["provisioningObjectSummary", "provisioning deletes to Dropbox (target system)", [eq("targetSystem/displayName", "Dropbox")]],
    ["provisioningObjectSummary", "provisioning updates with target Azure Active Directory", [eq("targetSystem/displayName", "Azure Active Directory"), eq("provisioningAction", "update")]],
    ["provisioningObjectSummary", "provisioning creates toward Microsoft Entra ID", [eq("targetSystem/displayName", "Microsoft Entra ID"), eq("provisioningAction", "create")]],
    ["provisioningObjectSummary", "provisioning where source system is Workday", [eq("sourceSystem/displayName", "Workday")]],
    ["provisioningObjectSummary", "successful provisioning updates for Slack", [eq("servicePrincipal/displayName", "Slack"), eq("provisioningAction", "update")]],
    ["provisioningObjectSummary", "show what the SuccessFactors provisioning job created today", [eq("sourceSystem/displayName", "SuccessFactors"), eq("provisioningAction", "create")]],
    ["provisioningObjectSummary", "prov logs for user 'Grace Hopper' target identity", [eq("targetIdentity/displayName", "Grace Hopper")]],
    ["provisioningObjectSummary", "provisioning records for target identity id 2f3a4b5c-6d7e-4f8a-9b0c-1d2e3f4a5b6c", [eq("targetIdentity/id", "2f3a4b5c-6d7e-4f8a-9b0c-1d2e3f4a5b6c")]],
    ["provisioningObjectSummary", "provisioning events in cycle 44576e58-a14b-40f5-8404-3d22bb46ed93", [eq("cycleId", "44576e58-a14b-40f5-8404-3d22bb46ed93")]],
    // A quoted id after "job id" is the job id only, not also the record's own id.
    ["provisioningObjectSummary", "provisioning for job id 'Workday2AAD.8f9e0d1c2b3a4f5e6d7c8b9a0f1e2d3c'", [eq("jobId", "Workday2AAD.8f9e0d1c2b3a4f5e6d7c8b9a0f1e2d3c")]],
    // Reads an enum value labelled by its field's name.
    ["provisioningObjectSummary", "provisioning 'other' actions", [eq("provisioningAction", "other")]],
    ["provisioningObjectSummary", "what did provisioning from the source system Workday create yesterday?", [eq("sourceSystem/displayName", "Workday"), eq("provisioningAction", "create")]],
    // A last word two fields share ("source") names neither; "service source" names serviceSource only.
    ["security.alert", "alerts whose service source is unknown", [eq("serviceSource", "unknown")]],
    ["provisioningObjectSummary", "provisioning errors with category nonServiceFailure", [eq("provisioningStatusInfo/errorInformation/errorCategory", "nonServiceFailure")]],
  ]);
});

describe("identity protection filters", () => {
  expectRows([
    // Reads documented risk event types from Entra's names for them.
    ["riskDetection", "password spray detections", [eq("riskEventType", "passwordSpray")]],
    ["riskDetection", "attacker in the middle (AiTM) detections", [eq("riskEventType", "attackerinTheMiddle")]],
    ["riskDetection", "impossible travel risk detections", [eq("riskEventType", "impossibleTravel")]],
    ["servicePrincipalRiskDetection", "workload identity detections of suspicious sign-ins", [eq("riskEventType", "suspiciousSignins")]],
    // Keeps the event type's words out of the token issuer.
    ["riskDetection", "token issuer anomaly detections for ADFS federated users", [eq("riskEventType", "tokenIssuerAnomaly")]],
    ["riskDetection", "detections with ADFS MFA adapter tokens", [eq("tokenIssuerType", "ADFederationServicesMFAAdapter")]],
    // Reads risk detail, timing and labelled values.
    ["riskyUser", "risky users remediated by admin temporary password", [eq("riskDetail", "adminGeneratedTemporaryPassword")]],
    ["riskyUser", "risky users flagged adminConfirmedAccountSafe", [eq("riskDetail", "adminConfirmedAccountSafe")]],
    ["riskyServicePrincipal", "which workload identities were confirmed compromised by an admin? risk detail", [eq("riskDetail", "adminConfirmedServicePrincipalCompromised")]],
    ["riskDetection", "near realtime detections", [eq("detectionTimingType", "nearRealtime")]],
    ["riskDetection", "hidden-level risk detections", [eq("riskLevel", "hidden")]],
    ["riskyUser", "risky users not being processed yet (isProcessing true)", [eq("isProcessing", true)]],
    ["riskyServicePrincipal", "risky workload identity 'Backup-Automation'", [eq("displayName", "Backup-Automation")]],
  ]);
});

describe("text filter results", () => {
  it("says a risk detail supersedes the risk state its words also spell, unless the state is named", () => {
    const entity = () => catalog.entities["microsoft.graph.riskyUser"]!;
    const read = (text: string) => textFilters(entity(), catalog, extractSlots(text, now), { searchable: false });
    expect(read("risky users that were remediated by secure password reset").supersedes).toEqual(["riskState"]);
    expect(read("risky users remediated by secure password reset, state remediated").supersedes).toBeUndefined();
    expect(read("high risk users").supersedes).toBeUndefined();
  });
});

describe("indicator store filters: each indicator on the field that holds its kind", () => {
  expectRows([
    ["tiIndicator", "ti indicators for ip 203.0.113.9", [eq("networkIPv4", "203.0.113.9")]],
    ["tiIndicator", "indicator for domain login-0ffice.net exist?", [eq("domainName", "login-0ffice.net")]],
    ["tiIndicator", "indicators for hash e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", [eq("fileHashValue", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]],
    ["tiIndicator", "ti indicators for url https://evil.example.com/dl.exe", [eq("url", "https://evil.example.com/dl.exe")]],
    // An entity with one such field is no indicator store: a sensor's domain stays with its own rules.
    ["security.sensor", "sensors for ip 203.0.113.9", []],
  ]);
});
