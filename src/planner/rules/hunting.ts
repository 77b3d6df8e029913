/**
 * KQL for common hunts, on the advanced hunting table that holds the evidence.
 * 1. Table: one the analyst named ("…in CloudAppEvents"), else the indicator's table (hash →
 *    DeviceFileEvents, IP → DeviceNetworkEvents, sender → EmailEvents, account →
 *    IdentityLogonEvents …), else the topic's (URL clicks, attachments, logons, registry, network,
 *    files, device inventory; processes by default).
 * 2. Conditions: the window (`Timestamp > ago(7d)` or datetime bounds), each indicator on its
 *    column, well-known SOC phrases (failed logons, ports, scheduled tasks), then the remaining
 *    salient words (tool names, command-line fragments, parenthesised literals) on the table's
 *    text column.
 * 3. Shape: `summarize count()/dcount()` when the analyst asks per account/device, thresholds
 *    ("more than 20"), ordering and `take`/`top`.
 * Values are escaped as KQL string literals.
 */
import type { Slots, TimeWindow } from "../slots/index.js";
import { kqlTimespan } from "../slots/index.js";

/** Advanced hunting keeps 30 days; a hunt with no window searches all of it. */
const DEFAULT_LOOKBACK = "30d";

/** A KQL double-quoted string literal. */
export function kqlString(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

const ADVANCED_HUNTING_TABLES = [
  "DeviceProcessEvents", "DeviceNetworkEvents", "DeviceFileEvents", "DeviceRegistryEvents", "DeviceLogonEvents",
  "DeviceImageLoadEvents", "DeviceEvents", "DeviceInfo", "DeviceNetworkInfo", "DeviceFileCertificateInfo",
  "DeviceTvmSoftwareInventory", "DeviceTvmSoftwareVulnerabilities", "EmailEvents", "EmailAttachmentInfo", "EmailUrlInfo",
  "EmailPostDeliveryEvents", "UrlClickEvents", "IdentityLogonEvents", "IdentityQueryEvents", "IdentityDirectoryEvents",
  "IdentityInfo", "CloudAppEvents", "AADSignInEventsBeta", "AADSpnSignInEventsBeta", "AlertInfo", "AlertEvidence",
  "BehaviorInfo", "BehaviorEntities", "ExposureGraphNodes", "ExposureGraphEdges",
];

/** The column free words are matched on, per table. */
const TEXT_COLUMN: Record<string, string> = {
  DeviceProcessEvents: "ProcessCommandLine",
  DeviceFileEvents: "FolderPath",
  DeviceNetworkEvents: "RemoteUrl",
  DeviceRegistryEvents: "RegistryKey",
  DeviceImageLoadEvents: "FileName",
  DeviceEvents: "AdditionalFields",
  DeviceInfo: "OSPlatform",
  DeviceLogonEvents: "AccountName",
  EmailEvents: "Subject",
  EmailAttachmentInfo: "FileName",
  EmailUrlInfo: "Url",
  UrlClickEvents: "Url",
  IdentityLogonEvents: "AccountUpn",
  IdentityDirectoryEvents: "ActionType",
  IdentityQueryEvents: "QueryTarget",
  CloudAppEvents: "ActionType",
  AADSignInEventsBeta: "Application",
  AlertInfo: "Title",
};

/** Per-table column for "per account", "per device", "per sender" … */
const ACCOUNT_COLUMN: Record<string, string> = {
  IdentityLogonEvents: "AccountUpn", AADSignInEventsBeta: "AccountUpn", CloudAppEvents: "AccountDisplayName", EmailEvents: "RecipientEmailAddress",
};

/** Topic words → table, tried in order; the first match wins. */
const TOPICS: { pattern: RegExp; table: string }[] = [
  { pattern: /\burl ?clicks?\b|\bclicked\b|\bsafe ?links?\b/i, table: "UrlClickEvents" },
  { pattern: /\battachments?\b/i, table: "EmailAttachmentInfo" },
  { pattern: /\binbox rules?\b|\bforwarding\b|\bmailbox rules?\b|\bcloud apps?\b|\bsharepoint\b|\bonedrive\b|\bteams activity\b/i, table: "CloudAppEvents" },
  { pattern: /\be-?mails?\b|\bmail\b|\bsenders?\b|\brecipients?\b|\bdelivered\b|\binbox\b|\bphish/i, table: "EmailEvents" },
  { pattern: /\bregistry\b|\brun keys?\b|\bhklm\b|\bhkcu\b/i, table: "DeviceRegistryEvents" },
  { pattern: /\b(?:entra|azure ad|aad) sign-?ins?\b|\bsign-?ins?\b.*\b(?:portal|app|application)\b/i, table: "AADSignInEventsBeta" },
  { pattern: /\bidentit(?:y|ies)\b|\bdomain controllers?\b|\bkerberos\b|\bntlm\b|\bldap\b/i, table: "IdentityLogonEvents" },
  { pattern: /\blog(?:ged)?[ -]?(?:on|in)s?\b|\bsign-?ins?\b|\brdp\b|\binteractive logons?\b/i, table: "DeviceLogonEvents" },
  { pattern: /\bcon+ec?tions?\b|\bconnect(?:ed|ing)?\b|\boutbound\b|\binbound\b|\bports?\b|\bnetwork\b|\btraffic\b|\bbeacon/i, table: "DeviceNetworkEvents" },
  { pattern: /\bfiles? (?:created|written|dropped|renamed|modified|events?)\b|\b(?:created|dropped|wrote|written) files?\b/i, table: "DeviceFileEvents" },
  { pattern: /\b(?:os|operating system|windows (?:7|8|10|11|xp|server)|onboarded|device inventory|machines? running|devices? running)\b/i, table: "DeviceInfo" },
];

/** SOC phrases with a fixed meaning on a table: condition text per table (or "*" for any). */
const PHRASES: { pattern: RegExp; conditions: Record<string, string> }[] = [
  {
    pattern: /\bfail(?:ed|ing|ures?)?\b[^.]{0,20}\b(?:log(?:ged)?[ -]?(?:on|in)s?|sign-?ins?|authentications?)\b|\b(?:log(?:ged)?[ -]?(?:on|in)s?|sign-?ins?)\b[^.]{0,12}\bfail/i,
    conditions: { DeviceLogonEvents: 'ActionType == "LogonFailed"', IdentityLogonEvents: 'ActionType == "LogonFailed"', AADSignInEventsBeta: "ErrorCode != 0" },
  },
  {
    pattern: /\bsuccessful\b[^.]{0,20}\b(?:log(?:ged)?[ -]?(?:on|in)s?|sign-?ins?)\b/i,
    conditions: { DeviceLogonEvents: 'ActionType == "LogonSuccess"', IdentityLogonEvents: 'ActionType == "LogonSuccess"', AADSignInEventsBeta: "ErrorCode == 0" },
  },
  { pattern: /\bscheduled tasks?\b/i, conditions: { DeviceProcessEvents: 'ProcessCommandLine has "schtasks"', DeviceEvents: 'ActionType == "ScheduledTaskCreated"', "*": '* has "schtasks"' } },
  { pattern: /\bencoded commands?\b|\b-enc(?:odedcommand)?\b/i, conditions: { DeviceProcessEvents: 'ProcessCommandLine has_any ("-enc", "-encodedcommand", "-e ")', "*": '* has "-enc"' } },
  { pattern: /\b(?:mail(?:box)? )?forwarding(?: rules?)?\b|\binbox rules?\b/i, conditions: { CloudAppEvents: 'ActionType in ("New-InboxRule", "Set-InboxRule", "UpdateInboxRules") and RawEventData has "Forward"', "*": '* has "Forward"' } },
  { pattern: /\blocal admin(?:istrator)?s?\b/i, conditions: { DeviceEvents: 'ActionType == "UserAccountAddedToLocalGroup"', DeviceProcessEvents: 'ProcessCommandLine has "administrators"', "*": '* has "admin"' } },
];

/** Words that describe the hunt rather than what to look for. */
const NOT_SALIENT = new Set(
  `a an the and or of for to in on at by with from into via over within during since until about any all every some
   which what who whose where when that this these those there their its it is are was were be been being have has had
   do does did can could should would will show list find look looking get give me us my our hunt hunting hunts query
   queries kql kusto search run ran running runs execute executed executing execution executions launch launched
   launching launches spawn spawned started start process processes event events device devices machine machines
   host hosts endpoint endpoints file files folder folders directory directories path paths command commands line lines
   commandline cmdline use using used new recent recently last past previous today yesterday hours hour days day
   weeks week months month minutes minute hrs hr mins min ago now top number count counts per each more than less
   fewer least most many much times time made make making created creating create written write wrote dropped
   downloaded downloading download connections connection connect connected outbound inbound port ports network
   traffic logon logons login logins logged sign signin signins failed failure failures successful identities
   identity accounts account users user emails email mail mails sent sender senders recipient recipients delivered
   include including subject subjects table tables lateral movement suspicious malicious potential possible like
   involving related seen observed activity activities windows os platform operating system clicks click url urls
   attachment attachments named called cleartext plaintext passwords password scheduled task tasks local admin
   administrator administrators rules rule mailbox inbox forwarding cloud app apps encoded`.split(/\s+/),
);

/** Words the hunt builder understands (for typo repair). */
export const HUNTING_VOCABULARY: readonly string[] = [...NOT_SALIENT, ...ADVANCED_HUNTING_TABLES.map((t) => t.toLowerCase())];

interface Hunt {
  table: string;
  conditions: string[];
}

function explicitTable(text: string): string | undefined {
  const lower = text.toLowerCase();
  return ADVANCED_HUNTING_TABLES.find((t) => new RegExp(`\\b${t.toLowerCase()}\\b`).test(lower));
}

function topicTable(prose: string): string | undefined {
  return TOPICS.find((t) => t.pattern.test(prose))?.table;
}

const MAIL = /\b(?:e-?mails?|mail(?:box)?|messages?|phish(?:ing)?|inbox|sender|recipient|sent|delivered)\b/i;
const LOGON = /\b(?:log(?:ged)?[ -]?ons?|log(?:ged)?[ -]?ins?|sign(?:ed)?[ -]?ins?|authenticat\w*|rdp)\b/i;
const PROCESS = /\b(?:process(?:es)?|executed|execution|ran|run|runs|running|launched|spawned|command[- ]?lines?|started|invoked)\b/i;
const FILE_ACTIVITY = /\b(?:file events?|created|written|wrote|dropped|downloaded|modified|renamed|copied)\b/i;
const DEVICE_CONTEXT = /\b(?:devices?|endpoints?|machines?|hosts?|computers?|workstations?|servers?)\b/i;
const RECIPIENT = /\b(?:to|recipients?|received by|sent to|delivered to)\s+(?:the\s+)?(?:user\s+|mailbox\s+)?$/i;
const HASH_COLUMNS = { sha256: "SHA256", sha1: "SHA1", md5: "MD5" } as const;

/** The table and conditions an indicator in the request calls for, if any. */
function indicatorHunt(slots: Slots, table: string | undefined): Hunt | undefined {
  const { prose, text, indicators: ind } = slots;
  const cve = /\bCVE-\d{4}-\d{4,7}\b/i.exec(text)?.[0];
  if (cve) return { table: table ?? "DeviceTvmSoftwareVulnerabilities", conditions: [`CveId == ${kqlString(cve.toUpperCase())}`] };
  const [address] = ind.emails;
  if (address && (MAIL.test(prose) || table?.startsWith("Email"))) {
    const before = text.slice(0, Math.max(0, text.toLowerCase().indexOf(address.toLowerCase())));
    const column = RECIPIENT.test(before) ? "RecipientEmailAddress" : "SenderFromAddress";
    return { table: table ?? "EmailEvents", conditions: [`${column} =~ ${kqlString(address)}`] };
  }
  const [hash] = ind.hashes;
  if (hash) {
    const column = HASH_COLUMNS[hash.algorithm];
    const chosen = table ?? (MAIL.test(prose) ? "EmailAttachmentInfo" : PROCESS.test(prose) && !FILE_ACTIVITY.test(prose) ? "DeviceProcessEvents" : "DeviceFileEvents");
    return { table: chosen, conditions: [`${column} == ${kqlString(hash.value)}`] };
  }
  const fileName = ind.fileNames[0];
  if (fileName) {
    const chosen = table ?? (MAIL.test(prose) ? "EmailAttachmentInfo" : FILE_ACTIVITY.test(prose) && !PROCESS.test(prose) ? "DeviceFileEvents" : "DeviceProcessEvents");
    return { table: chosen, conditions: [`FileName =~ ${kqlString(fileName)}`] };
  }
  if (ind.ips.length > 0) {
    const list = ind.ips.map(kqlString).join(", ");
    const chosen = table ?? (LOGON.test(prose) ? "DeviceLogonEvents" : "DeviceNetworkEvents");
    const column = chosen.startsWith("AAD") || chosen.startsWith("Identity") ? "IPAddress" : chosen === "UrlClickEvents" ? "IPAddress" : "RemoteIP";
    return { table: chosen, conditions: [ind.ips.length === 1 ? `${column} == ${list}` : `${column} in (${list})`] };
  }
  const target = ind.urls[0] ?? ind.domains[0];
  const senderDomain = ind.domains[0];
  if (senderDomain && !ind.urls[0] && MAIL.test(prose) && new RegExp(`\\b(?:from|sent by|sender)\\s+(?:domain\\s+)?${senderDomain.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "i").test(refangedText(text))) {
    return { table: table ?? "EmailEvents", conditions: [`SenderFromDomain =~ ${kqlString(senderDomain)}`] };
  }
  if (target) {
    const chosen = table ?? (MAIL.test(prose) ? "EmailUrlInfo" : "DeviceNetworkEvents");
    const column = chosen === "DeviceNetworkEvents" ? "RemoteUrl" : chosen === "CloudAppEvents" ? "RawEventData" : "Url";
    return { table: chosen, conditions: [`${column} has ${kqlString(target)}`] };
  }
  if (address) {
    if (table === "DeviceLogonEvents" || (!table && DEVICE_CONTEXT.test(prose))) {
      return { table: table ?? "DeviceLogonEvents", conditions: [`AccountName =~ ${kqlString(address.split("@")[0]!)}`] };
    }
    return { table: table ?? "IdentityLogonEvents", conditions: [`AccountUpn =~ ${kqlString(address)}`] };
  }
  return undefined;
}

const refangedText = (text: string) => text.replace(/\[\.\]|\(\.\)/g, ".");

/** Literal fragments: parenthesised or quoted text ("(net user /add)", "'urlcache'"). */
function literals(slots: Slots): string[] {
  const inParens = [...slots.text.matchAll(/\(([^()]{2,80})\)/g)]
    .map((m) => m[1]!.trim())
    .filter((t) => !/^(?:use|in|from|e\.g\.|i\.e\.)\b/i.test(t) && !explicitTable(t));
  return [...slots.indicators.quoted, ...inParens];
}

/** Remaining content words worth matching: tool names and fragments, not hunt vocabulary. */
function salientWords(slots: Slots, exclude: string[]): string[] {
  const skip = new Set(exclude.flatMap((e) => e.toLowerCase().split(/[^a-z0-9.$_-]+/)));
  const words = slots.prose
    .replace(/\([^()]*\)/g, " ")
    .split(/[^A-Za-z0-9.$_-]+/)
    .map((w) => w.replace(/^[.-]+|[.-]+$/g, ""))
    .filter((w) => w.length >= 3 && !/^\d+$/.test(w));
  const out: string[] = [];
  for (const word of words) {
    const lower = word.toLowerCase();
    if (NOT_SALIENT.has(lower) || skip.has(lower) || ADVANCED_HUNTING_TABLES.some((t) => t.toLowerCase() === lower)) continue;
    if (!out.some((o) => o.toLowerCase() === lower)) out.push(word);
  }
  return out.slice(0, 4);
}

function termCondition(column: string, term: string): string {
  // `has` matches whole terms (fast, indexed); fragments with spaces or punctuation need `contains`.
  return /^[A-Za-z0-9_]+$/.test(term) ? `${column} has ${kqlString(term)}` : `${column} contains ${kqlString(term)}`;
}

function timeFilter(window: TimeWindow | undefined): string {
  if (!window) return `Timestamp > ago(${DEFAULT_LOOKBACK})`;
  if (window.lookback) return `Timestamp > ago(${kqlTimespan(window.lookback)})`;
  const iso = (d: Date) => d.toISOString().replace(/\.000Z$/, "Z");
  const parts: string[] = [];
  if (window.from) parts.push(`Timestamp >= datetime(${iso(window.from)})`);
  if (window.to) parts.push(`Timestamp < datetime(${iso(window.to)})`);
  return parts.join(" and ");
}

/** `summarize` for "per account", "by device", "top N processes by number of devices", "more than N … in an hour". */
function aggregation(slots: Slots, table: string): string[] {
  const prose = slots.prose;
  const lines: string[] = [];
  const threshold = /\b(?:more than|over|at least|greater than|>)\s*(\d{1,6})\b(?!\s*(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|[hdmw]\b))/i.exec(prose)?.[1];
  const perHour = /\b(?:in|within|per) (?:an|one|1) hour\b/i.test(prose);
  const perAccount = /\b(?:per|by|each|group(?:ed)? by)\s+(?:account|user|identity)\b|\bidentities with\b|\baccounts? with\b/i.test(prose);
  const perDevice = /\b(?:per|by|each)\s+(?:device|machine|host)\b|\bdevices with\b/i.test(prose);
  const byDeviceCount = /\b(?:by|on|across) (?:the )?(?:number of|most|how many) (?:devices|machines|hosts)\b/i.test(prose);
  const { top } = slots.count;
  if (byDeviceCount) {
    const key = table === "DeviceProcessEvents" || table === "DeviceFileEvents" || table === "DeviceImageLoadEvents" ? "FileName" : "RemoteUrl";
    lines.push(`| summarize DeviceCount = dcount(DeviceId) by ${key}`, `| top ${top ?? 10} by DeviceCount desc`);
    return lines;
  }
  if (!perAccount && !perDevice && threshold === undefined) return lines;
  const key = perDevice ? "DeviceName" : (ACCOUNT_COLUMN[table] ?? "AccountName");
  lines.push(`| summarize Count = count() by ${key}${perHour ? ", bin(Timestamp, 1h)" : ""}`);
  if (threshold !== undefined) lines.push(`| where Count > ${threshold}`);
  lines.push(top !== undefined ? `| top ${top} by Count desc` : "| order by Count desc");
  return lines;
}

/**
 * A KQL query for the request, or undefined when it gives nothing to hunt for (no table, indicator,
 * known phrase or salient word).
 */
export function generateHuntingQuery(slots: Slots): string | undefined {
  const named = explicitTable(slots.text);
  const topic = topicTable(slots.prose);
  // Topics that change where an indicator lives (a URL that was clicked, a domain in mail).
  const indicatorTable = named ?? (topic && /^(?:UrlClickEvents|EmailAttachmentInfo|EmailEvents|CloudAppEvents|AADSignInEventsBeta|DeviceLogonEvents|IdentityLogonEvents)$/.test(topic) ? topic : undefined);
  const byIndicator = indicatorHunt(slots, indicatorTable);
  const table = byIndicator?.table ?? named ?? topic ?? "DeviceProcessEvents";
  const conditions = [...(byIndicator?.conditions ?? [])];
  for (const phrase of PHRASES) {
    if (!phrase.pattern.test(slots.prose)) continue;
    const condition = phrase.conditions[table] ?? phrase.conditions["*"];
    if (condition) conditions.push(condition);
  }
  const port = /\bport\s+(\d{1,5})\b/i.exec(slots.prose)?.[1];
  if (port && table === "DeviceNetworkEvents") conditions.push(`RemotePort == ${port}`);
  // DeviceInfo spells platforms without a space: "Windows7", "Windows10", "WindowsServer2019".
  const windows = /\bwindows ?(7|8\.1|8|10|11|xp|server ?\d{4})\b/i.exec(slots.text)?.[1];
  if (windows && table === "DeviceInfo") conditions.push(`OSPlatform =~ ${kqlString(`Windows${windows.replace(/\s+/g, "").replace(/^server/i, "Server")}`)}`);
  const [host] = slots.indicators.hosts;
  if (host && table.startsWith("Device") && !conditions.some((c) => c.includes("DeviceName"))) conditions.push(`DeviceName has ${kqlString(host)}`);

  const column = TEXT_COLUMN[table] ?? "*";
  const literal = literals(slots);
  const words = byIndicator ? [] : salientWords(slots, [...literal, host ?? "", port ?? ""]);
  for (const term of [...words, ...literal]) conditions.push(termCondition(column, term));
  const summary = aggregation(slots, table);
  if (conditions.length === 0 && !named && summary.length === 0) return undefined;

  const lines = [table, `| where ${timeFilter(slots.time)}`, ...conditions.map((c) => `| where ${c}`)];
  if (summary.length > 0) return [...lines, ...summary].join("\n");
  lines.push(slots.count.order === "oldest" ? "| order by Timestamp asc" : "| order by Timestamp desc");
  if (slots.count.top !== undefined) lines.push(`| take ${slots.count.top}`);
  return lines.join("\n");
}
