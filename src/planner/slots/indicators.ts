/**
 * Identifiers and indicators an analyst types into a request: Graph and Defender IDs, incident
 * numbers, accounts, IPs, hashes, URLs, domains, device names, file names and quoted strings.
 * Network and hash indicators (with refanging of "evil[.]com", "hxxp://…") come from ioc-extractor;
 * the Microsoft-specific shapes it does not know are matched here.
 */
import { extractIOC } from "ioc-extractor";

export type HashAlgorithm = "md5" | "sha1" | "sha256";

export interface FileHash {
  algorithm: HashAlgorithm;
  value: string;
}

export interface Indicators {
  /** GUIDs (user, alert, service principal ids …) as written, in text order. */
  guids: string[];
  /** Defender alert ids such as "da637578995287051192_756343937". */
  alertIds: string[];
  /** Incident numbers written next to the word "incident" ("incident 1234", "incident #42"). */
  incidentIds: string[];
  /** Email addresses and user principal names. */
  emails: string[];
  /** IPv4 then IPv6 addresses. */
  ips: string[];
  hashes: FileHash[];
  urls: string[];
  /** Domain names that are not only the domain part of an email address or a file name. */
  domains: string[];
  /** Device names: after "device/host/machine …" or shaped like "WS-FIN-023". */
  hosts: string[];
  /** File names with an executable, script or document extension ("mimikatz.exe"). */
  fileNames: string[];
  /** Text inside "double", “curly”, `back` or 'single' quotes. */
  quoted: string[];
  /**
   * Other identifier-shaped tokens (letters and digits, often with "_" or "."), such as
   * "AdminMFAV2", "9c1b8a7d" or "contoso.onmicrosoft.com_2026-11-20": candidates for path ids.
   */
  objectIds: string[];
}

const GUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
/**
 * Defender alert ids: a two-letter source prefix, a tick count or hex id (GUID-like for some
 * sources), "_", a number: "da637578995287051192_756343937", "fa0a1b2c3d-4e5f-…-ef0123456789_1".
 */
/** "da638…_1", and a long hex run with its "_N" suffix ("2ab7f0c3…4c5d_0"): hashes never carry one. */
const DEFENDER_ALERT_ID = /\b(?:[a-z]{2}[0-9a-f]{6,}|[0-9a-f]{16,})(?:-[0-9a-f]{2,})*_-?\d{1,12}\b/gi;
/**
 * Where the word alert labels it: "alert da637f2b1c0a8e44", "the alert with id 'da44bb00…'" (the
 * "da…" form without its suffix), a source prefix on a GUID ("alert caE9F1A2-…"), and the legacy
 * API's bare hex ids ("legacy alert 1F2E3D4C5B6A7980", "alert 0a1b2c3d"), never of a hash's length.
 */
