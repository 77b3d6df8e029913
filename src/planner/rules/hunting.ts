/**
 * KQL for common hunts, on the advanced hunting table that holds the evidence:
 * file hash → DeviceFileEvents (or DeviceProcessEvents when the hash "ran"), process or file name →
 * DeviceProcessEvents / DeviceFileEvents, IP → DeviceNetworkEvents (DeviceLogonEvents for logons),
 * domain or URL → DeviceNetworkEvents (EmailUrlInfo for mail), email sender or recipient →
 * EmailEvents, account → IdentityLogonEvents (DeviceLogonEvents on devices), device → its events.
 * Values are escaped as KQL string literals; the window becomes `Timestamp > ago(7d)` or
 * datetime bounds.
 */
import type { Slots, TimeWindow } from "../slots/index.js";
import { kqlTimespan } from "../slots/index.js";

/** Advanced hunting keeps 30 days; a hunt with no window searches all of it. */
const DEFAULT_LOOKBACK = "30d";

/** A KQL double-quoted string literal. */
export function kqlString(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
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

const HASH_COLUMNS = { sha256: "SHA256", sha1: "SHA1", md5: "MD5" } as const;

const MAIL = /\b(?:e-?mails?|mail(?:box)?|messages?|phish(?:ing)?|inbox|sender|recipient|sent)\b/i;
const LOGON = /\b(?:log(?:ged)?[ -]?ons?|log(?:ged)?[ -]?ins?|sign(?:ed)?[ -]?ins?|authenticat\w*|rdp)\b/i;
const PROCESS = /\b(?:process(?:es)?|executed|execution|ran|run|runs|running|launched|spawned|command[- ]?lines?|started|invoked)\b/i;
const FILE_ACTIVITY = /\b(?:file events?|created|written|wrote|dropped|downloaded|modified|renamed|copied|deleted)\b/i;
const DEVICE_CONTEXT = /\b(?:devices?|endpoints?|machines?|hosts?|computers?|workstations?|servers?)\b/i;
const RECIPIENT = /\b(?:to|recipients?|received by|sent to|delivered to)\s+(?:the\s+)?(?:user\s+|mailbox\s+)?$/i;

interface Hunt {
  table: string;
  conditions: string[];
}

function emailHunt(slots: Slots, prose: string): Hunt | undefined {
  const [address] = slots.indicators.emails;
  if (!address || !MAIL.test(prose)) return undefined;
  const before = slots.text.slice(0, Math.max(0, slots.text.toLowerCase().indexOf(address.toLowerCase())));
  const column = RECIPIENT.test(before) ? "RecipientEmailAddress" : "SenderFromAddress";
  return { table: "EmailEvents", conditions: [`${column} =~ ${kqlString(address)}`] };
}

function networkHunt(slots: Slots, prose: string): Hunt | undefined {
  const { ips, urls, domains } = slots.indicators;
  if (ips.length > 0) {
    if (LOGON.test(prose)) return { table: "DeviceLogonEvents", conditions: [`RemoteIP == ${kqlString(ips[0]!)}`] };
    const list = ips.map(kqlString).join(", ");
    return { table: "DeviceNetworkEvents", conditions: [ips.length === 1 ? `RemoteIP == ${list}` : `RemoteIP in (${list})`] };
  }
  const target = urls[0] ?? domains[0];
  if (!target) return undefined;
  if (MAIL.test(prose)) return { table: "EmailUrlInfo", conditions: [`Url has ${kqlString(target)}`] };
  return { table: "DeviceNetworkEvents", conditions: [`RemoteUrl has ${kqlString(target)}`] };
}

function fileHunt(slots: Slots, prose: string): Hunt | undefined {
  const [hash] = slots.indicators.hashes;
  if (hash) {
    const column = HASH_COLUMNS[hash.algorithm];
    if (MAIL.test(prose)) return { table: "EmailAttachmentInfo", conditions: [`${column} == ${kqlString(hash.value)}`] };
    if (PROCESS.test(prose) && !FILE_ACTIVITY.test(prose)) return { table: "DeviceProcessEvents", conditions: [`${column} == ${kqlString(hash.value)}`] };
    return { table: "DeviceFileEvents", conditions: [`${column} == ${kqlString(hash.value)}`] };
  }
  const name = slots.indicators.fileNames[0] ?? processNameFromProse(prose, slots);
  if (!name) return undefined;
  if (FILE_ACTIVITY.test(prose) && !PROCESS.test(prose)) return { table: "DeviceFileEvents", conditions: [`FileName =~ ${kqlString(name)}`] };
  if (!/\.[a-z0-9]{2,4}$/i.test(name)) {
    // A tool name without extension ("mimikatz"): match the image or its command line.
    return { table: "DeviceProcessEvents", conditions: [`FileName has ${kqlString(name)} or ProcessCommandLine has ${kqlString(name)}`] };
  }
  return { table: "DeviceProcessEvents", conditions: [`FileName =~ ${kqlString(name)}`] };
}

/** "process named X", "processes called X", "the tool X", or a quoted string in a process hunt. */
function processNameFromProse(prose: string, slots: Slots): string | undefined {
  const named = /\b(?:process(?:es)?|binary|binaries|executable|tool|file|program|utility)\s+(?:named|called)\s+["'`]?([\w.$~-]{2,80})/i.exec(slots.text);
  if (named?.[1]) return named[1];
  const quoted = slots.indicators.quoted[0];
  if (quoted && PROCESS.test(prose) && /^[\w.$~ -]{2,80}$/.test(quoted)) return quoted;
  return undefined;
}

function accountHunt(slots: Slots, prose: string): Hunt | undefined {
  const [account] = slots.indicators.emails;
  if (!account) return undefined;
  if (DEVICE_CONTEXT.test(prose)) {
    const user = account.split("@")[0]!;
    return { table: "DeviceLogonEvents", conditions: [`AccountName =~ ${kqlString(user)}`] };
  }
  return { table: "IdentityLogonEvents", conditions: [`AccountUpn =~ ${kqlString(account)}`] };
}

function deviceHunt(slots: Slots, prose: string): Hunt | undefined {
  const [host] = slots.indicators.hosts;
  if (!host) return undefined;
  if (LOGON.test(prose)) return { table: "DeviceLogonEvents", conditions: [`DeviceName has ${kqlString(host)}`] };
  if (/\bnetwork|connections?\b/i.test(prose)) return { table: "DeviceNetworkEvents", conditions: [`DeviceName has ${kqlString(host)}`] };
  if (FILE_ACTIVITY.test(prose)) return { table: "DeviceFileEvents", conditions: [`DeviceName has ${kqlString(host)}`] };
  return { table: "DeviceProcessEvents", conditions: [`DeviceName has ${kqlString(host)}`] };
}

/**
 * A KQL query for the request's indicators, or undefined when nothing in it can be hunted for.
 * Device names narrow any hunt ("mimikatz on WS-01").
 */
export function generateHuntingQuery(slots: Slots): string | undefined {
  const prose = slots.prose;
  const hunt = emailHunt(slots, prose) ?? fileHunt(slots, prose) ?? networkHunt(slots, prose) ?? accountHunt(slots, prose) ?? deviceHunt(slots, prose);
  if (!hunt) return undefined;
  const [host] = slots.indicators.hosts;
  if (host && hunt.table.startsWith("Device") && !hunt.conditions.some((c) => c.startsWith("DeviceName"))) {
    hunt.conditions.push(`DeviceName has ${kqlString(host)}`);
  }
  const lines = [hunt.table, `| where ${timeFilter(slots.time)}`, ...hunt.conditions.map((c) => `| where ${c}`)];
  const { top, order } = slots.count;
  if (order === "oldest") lines.push("| order by Timestamp asc");
  else lines.push("| order by Timestamp desc");
  if (top !== undefined) lines.push(`| take ${top}`);
  return lines.join("\n");
}
