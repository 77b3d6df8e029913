/**
 * Sign-in filters from analysts' words: the client app (clientAppUsed: "IMAP", "Exchange
 * ActiveSync", "legacy other clients"), the conditional access outcome ("blocked by CA" is a
 * failure), browser and operating system (deviceDetail), the error code (written, or said as
 * "locked out"), the application signed in to and the resource it called.
 */
import type { StructuredCondition } from "../../../catalog/common-schemas.js";
import type { Entity } from "../../../catalog/types.js";
import type { Slots } from "../../slots/index.js";
import { firstPhrase, nameAt, pick, type Phrase } from "./fields.js";

/** clientAppUsed values as the signIn reference page lists them, with the names admins use. */
const CLIENT_APPS: Phrase[] = [
  { value: "Mobile Apps and Desktop clients", words: /\bmobile apps? (?:and|&) desktop(?: clients?)?\b|\bmodern auth(?:entication)? clients?\b/i },
  { value: "Exchange ActiveSync", words: /\b(?:exchange )?active ?sync\b|\bEAS\b/i },
  { value: "Exchange Web Services", words: /\bexchange web services\b|\bEWS\b/i },
  { value: "Exchange Online PowerShell", words: /\bexchange online powershell\b|\bEXO powershell\b/i },
  { value: "IMAP4", words: /\bimap4?\b/i },
  { value: "POP3", words: /\b(?:POP3?|pop3)\b/ },
  { value: "Authenticated SMTP", words: /\b(?:authenticated )?smtp(?: auth)?\b/i },
  { value: "MAPI Over HTTP", words: /\bmapi\b/i },
  { value: "Outlook Anywhere (RPC over HTTP)", words: /\boutlook anywhere\b|\brpc over http\b/i },
  { value: "Offline Address Book", words: /\boffline address book\b|\bOAB\b/ },
  { value: "AutoDiscover", words: /\bautodiscover\b/i },
  { value: "Reporting Web Services", words: /\breporting web services\b/i },
  { value: "Other clients", words: /\bother clients\b/i },
  { value: "Browser", words: /\b(?:from|via|using|through|in) (?:an? |the )?(?:web )?browser(?: clients?)?\b(?! (?:chrome|edge|firefox|safari|opera|is|=)\b)|\bbrowser clients?\b/i },
];

const CA = "(?:conditional access|ca)";
/** conditionalAccessStatus outcomes in words; "blocked by CA" is a failure of the CA check. */
const CA_OUTCOMES: Phrase[] = [
  { value: "notApplied", words: new RegExp(`\\b${CA}\\b.{0,25}\\b(?:not applied|(?:was|were)(?:n'?t| not) applied|did(?:n'?t| not) apply|not apply)\\b|\\bnot subject to ${CA}\\b|\\bno ${CA} (?:polic(?:y|ies) )?applied\\b`, "i") },
  { value: "failure", words: new RegExp(`\\b(?:blocked|denied|stopped|failed|failing) (?:by|from|due to|on|at) (?:an? |the )?${CA}\\b|\\b${CA}[\\s-]?(?:failures?|fail(?:s|ed)?|blocks?|blocked|denied|denials)\\b|\\bfail(?:ed|ing)? ${CA}\\b|\\b${CA}\\s+(?:rules?|polic(?:y|ies)|checks?)\\s+(?:blocked|denied|stopped|rejected)\\b`, "i") },
  { value: "success", words: new RegExp(`\\b${CA}\\b(?: (?:was|were|check|checks|status))? (?:successful|success|succeeded|passed)\\b|\\b(?:successful|passed) ${CA}\\b`, "i") },
];

/** Browser families: deviceDetail/browser holds the family and a version ("Chrome 120.0"). */
const BROWSERS: Phrase[] = [
  { value: "Chrome", words: /\bchrome\b(?!\s?os)/i },
  { value: "Edge", words: /\b(?:Edge|MS ?Edge|microsoft edge)\b/ },
  { value: "Firefox", words: /\bfirefox\b/i },
  { value: "Safari", words: /\bsafari\b/i },
  { value: "Opera", words: /\bopera\b/i },
  { value: "IE", words: /\binternet explorer\b|\bIE ?\d*\b/ },
];