const LABELLED_ALERT_ID = /(?<=\balerts?\s+(?:with\s+)?(?:the\s+)?(?:id\s+)?[:#]?\s*["'`]?)(?:[a-z]{2}[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}|[a-z]{2}(?=[0-9a-f]*\d)[0-9a-f]{6,}|(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])(?![0-9a-f]{32}(?![0-9a-f])|[0-9a-f]{40}(?![0-9a-f])|[0-9a-f]{64}(?![0-9a-f]))[0-9a-f]{8,40})(?![\w-])/gi;
/**
 * Time shapes that mix letters and digits but are read by the time extractor, never ids: "last24h",
 * "past7d", "10am", "9:30pm", "8-10am", "08:00Z", "1st-5th".
 */
const TIME_SHAPED = /^(?:(?:last|past|next)\d+(?:[smhdwy]|hrs?|hours?|mins?|minutes?|days?|weeks?|wks?)|\d{1,2}(?::\d{2})?(?:am|pm)?-\d{1,2}(?::\d{2})?(?:am|pm)|\d{1,2}(?::\d{2}){1,2}(?:am|pm|z|utc)?|\d{1,2}(?:am|pm)|\d{1,2}(?:st|nd|rd|th)-\d{1,2}(?:st|nd|rd|th))$/i;
/** Identifier-shaped tokens: must mix letters and digits (or carry "_"), not a time like "24h". */
/** Base64 ids (threat-intelligence records, profile indicators) keep their "=" padding. */
const OBJECT_ID = /(?<![\w@/-])[A-Za-z0-9][A-Za-z0-9_.:-]{2,200}[A-Za-z0-9](?:={1,2}(?![\w=]))?(?![\w@-])/g;
/** Padding belongs to the id only where the whole is base64-shaped (a multiple of four characters). */
const withPadding = (t: string) => (t.endsWith("=") && (t.length % 4 !== 0 || /[^A-Za-z0-9=]/.test(t)) ? t.replace(/=+$/, "") : t);
const NOT_OBJECT_ID = /^(?:\d+(?:[smhdwy]|hrs?|mins?|days?)?|\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?|v\d(?:\.\d)?|sha\d+|md5|o365|m365d?|ipv[46]|log4j|win\d+|windows\d+|t\d{4}(?:\.\d{3})?|cve-\d{4}-\d+|\d+(?:st|nd|rd|th))$/i;
/** "incident 42", "incident #42", "incident id: 42", "incidents 42 and 43". */
const INCIDENT_PHRASE = /\b(?:incidents?|inc)\s*(?:id|number|no\.?|num)?\s*[:#-]?\s*#?(\d{1,12}(?:\s*(?:,|and|or|&)\s*#?\d{1,12})*)\b/gi;
/**
 * A bare number right after a change verb at the start of a clause ("resolve 6677 — true positive",
 * "assign 100200 to x@y", "close #5656 TP"): incidents are the only objects the catalog numbers, so
 * it is an incident id; not a count ("close 120 stale alerts") nor a time ("set 1200:30").
 */
const INCIDENT_AFTER_VERB =
  /(?:^|[.!?;:]\s*|\b(?:please|pls|kindly|and|then|now)\s+)(?:re-?)?(?:resolve|close|assign|classify|open|escalate|tag|triage|acknowledge|suppress|update|mark|set|change|put|hand|pass|comment on|note on)\s+#?(\d{3,12})\b(?!\s*(?:%|[:.,]\d|(?:[a-z-]+\s+)?(?:alerts|incidents|items|ones|cases|users|accounts|days|hours|minutes|weeks|months|of)\b))/gi;

const FILE_EXTENSIONS = [
  "exe", "dll", "ps1", "psm1", "bat", "cmd", "vbs", "vbe", "js", "jse", "wsf", "hta", "msi", "scr", "sys", "lnk", "cpl",
  "doc", "docx", "docm", "xls", "xlsx", "xlsm", "ppt", "pptx", "pdf", "rtf", "one", "zip", "rar", "7z", "iso", "img",
  "vhd", "jar", "py", "sh", "elf", "bin", "tmp", "dat", "apk", "dmg", "pkg",
];
const FILE_NAME = new RegExp(`(?<![\\w.@/\\\\-])[\\w$~-][\\w.$~-]{0,120}\\.(?:${FILE_EXTENSIONS.join("|")})\\b`, "gi");

/** Words that follow "device"/"host" in ordinary English and are never a device name. */
const NOT_A_HOST = new Set([
  "a", "an", "the", "that", "this", "these", "those", "with", "where", "which", "in", "on", "for", "from", "to", "and",
  "or", "named", "called", "name", "id", "ids", "is", "was", "has", "had", "have", "alerts", "alert", "events",
  "event", "logons", "logon", "sign-ins", "activity", "since", "during", "over", "last", "past", "today", "by",
  "involved", "involving", "isolation", "inventory", "list", "details", "info", "information", "group", "groups",
  "tags", "tag", "timeline", "of", "at", "as", "if", "it", "its", "their", "any", "all", "every", "each", "some",
]);
const HOST_AFTER_NOUN =
  /\b(?:device|host|hostname|machine|computer|endpoint|server|workstation|laptop|desktop|vm)(?:\s+(?:name|named|called))?\s*[:=]?\s+["'`]?([A-Za-z0-9][A-Za-z0-9_.-]{0,62}[A-Za-z0-9]|[A-Za-z0-9])\b/gi;
/** NetBIOS-looking names in capitals with a dash and a digit: "WS-FIN-023", "DESKTOP-7G2K1LQ". */
const HOST_SHAPED = /\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\b/g;
/** Capitalised dashed tokens that are not device names. */
const NOT_HOST_PREFIX = /^(?:CVE|CWE|SHA|MD|T\d|KB|MS\d|TLS|SSL|UTF|ISO|RFC|HTTP|X-)/;

/**
 * Reserved and private top-level names (RFC 2606/6761 and common internal zones) that IOC
 * libraries skip because they are not delegated; analysts and test data use them all the time.
 */
const RESERVED_TLDS = "example|test|invalid|localhost|local|internal|corp|lan|home|intranet|onion";
const RESERVED_DOMAIN = new RegExp(`(?<![\\w.@-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:${RESERVED_TLDS})(?![\\w-]|\\.[a-z0-9])`, "gi");
const RESERVED_EMAIL = new RegExp(`(?<![\\w.+-])[\\w.+-]{1,64}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:${RESERVED_TLDS})(?![\\w-]|\\.[a-z0-9])`, "gi");

const RESERVED_URL = new RegExp(`\\bhttps?://(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:${RESERVED_TLDS})(?![\\w-]|\\.[a-z0-9])(?::\\d{1,5})?(?:/[^\\s"'<>]*)?`, "gi");

/** A defanged indicator as written ("hxxp://cdn-update[.]ru/payload.bin"), blanked to spaces (same length): its words are no request words. */
export const blankDefanged = (text: string) => text.replace(/\S*(?:\[\.\]|hxxps?:\/\/)\S*/gi, (m) => " ".repeat(m.length));

/** Undo the usual defanging ("evil[.]example", "hxxp://") before matching reserved names. */
const refang = (text: string) => text.replace(/\[\.\]|\(\.\)|\{\.\}/g, ".").replace(/\[@\]|\[at\]/gi, "@").replace(/\bhxxp/gi, "http");

const QUOTED = /"([^"\n]{1,500})"|“([^”\n]{1,500})”|`([^`\n]{1,2000})`|(?<![\w])'([^'\n]{1,500})'(?![\w])/g;

function unique<T>(items: T[], key: (t: T) => string = (t) => String(t)): T[] {
  const seen = new Set<string>();
  return items.filter((t) => {
    const k = key(t).toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function allMatches(text: string, pattern: RegExp, group = 0): string[] {
  return [...text.matchAll(pattern)].map((m) => m[group]).filter((v): v is string => v !== undefined);
}

function extractHosts(text: string, domains: string[], fileNames: string[]): string[] {
  const hosts: string[] = [];
  for (const m of text.matchAll(HOST_AFTER_NOUN)) {
    const candidate = m[1];
    if (!candidate || NOT_A_HOST.has(candidate.toLowerCase())) continue;
    // A plain lower-case dictionary word ("device compliance") is not a name; names carry a digit,
    // a dash, a dot or capitals.
    if (/^[a-z]+$/.test(candidate) && !/\d/.test(candidate)) continue;
    if (fileNames.some((f) => f.toLowerCase() === candidate.toLowerCase())) continue;
    hosts.push(candidate.replace(/\.$/, ""));
  }
  for (const m of text.matchAll(HOST_SHAPED)) {
    const candidate = m[0];
    if (!/\d/.test(candidate) || NOT_HOST_PREFIX.test(candidate)) continue;
    hosts.push(candidate);
  }
  // A fully qualified device name counts once, as a host, not also as a domain.
  return unique(hosts).filter((h) => !domains.some((d) => d !== h.toLowerCase() && h.toLowerCase().endsWith(`.${d}`)));
}

function extractIncidentIds(text: string): string[] {
  const listed = allMatches(text, INCIDENT_PHRASE, 1).flatMap((list) => list.match(/\d{1,12}/g) ?? []);
  return unique([...listed, ...allMatches(text, INCIDENT_AFTER_VERB, 1)]);
}

export function extractIndicators(text: string): Indicators {
  const ioc = extractIOC(text, { sort: false, refang: true });
  const refanged = refang(text);
  const guids = unique(allMatches(text, GUID));
  const alertIds = unique([...allMatches(text, DEFENDER_ALERT_ID), ...allMatches(text, LABELLED_ALERT_ID)]);
  // "user=omar@contoso.com", "upn:omar@contoso.com": a key=value label is not part of the address.
  const emails = unique([...ioc.emails, ...allMatches(refanged, RESERVED_EMAIL)].map((e) => e.replace(/^[A-Za-z_]+[=:]/, "")));
  const emailDomains = new Set(emails.map((e) => e.slice(e.lastIndexOf("@") + 1).toLowerCase()));
  const fileNames = unique(allMatches(text, FILE_NAME));
  const fileNameSet = new Set(fileNames.map((f) => f.toLowerCase()));
  // Sentence punctuation after a URL ("…/dl.exe, targetProduct …") is not part of it.
  const urls = unique([...ioc.urls, ...allMatches(refanged, RESERVED_URL)].map((u) => u.replace(/[.,;:!?)\]]+$/, "")));
  const domains = unique(
    [...ioc.domains, ...allMatches(refanged, RESERVED_DOMAIN)]
      .map((d) => d.toLowerCase())
      .filter((d) => !fileNameSet.has(d))
      // "jdoe@contoso.com" mentions contoso.com only as the mailbox's domain.
      .filter((d) => !emailDomains.has(d) || countOccurrences(text.toLowerCase(), d) > countEmailsAt(emails, d)),
  );
  const hosts = extractHosts(text, domains, fileNames);
  const hostSet = new Set(hosts.map((h) => h.toLowerCase()));
  const hashes: FileHash[] = unique(
    [
      ...ioc.sha256s.map((value) => ({ algorithm: "sha256" as const, value: value.toLowerCase() })),
      ...ioc.sha1s.map((value) => ({ algorithm: "sha1" as const, value: value.toLowerCase() })),
      ...ioc.md5s.map((value) => ({ algorithm: "md5" as const, value: value.toLowerCase() })),
    ],
    (h) => h.value,
  );
  const quoted = [...text.matchAll(QUOTED)]
    .map((m) => (m[1] ?? m[2] ?? m[3] ?? m[4] ?? "").trim())
    .filter((q) => q.length > 0);
  const taken = new Set([...guids, ...alertIds, ...emails, ...domains, ...hashes.map((h) => h.value), ...fileNames, ...ioc.ipv4s, ...ioc.ipv6s].map((t) => t.toLowerCase()));
  const objectIds = unique(
    allMatches(text, OBJECT_ID).map(withPadding).filter(
      // Lower-case words with a number or two are names ("rundll32", "win64"), not ids.
      (t) => /\d/.test(t) && /[A-Za-z_]/.test(t) && !NOT_OBJECT_ID.test(t) && !TIME_SHAPED.test(t) && !/^[a-z]+\d{1,2}$/.test(t) && !taken.has(t.toLowerCase()) && ![...taken].some((x) => x.includes(t.toLowerCase())),
    ),
  );
  return {
    objectIds,
    guids,
    alertIds,
    incidentIds: extractIncidentIds(text),
    emails,
    ips: unique([...ioc.ipv4s, ...ioc.ipv6s]),
    hashes,
    urls,
    domains: domains.filter((d) => !hostSet.has(d)),
    hosts,
    fileNames,
    quoted: unique(quoted),
  };
}

function countOccurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) count++;
  return count;
}

function countEmailsAt(emails: string[], domain: string): number {
  return emails.filter((e) => e.toLowerCase().endsWith(`@${domain}`)).length;
}
