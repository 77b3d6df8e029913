/**
 * Classes of slot and $filter readings (fix-filters): each row is a request and the exact query
 * the rules planner compiles for it. Rows marked "unchanged" guard readings the fixes must keep.
 */
import { describe } from "vitest";
import { queryRows } from "../../support/query-rows.js";

const now = new Date("2026-11-21T12:00:00Z");
const { rows } = queryRows(now);

describe("a time phrase's words are the window's, not an enum's", () => {
  rows([
    ["incidents since new year's day", "/security/incidents?$filter=createdDateTime ge 2026-01-01T00:00:00Z"],
    ["alerts since new year", "/security/alerts_v2?$filter=createdDateTime ge 2026-01-01T00:00:00Z"],
    // unchanged: a status named beside a holiday or a rewritten span still counts.
    ["alerts on christmas day that are new", "/security/alerts_v2?$filter=status eq 'new' and createdDateTime ge 2025-12-25T00:00:00Z and createdDateTime lt 2025-12-26T00:00:00Z"],
    ["new alerts in the last fortnight", "/security/alerts_v2?$filter=status eq 'new' and createdDateTime ge 2026-11-07T12:00:00Z"],
  ]);
});

describe("ranges and or-lists of one field", () => {
  rows([
    ["risky users, med+", "/identityProtection/riskyUsers?$filter=riskLevel in ('medium','high')"],
    ["incidents with severity moderate or higher", "/security/incidents?$filter=severity in ('medium','high')"],
    ["risk detections of type passwordSpray or leakedCredentials", "/identityProtection/riskDetections?$filter=riskEventType in ('passwordSpray','leakedCredentials')"],
    ["impossible travel or password spray detections", "/identityProtection/riskDetections?$filter=riskEventType in ('passwordSpray','impossibleTravel')"],
    // unchanged: one type stays an eq; a more specific phrase keeps its words.
    ["impossible travel detections", "/identityProtection/riskDetections?$filter=riskEventType eq 'impossibleTravel'"],
    ["risk detections: activity from anonymous ip", "/identityProtection/riskDetections?$filter=riskEventType eq 'riskyIPAddress'"],
  ]);
});

describe("ruled-out states and assignment", () => {
  rows([
    ["incidents nobody resolved", "/security/incidents?$filter=status ne 'resolved'"],
    ["alerts that nobody has resolved yet", "/security/alerts_v2?$filter=status ne 'resolved'"],
    ["risky users that are not dismissed", "/identityProtection/riskyUsers?$filter=riskState ne 'dismissed'"],
    ["alerts not yet closed", "/security/alerts_v2?$filter=status in ('new','inProgress')"],
    // An incident not yet resolved is in any state short of it.
    ["incidents not yet resolved", "/security/incidents?$filter=status in ('active','inProgress','awaitingAction')"],
    ["incidents nobody is assigned to", "/security/incidents?$filter=assignedTo eq null"],
    ["alerts already assigned, high sev", "/security/alerts_v2?$filter=assignedTo ne null and severity eq 'high'"],
    ["incidents that are assigned and in progress", "/security/incidents?$filter=assignedTo ne null and status eq 'inProgress'"],
    // unchanged: "nobody" rules out no severity; an owner named by email is an eq.
    ["ALERTS ASSIGNED TO NOBODY HIGH SEV", "/security/alerts_v2?$filter=assignedTo eq null and severity eq 'high'"],
    ["incidents that are assigned to ana@contoso.com", "/security/incidents?$filter=assignedTo eq 'ana@contoso.com'"],
  ]);
});

