/**
 * The advanced-hunting tables as the query builder knows them: the pinned schema (which columns a
 * table has), the column free words are matched on, and table names as analysts write them.
 */
import { loadHuntingSchema } from "../../graph/kql/schema.js";
import { escapeRegExp } from "../regex.js";

/** A KQL double-quoted string literal. */
export function kqlString(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}


export const schemaTables = () => loadHuntingSchema().tables;
export const hasColumn = (table: string, column: string) => column in (schemaTables()[table]?.columns ?? {});

/** The column free words are matched on, per table. */
export const TEXT_COLUMN: Record<string, string> = {
  DeviceProcessEvents: "ProcessCommandLine",
  DeviceFileEvents: "FolderPath",
  DeviceNetworkEvents: "RemoteUrl",
  DeviceRegistryEvents: "RegistryKey",
  DeviceImageLoadEvents: "FileName",
  DeviceEvents: "AdditionalFields",
  DeviceInfo: "OSPlatform",
  DeviceLogonEvents: "AccountName",
  DeviceTvmSoftwareInventory: "SoftwareName",
  DeviceTvmSoftwareVulnerabilities: "SoftwareName",
  EmailEvents: "Subject",
  EmailAttachmentInfo: "FileName",
  EmailUrlInfo: "Url",
  EmailPostDeliveryEvents: "ActionType",
  UrlClickEvents: "Url",
  IdentityLogonEvents: "AccountUpn",
  IdentityDirectoryEvents: "AdditionalFields",
  IdentityQueryEvents: "QueryTarget",
  CloudAppEvents: "RawEventData",
  AADSignInEventsBeta: "Application",
  AlertInfo: "Title",
};

/** The first of `columns` the table has, or `*` (every column). */
export const columnIn = (table: string, ...columns: string[]) => columns.find((c) => hasColumn(table, c)) ?? "*";

/** "DeviceImageLoadEvents" as an analyst writes it: "device image load events" ("AAD" also as Entra). */
function spokenName(table: string): RegExp {
  const words = table.replace(/Beta$/, " Beta").replace(/([a-z])([A-Z])/g, "$1 $2").replace(/^AAD(?=[A-Z])/, "AAD ").split(/\s+/);
  const alternatives = words.map((w) => (w === "AAD" ? "(?:aad|entra(?: id)?|azure ad)" : escapeRegExp(w.toLowerCase())));
  return new RegExp(`\\b${alternatives.join("[\\s_-]*")}\\b`, "i");
}

/** Each table's name as written and as spoken, longest name first; built once (called per word of a request). */
let tableNames: { table: string; written: RegExp; spoken: RegExp }[] | undefined;

const namedTables = () =>
  (tableNames ??= Object.keys(schemaTables())
    .sort((a, b) => b.length - a.length)
    .map((table) => ({ table, written: new RegExp(`\\b${table}\\b`, "i"), spoken: spokenName(table) })));

/** A hunting table written as one word, its schema name in any case ("AADSignInEventsBeta", "emailevents"): the request asks for advanced hunting. */
export function writtenTable(text: string): string | undefined {
  return namedTables().find((t) => t.written.test(text))?.table;
}

export function explicitTable(text: string): string | undefined {
  const tables = namedTables();
  return (tables.find((t) => t.written.test(text)) ?? tables.find((t) => t.spoken.test(text)))?.table;
}

/** Column names of the hunting schema in CamelCase of three words or more ("RiskLevelDuringSignIn"); built once. */
let compoundColumns: Set<string> | undefined;
const COMPOUND_WORD = /\b[A-Z][a-z]+(?:[A-Z][a-z0-9]*){2,}\b/g;

/** The schema's compound column names the text writes as they are spelled ("NetworkMessageId"), in text order. */
export function writtenColumns(text: string): string[] {
  compoundColumns ??= new Set(Object.values(schemaTables()).flatMap((t) => Object.keys(t.columns)).filter((c) => /^[A-Z][a-z]+(?:[A-Z][a-z0-9]*){2,}$/.test(c)));
  return (text.match(COMPOUND_WORD) ?? []).filter((w) => compoundColumns!.has(w));
}