/** Operating systems as Graph writes them; families that carry a version are matched by prefix. */
const OPERATING_SYSTEMS: Phrase<{ value: string; op: "eq" | "startswith" }>[] = [
  { value: { value: "Windows 10", op: "eq" }, words: /\bwin(?:dows)? ?10\b/i },
  { value: { value: "Windows 11", op: "eq" }, words: /\bwin(?:dows)? ?11\b/i },
  { value: { value: "Windows", op: "startswith" }, words: /\bwindows\b(?! (?:hello|defender|server update))/i },
  { value: { value: "iOS", op: "eq" }, words: /\bios\b/i },
  { value: { value: "MacOs", op: "startswith" }, words: /\bmac ?os\b|\bos ?x\b|\bmacs?\b/i },
  { value: { value: "Android", op: "startswith" }, words: /\bandroid\b/i },
  { value: { value: "Linux", op: "eq" }, words: /\blinux\b/i },
];

/** Well-known sign-in error codes by what analysts call them (used only when no code is written). */
const ERROR_MEANINGS: Phrase<number>[] = [
  { value: 50126, words: /\b(?:invalid|bad|wrong|incorrect) (?:username or )?passwords?\b/i },
  { value: 50053, words: /\blocked[\s-]out\b|\baccount lock(?:ed|outs?)\b|\bsmart lockout\b/i },
  { value: 50057, words: /\bdisabled accounts?\b/i },
  { value: 50055, words: /\bexpired passwords?\b|\bpassword (?:has )?expired\b/i },
];

/** Entra's display names for Microsoft's own apps, by the short names analysts use. */
const APP_NAMES: Phrase[] = [
  { value: "Office 365 SharePoint Online", words: /^(?:office 365 )?sharepoint(?: online)?$/i },
  { value: "Office 365 Exchange Online", words: /^(?:office 365 )?exchange(?: online)?$/i },
  { value: "Microsoft Teams", words: /^(?:microsoft )?teams$/i },
  { value: "Azure Portal", words: /^(?:the )?azure portal$/i },
  { value: "Microsoft Graph PowerShell", words: /^(?:microsoft )?graph powershell$/i },
];

/** Words after "to"/"via" that name a client, browser or platform rather than an app. */
const NOT_AN_APP = /^(?:I|The|Entra|Azure AD|Windows(?: \d+)?|iOS|Android|Linux|Mac ?OS|Chrome|Edge|Firefox|Safari|Opera|IMAP4?|POP3?|SMTP|Authenticated SMTP|Exchange ActiveSync|ActiveSync|EAS|MAPI|Browser|Other|Mobile|CA|Conditional Access|Legacy)\b/i;

/** clientAppUsed: every client the request names ("IMAP or POP" is either). */
export function clientAppConditions(entity: Entity, slots: Slots): StructuredCondition[] {
  const field = pick(entity, "clientAppUsed");
  const values = field ? CLIENT_APPS.filter((c) => c.words.test(slots.text)).map((c) => c.value) : [];
  if (!field || values.length === 0) return [];
  return [values.length === 1 ? { field, op: "eq", value: values[0]! } : { field, op: "in", value: values }];
}

export function conditionalAccessConditions(entity: Entity, slots: Slots): StructuredCondition[] {
  const field = pick(entity, "conditionalAccessStatus");
  // Glued shorthand ("CAfailure") reads as two words.
  const text = slots.prose.replace(/\bCA(?=[a-z])/g, "CA ");
  const value = field ? firstPhrase(text, CA_OUTCOMES) : undefined;
  return field && value ? [{ field, op: "eq", value }] : [];
}

