/**
 * KQL for common hunts, on the advanced hunting table that holds the evidence.
 * 1. Table: one the analyst named ("…in CloudAppEvents", "identity query events"), else the attack
 *    technique's (hunting/techniques.ts) unless the request's topic is a table the technique is also
 *    hunted on, else the topic's (sign-ins, logons, registry, files, network, mail, alerts …), else
 *    the indicator's (hash → DeviceFileEvents, IP → DeviceNetworkEvents …), processes by default.
 * 2. Conditions: the window (`Timestamp > ago(7d)` or datetime bounds; none on inventory tables
 *    without Timestamp), each indicator on a column the table has, the technique's condition and
 *    the qualifiers that know the table, host, port and CIDR, then the analyst's literals (quoted
 *    and parenthesised text, paths, registry keys, command switches, extensions, wildcards) and
 *    tool names. Ordinary English words are matched only when nothing else gives a condition.
 * 3. Shape: `summarize count()/dcount()` when the analyst asks per account/device, thresholds
 *    ("more than 20"), "how many", ordering and `take`/`top`.
 * Values are escaped as KQL string literals. The normaliser splits glued words ("shadowcopy" →
 * "sha dow copy"); words the analyst typed glued are put back from the original text first.
 */
import { literalsCondition, literalsOf, shapedLiterals, termCondition } from "../hunting/literals.js";
import { columnIn, explicitTable, hasColumn, kqlString, schemaTables, TEXT_COLUMN } from "../hunting/tables.js";
import { escapeRegExp } from "../regex.js";
import { TECHNIQUES, type Technique } from "../hunting/techniques.js";
import { isEnglish, isFiller } from "../hunting/words.js";
import type { Slots, TimeWindow } from "../slots/index.js";
import { kqlTimespan } from "../slots/index.js";

/** Advanced hunting keeps 30 days; a hunt with no window searches all of it. */
const DEFAULT_LOOKBACK = "30d";
/** Tool names and English fallback words matched at most, so a long request does not AND itself empty. */
const MAX_WORDS = 3;

export { HUNTING_VOCABULARY } from "../hunting/words.js";

/** Per-table column for "per account", "per device", "per sender" … */
const ACCOUNT_COLUMN: Record<string, string> = {
  IdentityLogonEvents: "AccountUpn", AADSignInEventsBeta: "AccountUpn", CloudAppEvents: "AccountDisplayName", EmailEvents: "RecipientEmailAddress",
};