describe("quoted values keep their place; risk details from their words", () => {
  rows([
    ["risky users with level 'low' and state 'atRisk'", "/identityProtection/riskyUsers?$filter=riskLevel eq 'low' and riskState eq 'atRisk'"],
    ["risky users where an admin dismissed risk for sign-in", "/identityProtection/riskyUsers?$filter=riskDetail eq 'adminDismissedRiskForSignIn'"],
    ["risky users whose on-premises password was changed", "/identityProtection/riskyUsers?$filter=riskDetail eq 'userChangedPasswordOnPremises'"],
    ["risky users dismissed by Microsoft 365 Defender", "/identityProtection/riskyUsers?$filter=riskDetail eq 'm365DAdminDismissedDetection'"],
    // unchanged: a bare state stays a state.
    ["risky users remediated", "/identityProtection/riskyUsers?$filter=riskState eq 'remediated'"],
  ]);
});

describe("counts written apart from the noun; success", () => {
  rows([
    ["high alerts, 20 of them", "/security/alerts_v2?$filter=severity eq 'high'&$top=20"],
    ["risky users, 25", "/identityProtection/riskyUsers?$top=25"],
    ["did jo@contoso.com sign in successfully today", "/auditLogs/signIns?$filter=userPrincipalName eq 'jo@contoso.com' and status/errorCode eq 0 and createdDateTime ge 2026-11-21T00:00:00Z"],
    // unchanged: an error code after a comma is a code, not a count.
    ["sign-ins for bob@contoso.com, failed, 50053", "/auditLogs/signIns?$filter=userPrincipalName eq 'bob@contoso.com' and status/errorCode eq 50053"],
  ]);
});

describe("edges of a year; the moment a verb names", () => {
  rows([
    ["incidents created in the last hour of the year 2025", "/security/incidents?$filter=createdDateTime ge 2025-12-31T23:00:00Z and createdDateTime lt 2026-01-01T00:00:00Z"],
    ["alerts in the first day of 2026", "/security/alerts_v2?$filter=createdDateTime ge 2026-01-01T00:00:00Z and createdDateTime lt 2026-01-02T00:00:00Z"],
    ["simulations that ended in october", "/security/attackSimulation/simulations?$filter=completionDateTime ge 2026-10-01T00:00:00Z and completionDateTime lt 2026-11-01T00:00:00Z"],
    // unchanged: launched is the launch.
    ["phishing sims launched in october", "/security/attackSimulation/simulations?$filter=launchDateTime ge 2026-10-01T00:00:00Z and launchDateTime lt 2026-11-01T00:00:00Z"],
  ]);
});

describe("ordinary words and places, apps and labels", () => {
  rows([
    // "available" alone means "that exist"; named with its field it is the status.
    ["list trainings available", "/security/attackSimulation/trainings"],
    ["trainings with availability status available", "/security/attackSimulation/trainings?$filter=availabilityStatus eq 'available'"],
    ["sign-ins from the German state of Bavaria", "/auditLogs/signIns?$filter=location/state eq 'Bavaria'"],
    ["sign-ins from Lagos that failed", "/auditLogs/signIns?$filter=location/city eq 'Lagos'"],
    ["sign-ins to the payroll-api app", "/auditLogs/signIns?$filter=appDisplayName eq 'payroll-api'"],
    ["sign-ins | upn=a.b@contoso.com", "/auditLogs/signIns?$filter=userPrincipalName eq 'a.b@contoso.com'"],
  ]);
});

describe("words one reading used up fill no other field", () => {
  rows([
    ["user reported suspicious activity detections with high risk", "/identityProtection/riskDetections?$filter=riskLevel eq 'high' and riskEventType eq 'userReportedSuspiciousActivity'"],
    ["Sign-ins blocked by CA (53003) since Monday", "/auditLogs/signIns?$filter=status/errorCode eq 53003 and createdDateTime ge 2026-11-16T00:00:00Z"],
    // unchanged: the field named with its value; a CA block with no code.
    ["risk detections of activity type user", "/identityProtection/riskDetections?$filter=activity eq 'user'"],
    ["logins blocked by conditional access since Monday", "/auditLogs/signIns?$filter=conditionalAccessStatus eq 'failure' and createdDateTime ge 2026-11-16T00:00:00Z"],
  ]);
});