/** Browser and operating system, unless a startswith on that field was asked for already. */
export function deviceConditions(entity: Entity, slots: Slots): StructuredCondition[] {
  const out: StructuredCondition[] = [];
  const browserField = pick(entity, "deviceDetail/browser");
  const browser = browserField ? firstPhrase(slots.prose, BROWSERS) : undefined;
  if (browserField && browser) out.push({ field: browserField, op: "startswith", value: browser });
  const osField = pick(entity, "deviceDetail/operatingSystem");
  const os = osField ? firstPhrase(slots.prose, OPERATING_SYSTEMS) : undefined;
  if (osField && os) out.push({ field: osField, op: os.op, value: os.value });
  return out;
}

/**
 * "error 53003", "error code was 50057", "(50126)", "failing with 50126": a five- or six-digit
 * number on an entity with a sign-in status is an Entra error code (AADSTS numbers); without a
 * number, a well-known failure named in words.
 */
export function errorCodeConditions(entity: Entity, slots: Slots): StructuredCondition[] {
  const field = pick(entity, "status/errorCode", "errorCode");
  if (!field) return [];
  const written =
    /\b(?:error|code|error code|errorcode|status|aadsts)\s*(?:was|is|=|of)?\s*[:#]?\s*(\d{4,6})\b/i.exec(slots.prose)?.[1] ??
    // "AADSTS50053" as Entra prints it, glued to its prefix.
    /\bAADSTS(\d{4,6})\b/i.exec(slots.text)?.[1] ??
    /(?<![\w.:/-])(\d{5,6})(?![\w.:/-]|\s*(?:ms|s|sec|seconds?|minutes?|hours?|days?|events?|results?|rows?)\b)/.exec(slots.prose)?.[1];
  const code = written ? Number(written) : firstPhrase(slots.prose, ERROR_MEANINGS);
  return code !== undefined ? [{ field, op: "eq", value: code }] : [];
}

/** Entra's display name for a short app name ("SharePoint Online" → "Office 365 SharePoint Online"). */
const canonicalApp = (name: string) => firstPhrase(name, APP_NAMES) ?? name;

/** "signins to office 365 exchange online", "logins to azure portal": a well-known app in any case after to/into/for/via. */
function knownAppAfterPreposition(prose: string): string | undefined {
  for (const m of prose.matchAll(/\b(?:to|into|for|using|via)\s+(?:the\s+)?((?:[\w-]+\s*){1,4})/gi)) {
    if (NOT_AN_APP.test(m[1]!)) continue;
    const words = m[1]!.trim().split(/\s+/);
    for (let n = words.length; n > 0; n--) {
      const app = firstPhrase(words.slice(0, n).join(" "), APP_NAMES);
      if (app) return app;
    }
  }
  return undefined;
}

/** "to the Azure Portal", "app = Office 365 Exchange Online", "for app 'Workday'": the application signed in to. */
export function appConditions(entity: Entity, slots: Slots): StructuredCondition[] {
  const field = pick(entity, "appDisplayName");
  if (!field) return [];
  // "client app 'Exchange ActiveSync'" labels clientAppUsed, not the application's name.
  const labelled = /(?<!\bclient )\bapp(?:lication)?(?: ?display ?name| name)?\s*(?:=|:|is|named|called)?\s*(?=["'“`])/i.exec(slots.text) ?? /(?<!\bclient )\bapp(?:lication)?(?: ?display ?name| name)?\s*[=:]\s*/i.exec(slots.text);
  const fromLabel =
    (labelled ? nameAt(slots.text, labelled.index + labelled[0].length) : undefined) ??
    // "the 'Payroll Portal' app", "for app Salesforce": a quoted name before "app", a Capitalised one after it.
    /["'“`]([^"'”`\n]{2,80})["'”`]\s+app(?:lication)?\b/i.exec(slots.text)?.[1] ??
    /\b(?:for|to|into|in|on|of|from|by)\s+(?:the\s+)?app(?:lication)?\s+([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*)/.exec(slots.prose)?.[1] ??
    knownAppAfterPreposition(slots.prose);
  const named =
    fromLabel ??
    /\b(?:to|into|using|via)\s+(?:the\s+)?((?:[A-Z][\w.-]*|365|Online)(?:\s+(?:[A-Z][\w.-]*|365|Online))*)(?:\s+app(?:lication)?\b)?/.exec(slots.prose)?.[1] ??
    /\b((?:[A-Z][\w.-]*)(?:\s+[A-Z][\w.-]*)*)\s+app(?:lication)?\b/.exec(slots.prose)?.[1] ??
    // "for hr-portal app": an identifier-like name (joined by - or _) needs no capitals.
    /\b(?:for|to|into|using|via)\s+(?:the\s+)?([a-z0-9]+(?:[-_][a-z0-9]+)+)\s+app(?:lication)?\b/i.exec(slots.prose)?.[1];
  const app = named?.trim();
  if (!app || app.length < 3 || (!fromLabel && (NOT_AN_APP.test(app) || isResourceName(app)))) return [];
  return [{ field, op: "eq", value: canonicalApp(app) }];
}

/** An API is what a token is asked for, not an app one signs in with: "… Management API", "Microsoft Graph" (the Graph API). */
const isResourceName = (name: string) => /\sAPIs?$/.test(name.trim()) || /^(?:Microsoft )?Graph(?: API)?$/i.test(name.trim());

/**
 * The resource (API) the sign-in asked a token for: "resource 'Microsoft Graph'", "where resource
 * is Microsoft Graph", "to the Microsoft Graph resource", or an API signed in to ("sign in to
 * 'Windows Azure Service Management API'").
 */
export function resourceConditions(entity: Entity, slots: Slots): StructuredCondition[] {
  const field = pick(entity, "resourceDisplayName");
  if (!field) return [];
  const m =
    /\bresource(?: ?display ?name| name)?\s*(?:=|:|is|named|called)?\s*(?=["'“`])/i.exec(slots.text) ??
    /\bresource(?: ?display ?name| name)?\s*(?:=|:|is)\s*(?=[A-Z])/.exec(slots.text) ??
    // "for resource Office 365 Exchange Online", "to resource Microsoft Graph".
    /\b(?:for|to|on|of|at|against)\s+(?:the\s+)?resource\s+(?=[A-Z])/.exec(slots.text);
  const labelled = m ? nameAt(slots.text, m.index + m[0].length) : undefined;
  const before = /\b(?:to|into|for|hit|hitting)\s+(?:the\s+)?((?:[A-Z][\w.-]*|365|Online)(?:\s+(?:[A-Z][\w.-]*|365|Online))*)\s+resource\b/.exec(slots.prose)?.[1];
  const to = /\b(?:to|into)\s+(?:the\s+)?(?=["'“`A-Z])/.exec(slots.text);
  const api = to ? nameAt(slots.text, to.index + to[0].length) : undefined;
  const value = labelled ?? before ?? (api && isResourceName(api) ? api : undefined);
  return value ? [{ field, op: "eq", value }] : [];
}

/** "from the 185.220. range", "IPs in 10.20.": a partial IPv4 address (one to three octets and a dot) is a prefix; a clock time ("at 02:10.") is not. */
export function ipPrefixConditions(entity: Entity, slots: Slots): StructuredCondition[] {
  const field = pick(entity, "ipAddress");
  // "10.20.", "from 203.0.113.": one to three octets with their dot; "until 9 Jan." is a date's day, not a range.
  // "198.51.100.x", "10.20.*": a wildcard last octet is the same prefix.
  const prefix = field ? /(?<![\w.:/-])((?:\d{1,3}\.){1,3})(?:[x*](?![\w.])|(?![\w.]))/i.exec(slots.text)?.[1] : undefined;
  if (prefix && /^\d{1,3}\.$/.test(prefix) && !/\b(?:ips?|address(?:es)?|range|subnet|prefix|network|starts? with|starting with|begins? with)\b/i.test(slots.text)) return [];
  return field && prefix && slots.indicators.ips.length === 0 ? [{ field, op: "startswith", value: prefix }] : [];
}