/** Topic words → table, tried in order; the first match wins. */
const TOPICS: { pattern: RegExp; table: string }[] = [
  { pattern: /\burl ?clicks?\b|\bclicked\b|\bsafe ?links?\b/i, table: "UrlClickEvents" },
  { pattern: /\balert(?:s|'s)?\b[^.]{0,60}\b(?:titles?|titled|named|called|mention(?:s|ing|ed)?(?!\s+(?:the\s+|a\s+)?(?:files?|hosts?|devices?|machines?|box|users?|accounts?|ips?|domains?|urls?|hash(?:es)?|process(?:es)?)\b))\b|\btitles?\b[^.]{0,20}\balerts?\b/i, table: "AlertInfo" },
  { pattern: /\balerts?\b/i, table: "AlertEvidence" },
  { pattern: /\battachments?\b/i, table: "EmailAttachmentInfo" },
  { pattern: /\bteams (?:messages?|chats?)\b/i, table: "MessageEvents" },
  { pattern: /\bgraph api (?:audit|calls?|requests?)\b|\bgraph api\b[^.]{0,30}\bcall(?:s|ing)?\b/i, table: "GraphApiAuditEvents" },
  { pattern: /\bmailitemsaccessed\b|\bmailbox access\b/i, table: "CloudAppEvents" },
  { pattern: /\binbox rules?\b|\bforwarding\b|\bmailbox rules?\b|\bcloud apps?\b|\bsharepoint\b|\bonedrive\b|\bteams activity\b|\boauth\b/i, table: "CloudAppEvents" },
  { pattern: /\be-?mails?\b|\bmail\b|\bsenders?\b|\brecipients?\b|\bdelivered\b|\binbox\b|\bphish/i, table: "EmailEvents" },
  { pattern: /\bregistry\b|\bhklm\b|\bhkcu\b/i, table: "DeviceRegistryEvents" },
  // Device facts: the addresses a device has ("public ip 203.0.113.77", "the IP address … of KIOSK-2").
  { pattern: /\b(?:devices?|device names?|machines?|hosts?|endpoints?)\b[^.]{0,30}\bpublic ips?\b/i, table: "DeviceInfo" },
  { pattern: /\bip address(?:es)?\b[^.]{0,40}\b(?:of|for)\b|\b(?:devices?|device names?|machines?|hosts?)\b[^.]{0,25}\b(?:ha(?:ve|s|d)|with|using|assigned)\b[^.]{0,12}\bips?\b|\bmac address(?:es)?\b/i, table: "DeviceNetworkInfo" },
  // Inventory (TVM): certificates, installed software.
  { pattern: /\bcertificates?\b|\bcerts?\b/i, table: "DeviceTvmCertificateInfo" },
  { pattern: /\binstalled\b|\bsoftware inventory\b|\bsoftware versions?\b/i, table: "DeviceTvmSoftwareInventory" },
  { pattern: /\bexposure graph\b|\battack paths?\b/i, table: "ExposureGraphEdges" },
  { pattern: /\b(?:service principal|spn|workload identit(?:y|ies)) sign[- ]?ins?\b/i, table: "AADSpnSignInEventsBeta" },
  { pattern: /\bsign[- ]?ins?\b|\bsignins?\b|\bsigned[- ]in\b/i, table: "AADSignInEventsBeta" },
  { pattern: /\bidentit(?:y|ies)\b|\bdomain controllers?\b|\bntlm\b/i, table: "IdentityLogonEvents" },
  { pattern: /\blog(?:ged)?[ -]?(?:on|in)(?:to|s)?\b|\binteractive logons?\b/i, table: "DeviceLogonEvents" },
  { pattern: /\bimage loads?\b|\bload(?:ed|ing)\b|\bside-?load\w*\b|\bdlls? load\w*\b/i, table: "DeviceImageLoadEvents" },
  { pattern: /\bcon+ec?tions?\b|\bconnect(?:ed|ing|s)?\b|\boutbound\b|\binbound\b|\bports?\b|\bnetwork\b|\btraffic\b|\bbeacon|\binternet\b|\buploads?\b/i, table: "DeviceNetworkEvents" },
  { pattern: /\b(?:files?|dlls?|executables?|binaries|scripts?) (?:created|written|dropped|renamed|modified|deleted|events?|renames?|writes?)\b|\b(?:created|dropped|wrote|written|writing|writes|renamed|copied) (?:as )?(?:\S+ )?(?:files?|dlls?|executables?|binaries)\b/i, table: "DeviceFileEvents" },
  { pattern: /\b(?:os|operating system|windows (?:7|8|10|11|xp|server)|onboarded|device inventory|machines? running|devices? running)\b/i, table: "DeviceInfo" },
];

/** Words the analyst typed glued ("shadowcopy", "recoveryenabled") that the normaliser split, put back. */
function restoreGlued(text: string, original: string): string {
  let out = text;
  const glued = new Set(original.match(/\b[A-Za-z]{6,}\b/g) ?? []);
  for (const word of glued) {
    const split = new RegExp(`\\b${[...word].map(escapeRegExp).join(" ?")}\\b`, "gi");
    out = out.replace(split, (m) => (m.includes(" ") ? word : m));
  }
  return out;
}

const WORD = /[A-Za-z0-9][A-Za-z0-9_-]*/g;

/**
 * Tool names typo repair cut down to dictionary words ("wscript" → "script", "aspx" → "spx"), put
 * back: the words of both texts are aligned (longest common subsequence) and a lone unmatched
 * normalised word between matched ones is replaced by the lone original word there when that
 * original is no English word and holds the normalised one (so "proces" → "process" stays fixed).
 */
function restoreRepaired(text: string, original: string): string {
  const t = [...text.matchAll(WORD)];
  const o = [...original.matchAll(WORD)].map((m) => m[0]);
  if (t.length === 0 || o.length === 0 || t.length * o.length > 10_000) return text;
  const tl = t.map((m) => m[0].toLowerCase());
  const ol = o.map((w) => w.toLowerCase());
  const lcs = Array.from({ length: t.length + 1 }, () => new Array<number>(o.length + 1).fill(0));
  for (let i = t.length - 1; i >= 0; i--) for (let j = o.length - 1; j >= 0; j--) lcs[i]![j] = tl[i] === ol[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  let gapT: number[] = [];
  let gapO: number[] = [];
  const close = () => {
    if (gapT.length === 1 && gapO.length === 1) pairs.push([gapT[0]!, gapO[0]!]);
    gapT = [];
    gapO = [];
  };
  while (i < t.length || j < o.length) {
    if (i < t.length && j < o.length && tl[i] === ol[j]) {
      close();
      i++;
      j++;
    } else if (j >= o.length || (i < t.length && lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) gapT.push(i++);
    else gapO.push(j++);
  }
  close();
  let out = text;
  for (const [ti, oj] of pairs.reverse()) {
    const word = o[oj]!;
    const repaired = tl[ti]!;
    // A tool name cut down to a word ("wscript" → "script"), not a typo repaired by adding letters ("proces" → "process").
    if (isEnglish(word) || !/[a-z]/i.test(word) || word.length - repaired.length > 2 || !word.toLowerCase().includes(repaired)) continue;
    const at = t[ti]!.index!;
    out = out.slice(0, at) + word + out.slice(at + t[ti]![0].length);
  }
  return out;
}

interface Request {
  slots: Slots;
  /** The normalised request with glued words restored. */
  text: string;
  /** The same for the prose (indicators blanked), without the time phrase. */
  prose: string;
}

function readRequest(slots: Slots): Request {
  const text = restoreRepaired(restoreGlued(slots.text, slots.original), slots.original);
  // The time phrase goes first: "lastweek" read as "last week" is no word to match.
  const timeless = slots.time ? slots.prose.split(slots.time.text).join(" ") : slots.prose;
  const prose = restoreRepaired(restoreGlued(timeless, slots.original), slots.original);
  return { slots, text, prose };
}

function topicTable(request: Request): string | undefined {
  return TOPICS.find((t) => t.pattern.test(request.prose))?.table;
}

const huntOn = (technique: Technique, table: string) => technique.hunts.find(([t]) => t === table);
const conditionOn = (technique: Technique, table: string) => huntOn(technique, table)?.[1];

/** The table of a request that names none: the technique's (or the topic's when the technique is hunted there too), else the topic's. */
function chooseTable(request: Request, technique: Technique | undefined, topic: string | undefined): string | undefined {
  // A command line written out ("net localgroup administrators /add") is evidence of a process.
  const where = topic ?? (shapedLiterals(request.slots.original).some((l) => l.kind === "switch") ? "DeviceProcessEvents" : undefined);
  // "any alert mentioning mimikatz", "alerts titled 'credential dumping'": the alerts are asked for, the technique is their text.
  const alertText = topic === "AlertInfo" && !/\bhunt|\blook(?:ing)? (?:for|out for)\b|\bsearch(?:ing)? (?:for|across)\b/i.test(request.prose);
  if (technique && !alertText) return where && conditionOn(technique, where) ? where : technique.hunts[0]![0];
  return topic;
}

const MAIL = /\b(?:e-?mails?|mail(?:box)?|messages?|phish(?:ing)?|inbox|sender|recipient|sent|delivered)\b/i;
const LOGON = /\b(?:log(?:ged)?[ -]?ons?|log(?:ged)?[ -]?ins?|sign(?:ed)?[ -]?ins?|authenticat\w*|rdp)\b/i;
const PROCESS = /\b(?:process(?:es)?|executed|execution|ran|run|runs|running|launched|spawned|command[- ]?lines?|started|invoked)\b/i;
const FILE_ACTIVITY = /\b(?:file events?|created|written|wrote|dropped|downloaded|modified|renamed|copied|where (?:is|are)|located|exists?)\b/i;
const DEVICE_CONTEXT = /\b(?:devices?|endpoints?|machines?|hosts?|computers?|workstations?|servers?)\b/i;
const RECIPIENT = /\b(?:to|recipients?|received by|sent to|delivered to)\s+(?:the\s+)?(?:user\s+|mailbox\s+)?$/i;
const PARENT_BEFORE = /\b(?:spawned|launched|started|created|run|opened) by\s+(?:the\s+)?(?:process\s+)?$|\bparent(?: process)?(?: named)?\s+$/i;
/** "excel.exe spawning …" (not "cmd.exe launched by …", where the name is the child). */
const PARENT_AFTER = /^\s+(?:spawn(?:s|ed|ing)?|launch(?:es|ed|ing)?|start(?:s|ed|ing)|creat(?:es|ed|ing)|writing|loading|making|connecting)\b(?!\s+by\b)/i;
const HASH_COLUMNS = { sha256: "SHA256", sha1: "SHA1", md5: "MD5" } as const;

/** The table an indicator alone calls for when nothing else chose one. */
function indicatorTable(request: Request): string | undefined {
  const { indicators: ind } = request.slots;
  const prose = request.prose;
  if (/\bCVE-\d{4}-\d{4,7}\b/i.test(request.text)) return "DeviceTvmSoftwareVulnerabilities";
  if (ind.hashes.length > 0) return MAIL.test(prose) ? "EmailAttachmentInfo" : PROCESS.test(prose) && !FILE_ACTIVITY.test(prose) ? "DeviceProcessEvents" : "DeviceFileEvents";
  if (ind.fileNames.length > 0) return MAIL.test(prose) ? "EmailAttachmentInfo" : FILE_ACTIVITY.test(prose) && !PROCESS.test(prose) ? "DeviceFileEvents" : "DeviceProcessEvents";
  if (ind.emails[0] && MAIL.test(prose)) return "EmailEvents";
  if (ind.ips.length > 0) return LOGON.test(prose) ? "DeviceLogonEvents" : "DeviceNetworkEvents";
  if (ind.urls.length + ind.domains.length > 0) return MAIL.test(prose) ? (senderDomain(request) ? "EmailEvents" : "EmailUrlInfo") : "DeviceNetworkEvents";
  if (ind.emails[0]) return DEVICE_CONTEXT.test(prose) ? "DeviceLogonEvents" : "IdentityLogonEvents";
  return undefined;
}

/** Within the mail family, the table an indicator lives on (a URL in mail → EmailUrlInfo, a hash → attachments). */
function mailTable(request: Request, table: string): string {
  const ind = request.slots.indicators;
  if (table !== "EmailEvents") return table;
  if (ind.hashes.length + ind.fileNames.length > 0) return "EmailAttachmentInfo";
  if (ind.urls.length > 0 || (ind.domains.length > 0 && !senderDomain(request) && ind.emails.length === 0)) return "EmailUrlInfo";
  return table;
}

function senderDomain(request: Request): string | undefined {
  const domain = request.slots.indicators.domains[0];
  if (!domain) return undefined;
  const refanged = request.slots.text.replace(/\[\.\]|\(\.\)/g, ".");
  return new RegExp(`\\b(?:from|sent by|senders?)\\s+(?:the\\s+)?(?:domain\\s+)?${escapeRegExp(domain)}`, "i").test(refanged) ? domain : undefined;
}

const listCondition = (column: string, values: string[]) =>
  values.length === 1 ? `${column} == ${kqlString(values[0]!)}` : `${column} in (${values.map(kqlString).join(", ")})`;

/** Images a process runs from: other files (DLLs, scripts, documents) show in its command line. */
const EXECUTABLE = /\.(?:exe|com|scr)$/i;

/**
 * Each file name on the table: a parent ("excel.exe spawning …", "spawned by w3wp.exe") on
 * InitiatingProcessFileName; none for a name the technique's condition already holds.
 */
function fileNameConditions(request: Request, table: string, covered: string): string[] {
  const out: string[] = [];
  for (const name of request.slots.indicators.fileNames) {
    if (covered.includes(name.toLowerCase().replace(/\.\w+$/, ""))) continue;
    if (table === "DeviceProcessEvents" && !EXECUTABLE.test(name)) {
      out.push(`ProcessCommandLine contains ${kqlString(name)}`);
      continue;
    }
    const at = request.text.toLowerCase().indexOf(name.toLowerCase());
    const before = at < 0 ? "" : request.text.slice(0, at);
    const after = at < 0 ? "" : request.text.slice(at + name.length);
    const parent = PARENT_BEFORE.test(before) || PARENT_AFTER.test(after);
    const column = parent ? columnIn(table, "InitiatingProcessFileName") : columnIn(table, "FileName", "InitiatingProcessFileName");
    out.push(column === "*" ? `* has ${kqlString(name)}` : `${column} =~ ${kqlString(name)}`);
  }
  return out;
}

/** "10.0.0.0/8" in the original text: a range, excluded when the analyst says "outside" or "not in". */
function cidrConditions(request: Request, column: string): string[] {
  return [...request.slots.original.matchAll(/((?:\w+\s+){0,3})\b(\d{1,3}(?:\.\d{1,3}){3}\/\d{1,2})\b/g)].map((m) => {
    const call = `ipv4_is_in_range(${column}, ${kqlString(m[2]!)})`;
    return /\b(?:outside|not in|not from|excluding|except|other than)\b/i.test(m[1] ?? "") ? `not(${call})` : call;
  });
}

function ipConditions(request: Request, table: string): string[] {
  const column = columnIn(table, "RemoteIP", "IPAddress", "SenderIPv4", "FileOriginIP", "LocalIP", "PublicIP");
  // DeviceNetworkInfo keeps a device's addresses as a list.
  if (column === "*" && hasColumn(table, "IPAddresses")) return request.slots.indicators.ips.map((ip) => `IPAddresses has ${kqlString(ip)}`);
  const cidrs = cidrConditions(request, column);
  const inRange = new Set(cidrs.map((c) => /"([\d.]+)\//.exec(c)?.[1]));
  // "kerberos::" reads as an IPv6 address of colons alone.
  const ips = request.slots.indicators.ips.filter((ip) => !inRange.has(ip) && /[0-9a-f]/i.test(ip));
  if (column === "*") return ips.map((ip) => `* has ${kqlString(ip)}`);
  return [...(ips.length > 0 ? [listCondition(column, ips)] : []), ...cidrs];
}

function emailConditions(request: Request, table: string): string[] {
  // "user=omar@contoso.com": the address without its field name.
  const address = request.slots.indicators.emails[0]?.replace(/^[^=@]*=/, "");
  if (!address) return [];
  if (table === "EmailEvents" || table === "EmailAttachmentInfo") {
    const before = request.text.slice(0, Math.max(0, request.text.toLowerCase().indexOf(address.toLowerCase())));
    return [`${RECIPIENT.test(before) ? "RecipientEmailAddress" : "SenderFromAddress"} =~ ${kqlString(address)}`];
  }
  // Device logons record the account's name without its domain.
  if (table === "DeviceLogonEvents") return [`AccountName =~ ${kqlString(address.split("@")[0]!)}`];
  const column = columnIn(table, "AccountUpn", "RecipientEmailAddress", "AccountId", "InitiatingProcessAccountUpn");
  return [column === "*" ? `* has ${kqlString(address)}` : `${column} =~ ${kqlString(address)}`];
}

/** Conditions for every indicator in the request, each on a column of `table` (`covered`: the technique's conditions). */
function indicatorConditions(request: Request, table: string, covered: string): string[] {
  const { indicators: ind } = request.slots;
  const out: string[] = [];
  const cve = /\bCVE-\d{4}-\d{4,7}\b/i.exec(request.text)?.[0];
  if (cve) out.push(hasColumn(table, "CveId") ? `CveId == ${kqlString(cve.toUpperCase())}` : `* has ${kqlString(cve.toUpperCase())}`);
  for (const hash of ind.hashes) {
    const column = HASH_COLUMNS[hash.algorithm];
    out.push(hasColumn(table, column) ? `${column} == ${kqlString(hash.value)}` : `* has ${kqlString(hash.value)}`);
  }
  out.push(...fileNameConditions(request, table, covered), ...ipConditions(request, table), ...emailConditions(request, table));
  const sender = senderDomain(request);
  if (sender && hasColumn(table, "SenderFromDomain")) out.push(`SenderFromDomain =~ ${kqlString(sender)}`);
  else if (sender && hasColumn(table, "SenderFromAddress")) out.push(`SenderFromAddress endswith ${kqlString(`@${sender}`)}`);
  else {
    const target = ind.urls[0] ?? ind.domains[0];
    if (target) out.push(`${columnIn(table, "RemoteUrl", "Url", "FileOriginUrl", "RawEventData")} has ${kqlString(target)}`);
  }
  const guid = ind.guids[0];
  if (guid && hasColumn(table, "NetworkMessageId") && /\bmessage\b|\bnetworkmessageid\b/i.test(request.text)) out.push(`NetworkMessageId == ${kqlString(guid)}`);
  return out;
}

/** Device names: the extracted hosts, and ids after "on", "host", "device" … ("on DC02"). */
function hostsOf(request: Request): string[] {
  const { indicators: ind, text } = request.slots;
  const named = ind.objectIds.filter(
    (id) => /^[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*$/.test(id) && /\d/.test(id) && id.length <= 15 &&
      new RegExp(`\\b(?:on|from|to|host|device|machine|server|box|workstation|laptop)\\s+${escapeRegExp(id)}\\b`, "i").test(text),
  );
  return [...new Set([...ind.hosts, ...named])];
}

/** Environment folders as they appear in FolderPath (advanced hunting records expanded paths). */
const FOLDERS: [RegExp, string][] = [
  [/%te?mp%|\btemp (?:folders?|director(?:y|ies)|dirs?)\b|\\temp\b/i, "\\Temp\\"],
  [/%appdata%|\bappdata\b/i, "\\AppData\\"],
  [/%programdata%|\bprogramdata\b/i, "\\ProgramData\\"],
  [/%public%|\bpublic folders?\b/i, "\\Users\\Public\\"],
  [/\bdownloads folders?\b/i, "\\Downloads\\"],
  [/\bsystem32\b/i, "\\System32\\"],
  [/\bsyswow64\b/i, "\\SysWOW64\\"],
  [/\binetpub\b/i, "\\inetpub\\"],
  [/\bstartup folders?\b|\bstart ?up director(?:y|ies)\b/i, "\\Start Menu\\Programs\\Startup\\"],
];

/** Every column of every table, built once. */
let allColumns: Set<string> | undefined;
const ALL_COLUMNS = () => (allColumns ??= new Set(Object.values(schemaTables()).flatMap((t) => Object.keys(t.columns))));

/**
 * Content words of the prose: tool names (no dictionary knows them) and, for a last resort, English
 * words. Words joined by "or", "/" or "," are alternatives ("ScreenConnect or AnyDesk").
 */
function salientWords(request: Request, covered: string): { tools: string[][]; english: string[][] } {
  const skipped = covered.toLowerCase();
  const columns = ALL_COLUMNS();
  const prose = request.prose.replace(/\([^()]*\)/g, " ");
  const tools: string[][] = [];
  const english: string[][] = [];
  let last: { list: string[][]; end: number } | undefined;
  // Program names the id extractor took ("RUNDLL32", "7-Zip"): letters with a digit or two, and no device.
  const hosts = new Set(hostsOf(request).map((h) => h.toLowerCase()));
  for (const id of request.slots.indicators.objectIds) {
    const lower = id.toLowerCase();
    if (hosts.has(lower) || skipped.includes(lower) || !/[A-Za-z]{3,}/.test(id) || (id.match(/\d/g) ?? []).length > 2 || !request.slots.text.includes(id)) continue;
    tools.push([id]);
  }
  for (const m of prose.matchAll(/[A-Za-z0-9.$_-]+/g)) {
    const word = m[0].replace(/^[.-]+|[.-]+$/g, "");
    const lower = word.toLowerCase();
    if (word.length < 3 || /^\d+$/.test(word) || /^\d+(?:[smhdw]|am|pm)$/i.test(word) || lower.split(/[-.]/).every((p) => isFiller(p) || isFiller(p.replace(/s$/, ""))) || skipped.includes(lower)) continue;
    if ((/[a-z][A-Z]/.test(word) && columns.has(word)) || explicitTable(word) || [...tools, ...english].flat().some((o) => o.toLowerCase() === lower)) continue;
    const list = isEnglish(lower) ? english : tools;
    const between = last?.list === list ? prose.slice(last.end, m.index) : "";
    if (last?.list === list && /^\s*(?:,|\/|or|and\/or)\s*$/i.test(between)) list[list.length - 1]!.push(word);
    else list.push([word]);
    last = { list, end: (m.index ?? 0) + m[0].length };
  }
  return { tools: tools.slice(0, MAX_WORDS), english: english.slice(0, MAX_WORDS) };
}

/** Tables whose rows a process causes: a tool named there is that process ("rundll32 making connections"). */
const CAUSED_BY_PROCESS = new Set(["DeviceNetworkEvents", "DeviceFileEvents", "DeviceRegistryEvents", "DeviceImageLoadEvents"]);

/** One condition for a word or its alternatives: tool names on the initiating process where a process causes the rows. */
function wordsCondition(table: string, words: string[], tool: boolean): string {
  const column = tool && CAUSED_BY_PROCESS.has(table) ? "InitiatingProcessFileName" : TEXT_COLUMN[table];
  if (!column) return words.map((w) => `* has ${kqlString(w)}`).join(" or ");
  if (words.length > 1 && words.every((w) => /^[A-Za-z0-9_]+$/.test(w))) return `${column} has_any (${words.map(kqlString).join(", ")})`;
  return words.map((w) => termCondition(column, w)).join(" or ");
}

/** The words a technique's pattern matched: the technique's condition stands for them. */
function techniqueWords(request: Request, techniques: Technique[]): string {
  return techniques.flatMap((t) => [request.text, request.slots.text].flatMap((text) => [...text.matchAll(new RegExp(t.pattern.source, "gi"))].map((m) => m[0]))).join(" ");
}

/** A bare length the time extractor left ("…webshell on the IIS boxes, 14 days", "— 90 days"): a hunt's window. */
const BARE_LENGTH = /(?:^|[,;:(—–-]\s*|\s)(\d{1,3}) ?(d|days?|h|hrs?|hours?|w|wks?|weeks?)\s*[?.!)]*\s*$/i;

function bareLookback(prose: string): string | undefined {
  const m = BARE_LENGTH.exec(prose.trim());
  if (!m) return undefined;
  const unit = m[2]!.toLowerCase()[0];
  return unit === "w" ? `${Number(m[1]) * 7}d` : `${m[1]}${unit}`;
}

function timeFilter(window: TimeWindow | undefined, prose = "", table = ""): string {
  // A few tables keep Timestamp as a string (GraphApiAuditEvents, OAuthAppInfo).
  const Timestamp = schemaTables()[table]?.columns.Timestamp === "string" ? "todatetime(Timestamp)" : "Timestamp";
  if (!window) return `${Timestamp} > ago(${bareLookback(prose) ?? DEFAULT_LOOKBACK})`;
  if (window.lookback) return `${Timestamp} > ago(${kqlTimespan(window.lookback)})`;
  const iso = (d: Date) => d.toISOString().replace(/\.000Z$/, "Z");
  const parts: string[] = [];
  if (window.from) parts.push(`${Timestamp} >= datetime(${iso(window.from)})`);
  if (window.to) parts.push(`${Timestamp} < datetime(${iso(window.to)})`);
  return parts.join(" and ");
}

/** What analysts group by, as the columns that hold it (the first the table has). */
const GROUP_WORDS: [RegExp, string[]][] = [
  [/^(?:ips?|ip address(?:es)?|source ips?|addresses)$/i, ["IPAddress", "RemoteIP", "SenderIPv4", "LocalIP", "PublicIP"]],
  [/^senders?$/i, ["SenderFromAddress"]],
  [/^recipients?$/i, ["RecipientEmailAddress"]],
  [/^(?:countr(?:y|ies))$/i, ["Country"]],
  [/^(?:apps?|applications?)$/i, ["Application", "AppDisplayName"]],
  [/^(?:ports?)$/i, ["RemotePort", "LocalPort"]],
  [/^(?:cves?)$/i, ["CveId"]],
  [/^(?:domains?)$/i, ["SenderFromDomain"]],
  // The process behind an event: the file itself where the table is about processes, else its initiator.
  [/^(?:process(?:es)?|binar(?:y|ies)|executables?|exes?)$/i, ["InitiatingProcessFileName", "FileName"]],
  [/^(?:urls?|sites?|websites?)$/i, ["RemoteUrl", "Url"]],
  [/^(?:files?)$/i, ["FileName"]],
];

/**
 * The column of "grouped by IP", "per ActionType", "top 20 senders": a column named as written (after
 * "by"), or a thing analysts group by (after "per", "grouped by", "for each", "top N").
 */
function groupColumn(prose: string, table: string): string | undefined {
  const columns = Object.keys(schemaTables()[table]?.columns ?? {});
  for (const m of prose.matchAll(/\b(per|by|grouped by|group by|for each|top \d+)\s+(?:the\s+)?([A-Za-z]+(?: address(?:es)?)?)/gi)) {
    const word = m[2]!;
    const column = columns.find((c) => c.toLowerCase() === word.toLowerCase().replace(/\s+/g, ""));
    if (column) return column;
    if (/^by$/i.test(m[1]!)) continue;
    const synonyms = GROUP_WORDS.find(([pattern]) => pattern.test(word))?.[1];
    const held = synonyms?.find((c) => hasColumn(table, c));
    // In the process-creation table the process asked about is the one created (FileName).
    if (held === "InitiatingProcessFileName" && table === "DeviceProcessEvents") return "FileName";
    if (held) return held;
  }
  return undefined;
}

/** `summarize` for "per account", "by device", "top 10 devices by …", "more than N … in an hour", "how many". */
function aggregation(slots: Slots, table: string): string[] {
  const prose = slots.prose;
  const lines: string[] = [];
  // "over 445" after a protocol is the port ("smb over 445"), not a count threshold.
  const threshold = /\b(?:more than|over|at least|greater than|>)\s*(\d{1,6})\b(?!\s*(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|[hdmw]\b))/i.exec(prose.replace(SERVICE_PORT, " "))?.[1];
  const perHour = /\b(?:in|within|per) (?:an|one|1) hour\b/i.test(prose);
  const perAccount = /\b(?:per|by|each|group(?:ed)? by)\s+(?:account|user|identity)\b|\bidentities with\b|\baccounts? with\b|\btop \d+ (?:accounts|users|identities)\b/i.test(prose);
  const perDevice = /\b(?:per|by|each)\s+(?:device|machine|host)\b|\bdevices with\b|\btop \d+ (?:devices|machines|hosts)\b/i.test(prose);
  const byDeviceCount = /\b(?:by|on|across) (?:the )?(?:number of|most|how many) (?:devices|machines|hosts)\b/i.test(prose);
  const { top } = slots.count;
  if (byDeviceCount) {
    const key = table === "DeviceProcessEvents" || table === "DeviceFileEvents" || table === "DeviceImageLoadEvents" ? "FileName" : "RemoteUrl";
    lines.push(`| summarize DeviceCount = dcount(DeviceId) by ${key}`, `| top ${top ?? 10} by DeviceCount desc`);
    return lines;
  }
  const grouped = perAccount || perDevice ? undefined : groupColumn(prose, table);
  if (!perAccount && !perDevice && !grouped && threshold === undefined) return /\bhow many\b|\bcount\b/i.test(prose) ? ["| count"] : lines;
  // The account column the table has: its own, else the initiating process's, else the device.
  const account = ACCOUNT_COLUMN[table] ?? ["AccountName", "InitiatingProcessAccountName", "DeviceName"].find((c) => hasColumn(table, c)) ?? "AccountName";
  const key = grouped ?? (perDevice ? "DeviceName" : account);
  lines.push(`| summarize Count = count() by ${key}${perHour ? ", bin(Timestamp, 1h)" : ""}`);
  if (threshold !== undefined) lines.push(`| where Count > ${threshold}`);
  lines.push(top !== undefined ? `| top ${top} by Count desc` : "| order by Count desc");
  return lines;
}

/** Well-known service ports written without the word "port" ("… internal IPs on 445", "over 3389"). */
const SERVICE_PORT = /\b(?:on|over|via|to|using)\s+(?:tcp\s*|udp\s*)?(21|22|23|25|53|80|88|110|135|139|143|389|443|445|636|1433|3268|3306|3389|5432|5900|5985|5986|8080|8443)\b(?![.:/\d])/i;
/** A severity the analyst names: "critical" anywhere, other levels next to a severity word or what has one. */
const SEVERITY = /\b(critical)\b|\b(high|medium|low)[- ](?:severity|sev|cves?|vulns?|vulnerabilit\w*|alerts?)\b|\bseverity (?:is |of |=\s*)?(high|medium|low)\b/i;

/**
 * Boolean columns (IsInternetFacing, IsLocalAdmin, IsExploitAvailable …) by their words: "internet-facing
 * devices", "exploit available"; built once from the schema.
 */
let flagColumns: { column: string; pattern: RegExp }[] | undefined;
const FLAG_COLUMNS = () =>
  (flagColumns ??= [...ALL_COLUMNS()]
    .filter((c) => /^Is[A-Z][a-z]+[A-Z]/.test(c))
    .map((column) => {
      const words = column.slice(2).replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase().split(" ");
      return { column, pattern: new RegExp(`\\b${words.map(escapeRegExp).join("[\\s_-]?")}\\b`, "i") };
    }));

/** Words after a column's name that are no value of it ("LogonType and …", "ActionType of the …"). */
const NOT_A_COLUMN_VALUE = /^(?:and|or|of|the|a|an|in|on|for|with|by|from|to|is|are|was|column|field|value|values|per|last|past|since|where|which|that|equals?)$/i;

/**
 * "LogonType Network", "ActionType = 'LogonFailed'", "IsLocalAdmin true", "RemotePort 3389": a column
 * of `table` written by its schema name, followed by a value, is a condition on it (typed by the schema).
 */
const columnPatterns = new Map<string, { column: string; type: string; pattern: RegExp }[]>();
function columnValueConditions(text: string, table: string): string[] {
  let patterns = columnPatterns.get(table);
  if (!patterns) {
    patterns = Object.entries(schemaTables()[table]?.columns ?? {})
      .filter(([column]) => column !== "Timestamp" && column.length >= 5)
      .map(([column, type]) => ({ column, type, pattern: new RegExp(`\\b${column}\\s*(?:==|=~|=|:|\\bis\\b|\\bequals?\\b)?\\s*(?:"([^"\\n]{1,80})"|'([^'\\n]{1,80})'|([A-Za-z0-9_.:-]+))`) }));
    columnPatterns.set(table, patterns);
  }
  const out: string[] = [];
  for (const { column, type, pattern } of patterns) {
    const m = pattern.exec(text);
    if (!m) continue;
    const value = (m[1] ?? m[2] ?? m[3])!;
    if (m[3] !== undefined && NOT_A_COLUMN_VALUE.test(value)) continue;
    if (type === "bool") {
      if (/^(?:true|yes|false|no)$/i.test(value)) out.push(`${column} == ${/^(?:true|yes)$/i.test(value)}`);
    } else if (type === "int" || type === "long") {
      if (/^\d{1,12}$/.test(value)) out.push(`${column} == ${value}`);
    } else if (type === "string") out.push(`${column} =~ ${kqlString(value)}`);
  }
  return out;
}

/** Conditions the request's wording adds on `table`: port, severity, flags, Windows version, folders, host. */
function contextConditions(request: Request, table: string): string[] {
  const out: string[] = [...columnValueConditions(request.slots.original, table)];
  // "port 4444 or 3389", "ports 445, 139 and 135": every port of the list.
  const portList = /\bports?\s+(\d{1,5}(?:\s*(?:,|or|and|\/)\s*\d{1,5})*)\b/i.exec(request.prose)?.[1]?.match(/\d{1,5}/g);
  const port = portList ? undefined : (/\((\d{2,5})\)/i.exec(request.prose) ?? SERVICE_PORT.exec(request.prose));
  const ports = portList ?? (port ? [port[1]!] : []);
  if (ports.length > 0 && hasColumn(table, "RemotePort")) out.push(ports.length === 1 ? `RemotePort == ${ports[0]}` : `RemotePort in (${[...new Set(ports)].join(", ")})`);
  const severity = SEVERITY.exec(request.prose);
  const severityColumn = columnIn(table, "VulnerabilitySeverityLevel", "Severity");
  if (severity && severityColumn !== "*") {
    const level = (severity[1] ?? severity[2] ?? severity[3])!.toLowerCase();
    out.push(`${severityColumn} =~ ${kqlString(level[0]!.toUpperCase() + level.slice(1))}`);
  }
  // "certificates expiring in the next 30 days".
  const expiring = /\bexpir(?:e|es|ing|y)\b(?:[^.]{0,20}?\b(?:next|within|in)\s+(\d{1,4})\s*(?:days?|d)\b)?/i.exec(request.text);
  if (expiring && hasColumn(table, "ExpirationDate")) out.push(`todatetime(ExpirationDate) < now() + ${expiring[1] ?? 30}d`);
  for (const { column, pattern } of FLAG_COLUMNS()) if (hasColumn(table, column) && pattern.test(request.prose)) out.push(`${column} == true`);
  // DeviceInfo spells platforms without a space: "Windows7", "Windows10", "WindowsServer2019".
  const windows = /\bwindows ?(7|8\.1|8|10|11|xp|server ?\d{4})\b/i.exec(request.text)?.[1];
  if (windows && table === "DeviceInfo") out.push(`OSPlatform =~ ${kqlString(`Windows${windows.replace(/\s+/g, "").replace(/^server/i, "Server")}`)}`);
  // "the US state of Texas", "the city of Lagos": sign-in locations as written.
  for (const [, kind, place] of request.text.matchAll(/\b(state|city) of ([A-Z][a-z]+(?: [A-Z][a-z]+)?)/g)) {
    const column = kind === "state" ? "State" : "City";
    if (hasColumn(table, column)) out.push(`${column} =~ ${kqlString(place!)}`);
  }
  const platform = /\b(macos|mac os|ios|android|linux)\b/i.exec(request.prose)?.[1];
  if (platform && hasColumn(table, "OSPlatform")) out.push(`OSPlatform has ${kqlString(platform.replace(/\s+/g, ""))}`);
  for (const [pattern, folder] of FOLDERS) if (pattern.test(request.text) && hasColumn(table, "FolderPath")) out.push(`FolderPath contains ${kqlString(folder)}`);
  const [host] = hostsOf(request);
  if (host && hasColumn(table, "DeviceName")) out.push(`DeviceName has ${kqlString(host)}`);
  return out;
}

/**
 * The techniques the request names outside quotes (a quoted alert title "Suspicious inbox rule" is
 * a literal, not a forwarding hunt), less qualifiers that contradict each other.
 */
function matchedTechniques(request: Request): Technique[] {
  const unquote = (text: string) => request.slots.indicators.quoted.reduce((out, q) => out.split(q).join(" "), text);
  // Glued words as the normaliser split them too ("credentialdumping" is "credential dumping").
  const unquoted = [unquote(request.text), unquote(request.slots.text)];
  const matched = TECHNIQUES.filter((t) => unquoted.some((text) => t.pattern.test(text)));
  const groups = matched.flatMap((t) => (t.group ? [t.group] : []));
  return matched.filter((t) => !t.group || groups.filter((g) => g === t.group).length === 1);
}

/** True when the request names a hunt technique (not a qualifier) outside quotes: "golden tickets", "password spray". */
export function namesHuntTechnique(slots: Slots): boolean {
  return matchedTechniques(readRequest(slots)).some((t) => !t.qualifier);
}

/** A question about a table's columns rather than its rows. */
const SCHEMA_QUESTION = /\b(?:which|what|list|show|give|get)\b[^.?!]{0,30}\b(?:columns|fields|schema)\b|\b(?:columns|schema)\s+(?:of|in|for|does|has)\b|\bgetschema\b/i;

/**
 * A KQL query for the request, or undefined when it gives nothing to hunt for (no table, indicator,
 * technique, literal or salient word).
 */
export function generateHuntingQuery(slots: Slots): string | undefined {
  const request = readRequest(slots);
  const matched = matchedTechniques(request);
  const technique = matched.find((t) => !t.qualifier);
  const named = explicitTable(request.text);
  // "which columns has DeviceLogonEvents?": the table's schema, not its rows.
  if (named && SCHEMA_QUESTION.test(request.prose)) return `${named}\n| getschema`;
  const table = named ?? mailTable(request, chooseTable(request, technique, topicTable(request)) ?? indicatorTable(request) ?? "DeviceProcessEvents");

  const techniqueConditions = [technique, ...matched.filter((m) => m.qualifier)].flatMap((t) => (t && conditionOn(t, table)) || []);
  // A technique's words stand for its condition only on a table it is hunted on ("mimikatz" in AlertInfo is text to find).
  const covered = [techniqueWords(request, matched.filter((t) => conditionOn(t, table))), ...techniqueConditions].join(" ").toLowerCase();
  // A column's value written beside a technique that already tests it ("ActionType OpenProcessApiCall") is said once.
  const context = contextConditions(request, table).filter((c) => {
    const m = /^(\w+) =~ (".*")$/.exec(c);
    return !m || !techniqueConditions.some((t) => t.includes(`${m[1]} == ${m[2]}`));
  });
  const conditions = new Set([...indicatorConditions(request, table, covered), ...techniqueConditions, ...context]);
  const literals = literalsOf(request.slots, covered, [...conditions].join(" "));
  for (const group of literals) conditions.add(literalsCondition(table, group));
  const { tools, english } = salientWords(request, [covered, ...conditions, ...literals.flat().map((l) => l.value)].join(" "));
  for (const words of tools) conditions.add(wordsCondition(table, words, true));
  if (tools.length === 0 && conditions.size === 0) for (const words of english) conditions.add(wordsCondition(table, words, false));
  const requested = aggregation(slots, table);
  const techniqueSummary = technique && huntOn(technique, table)?.[2];
  const summary = requested.length > 0 || !techniqueSummary ? requested : techniqueSummary.split("\n");
  if (conditions.size === 0 && !named && summary.length === 0) return undefined;

  const lines = [table];
  if (hasColumn(table, "Timestamp")) lines.push(`| where ${timeFilter(slots.time, request.prose, table)}`);
  lines.push(...[...conditions].map((c) => `| where ${c}`));
  if (summary.length > 0) return [...lines, ...summary].join("\n");
  if (hasColumn(table, "Timestamp")) lines.push(slots.count.order === "oldest" ? "| order by Timestamp asc" : "| order by Timestamp desc");
  if (slots.count.top !== undefined) lines.push(`| take ${slots.count.top}`);
  const shown = projection(request, table, lines.join("\n"));
  if (shown) lines.push(shown);
  return lines.join("\n");
}

/**
 * "…and show RecipientEmailAddress", "show AccountName and DeviceName": columns of the table the
 * analyst names by their schema names and no condition uses are the ones to see, so the rows are
 * projected onto them (with Timestamp and every other column named, in the order written).
 */
const projectable = new Map<string, { column: string; written: RegExp }[]>();
function projection(request: Request, table: string, query: string): string | undefined {
  let columns = projectable.get(table);
  if (!columns) {
    columns = Object.keys(schemaTables()[table]?.columns ?? {})
      .filter((c) => c !== "Timestamp" && /^[A-Z][a-z]+[A-Z0-9]/.test(c))
      .map((column) => ({ column, written: new RegExp(`(?<![\\w.])${column}(?![\\w.(])`) }));
    projectable.set(table, columns);
  }
  const named = columns
    .map(({ column, written }) => ({ column, at: request.slots.original.search(written) }))
    .filter((c) => c.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((c) => c.column);
  const unused = named.filter((c) => !new RegExp(`\\b${c}\\b`).test(query));
  if (unused.length === 0) return undefined;
  return `| project ${[...(hasColumn(table, "Timestamp") ? ["Timestamp"] : []), ...named].join(", ")}`;
}
