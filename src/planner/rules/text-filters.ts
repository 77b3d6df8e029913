/**
 * Filter conditions on an entity's free-text fields, read from phrasing rather than enum words:
 * "title starting with 'X'" (startswith), "name contains 'X'" (contains), "unassigned" (eq null),
 * "in category RoleManagement", "to the Azure Portal" (app name), "from Russia" (country code via
 * Intl.DisplayNames) or "from Lagos" (city), "error code 50126", well-known directory audit
 * activities, and values of string fields whose vocabulary another catalog entity spells out as
 * an enum (riskDetection.riskEventType ↔ signIn.riskEventTypes).
 * Only fields the entity declares filterable are used; the compiler checks the rest.
 */
import type { StructuredCondition } from "../../catalog/common-schemas.js";
import type { Catalog, Entity } from "../../catalog/types.js";
import { matchEnumValues, valuesByField, type Slots } from "../slots/index.js";
import { valueLabel } from "./arguments.js";

export interface TextFilters {
  where: StructuredCondition[];
  /** Raw OData conditions the structured form cannot say (null comparisons). */
  raw: string[];
  /** Free-text search for `$search` when the operation offers it. */
  search?: string;
}

const isFilterable = (entity: Entity, field: string) => entity.fields[field]?.filterable === true && entity.fields[field]?.collection !== true;

/** The first of `candidates` the entity can filter on. */
function pick(entity: Entity, ...candidates: string[]): string | undefined {
  return candidates.find((c) => isFilterable(entity, c));
}

/** A value after a phrase: the quoted text, else the next word (or Capitalised words). */
function valueAfter(text: string, index: number): string | undefined {
  const rest = text.slice(index);
  const quoted = /^\s*["'“`]([^"'”`]{1,200})["'”`]/.exec(rest);
  if (quoted) return quoted[1]!.trim();
  const word = /^\s*([\w.@$-]{1,100})/.exec(rest);
  return word?.[1];
}

const NAME_FIELDS: { words: RegExp; fields: string[] }[] = [
  { words: /\btitles?\b/i, fields: ["title", "displayName"] },
  { words: /\b(?:display ?names?|names?)\b/i, fields: ["displayName", "userDisplayName", "appDisplayName", "title"] },
  { words: /\b(?:upns?|user principal names?|usernames?|user names?)\b/i, fields: ["userPrincipalName"] },
  { words: /\bdescriptions?\b/i, fields: ["description"] },
];

const STRING_FUNCTIONS: { pattern: RegExp; op: "startswith" | "endswith" | "contains" }[] = [
  { pattern: /\b(?:starting|starts|beginning|begins|that start|which start)\s+with\b/i, op: "startswith" },
  { pattern: /\b(?:ending|ends|that end|which end)\s+with\b/i, op: "endswith" },
  { pattern: /\b(?:contains?|containing|mentioning|mentions?|including|includes|with the (?:word|text))\b/i, op: "contains" },
];

/** Name fields in the order a bare "named 'X'" should use them. */
const DISPLAY_NAME_FIELDS = ["displayName", "userDisplayName", "title", "appDisplayName", "sourceIdentity/displayName", "initiatedBy/user/displayName"];

/** "named 'X'", "display name 'X'", "called 'X'": equality on the entity's name field. */
function namedConditions(entity: Entity, slots: Slots): StructuredCondition[] {
  const m = /\b(?:named|called|(?:display ?)?name(?:d)?(?: is| of| =)?)\s*["'“`]([^"'”`]{1,200})["'”`]/i.exec(slots.text);
  if (!m) return [];
  const prefix = slots.text.slice(0, m.index).toLowerCase();
  // "source identity 'X'", "initiated by user display name 'X'": the sub-object the text names, else the first name field.
  const nested = Object.keys(entity.fields).filter((f) => f.endsWith("/displayName") && isFilterable(entity, f)).find((f) => {
    const parent = f.split("/").slice(0, -1).map((p) => p.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase());
    return parent.some((p) => prefix.includes(p));
  });
  const field = nested ?? DISPLAY_NAME_FIELDS.find((f) => isFilterable(entity, f));
  return field ? [{ field, op: "eq", value: m[1]!.trim() }] : [];
}

/** startswith / endswith / contains on a named text field. */
function stringFunctionConditions(entity: Entity, slots: Slots): StructuredCondition[] {
  const text = slots.text;
  for (const { words, fields } of NAME_FIELDS) {
    const fieldMention = words.exec(text);
    if (!fieldMention) continue;
    const field = pick(entity, ...fields);
    if (!field) continue;
    for (const fn of STRING_FUNCTIONS) {
      const m = fn.pattern.exec(text);
      if (!m) continue;
      const value = valueAfter(text, (m.index ?? 0) + m[0].length);
      if (value && !/^(?:the|a|an|in|title|name)$/i.test(value)) return [{ field, op: fn.op, value }];
    }
  }
  return [];
}

const UNASSIGNED = /\b(?:unassigned|assigned to (?:nobody|no one|noone|none)|not (?:yet )?assigned|(?:has|have|haven't|hasn't|have not|has not) (?:been )?(?:yet )?assigned to (?:anyone|anybody|no one)|haven't been assigned|no owner|without (?:an )?(?:owner|assignee)|nobody assigned)\b/i;

/** Retired ISO 3166 codes that Intl still names ("DD" is "Germany", "SU" is "Russia"). */
const RETIRED_REGION_CODES = new Set(["AN", "BU", "CS", "DD", "DY", "FQ", "FX", "HV", "NH", "NQ", "NT", "PC", "PU", "PZ", "RH", "SU", "TP", "VD", "WK", "YD", "YU", "ZR", "EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"]);

/** Country names → ISO 3166 alpha-2 codes, from the runtime's own region names. */
let countryCodes: Map<string, string> | undefined;
function countryCode(name: string): string | undefined {
  if (!countryCodes) {
    countryCodes = new Map();
    const names = new Intl.DisplayNames(["en"], { type: "region" });
    for (let a = 65; a <= 90; a++) {
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        if (RETIRED_REGION_CODES.has(code)) continue;
        const display = names.of(code);
        if (display && display !== code && !countryCodes.has(display.toLowerCase())) countryCodes.set(display.toLowerCase(), code);
      }
    }
    for (const [alias, code] of [["usa", "US"], ["america", "US"], ["uk", "GB"], ["britain", "GB"], ["england", "GB"], ["russian federation", "RU"], ["south korea", "KR"], ["north korea", "KP"], ["iran", "IR"], ["uae", "AE"]] as const) {
      countryCodes.set(alias, code);
    }
  }
  return countryCodes.get(name.toLowerCase());
}

/** "from Russia", "in Nigeria", "from Lagos": a country (code) or a city (as written). */
function locationConditions(entity: Entity, slots: Slots): StructuredCondition[] {
  const country = pick(entity, "location/countryOrRegion", "countryOrRegion");
  const city = pick(entity, "location/city", "city");
  if (!country && !city) return [];
  for (const m of slots.prose.matchAll(/\b(?:from|in|located in|originating (?:from|in))\s+(?:the\s+)?([A-Za-z][A-Za-z .'-]{1,40}?)(?=\s+(?:in|on|over|during|since|from|for|the|last|past|this|today|yesterday|and|or|with)\b|[?.,!]|$)/gi)) {
    const place = m[1]!.trim();
    const code = countryCode(place);
    if (code && country) return [{ field: country, op: "eq", value: code }];
    // A city is a proper noun the analyst capitalised ("Lagos"), not a word like "office".
    if (city && /^[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*$/.test(place) && !/^(?:Defender|Microsoft|Azure|Entra|Office|Exchange)$/.test(place)) {
      return [{ field: city, op: "eq", value: place }];
    }
  }
  return [];
}

/** "to the Azure Portal", "Microsoft Graph PowerShell app": the application a sign-in went to. */
function appConditions(entity: Entity, slots: Slots): StructuredCondition[] {
  const field = pick(entity, "appDisplayName");
  if (!field) return [];
  const named = /\b(?:to|into|using|via)\s+(?:the\s+)?((?:[A-Z][\w.-]*|365|Online)(?:\s+(?:[A-Z][\w.-]*|365|Online))*)(?:\s+app(?:lication)?\b)?/.exec(slots.prose)
    ?? /\b((?:[A-Z][\w.-]*)(?:\s+[A-Z][\w.-]*)*)\s+app(?:lication)?\b/.exec(slots.prose);
  const app = named?.[1]?.trim();
  if (!app || app.length < 3 || /^(?:I|The|Entra|Azure AD)$/.test(app)) return [];
  return [{ field, op: "eq", value: app }];
}

/** "error 53003", "error code 50126", "with code 50074". */
function errorCodeConditions(entity: Entity, slots: Slots): StructuredCondition[] {
  const field = pick(entity, "status/errorCode", "errorCode");
  const code = /\b(?:error|code|error code|errorcode|status)\s*[:#]?\s*(\d{4,6})\b/i.exec(slots.text)?.[1];
  return field && code ? [{ field, op: "eq", value: Number(code) }] : [];
}

/** "in category RoleManagement", "UserManagement category", "in the Identity category". */
function categoryConditions(entity: Entity, slots: Slots): StructuredCondition[] {
  const field = Object.keys(entity.fields).find((f) => /(?:^|\/)(?:control)?[cC]ategory$/.test(f) && isFilterable(entity, f));
  if (!field) return [];
  const m = /\bcategory\s+["']?([A-Z][A-Za-z]+)\b/.exec(slots.text) ?? /\b(?:the\s+)?["']?([A-Z][A-Za-z]+)["']?\s+category\b/.exec(slots.text);
  return m?.[1] ? [{ field, op: "eq", value: m[1] }] : [];
}

/** "from Core Directory service", "logged by Core Directory". */
function serviceConditions(entity: Entity, slots: Slots): StructuredCondition[] {
  const field = pick(entity, "loggedByService");
  const m = /\b(?:from|by|logged by)\s+(?:the\s+)?((?:[A-Z][\w]*\s?){1,4})\s*(?:service)?\b/.exec(slots.text);
  const value = m?.[1]?.trim();
  return field && value && !/^(?:Audit|Entra|Azure)$/.test(value) ? [{ field, op: "eq", value }] : [];
}

/** Entra directory audit activity names for the usual ways analysts describe them. */
const AUDIT_ACTIVITIES: { pattern: RegExp; activity: string }[] = [
  { pattern: /\badd(?:ed|s|ing)? (?:a |new )?members? to (?:a |the )?(?:directory )?roles?\b|\brole assignments?\b|\bassigned (?:to )?(?:a )?roles?\b/i, activity: "Add member to role" },
  { pattern: /\badd(?:ed|s|ing)? (?:a |new )?members? to (?:a |the )?groups?\b|\bgroup membership (?:changes|additions)\b/i, activity: "Add member to group" },
  { pattern: /\bpassword resets?\b|\breset(?:ting|s)? (?:of )?(?:user )?passwords?\b/i, activity: "Reset user password" },
  { pattern: /\b(?:app(?:lication)? )?consent(?:s|ed)?(?: grants?)?\b/i, activity: "Consent to application" },
  { pattern: /\bconditional access polic(?:y|ies) (?:updates?|changes?|changed|updated|modified|edits?)\b|\b(?:updated|changed|modified) (?:a |the )?conditional access polic(?:y|ies)\b/i, activity: "Update conditional access policy" },
  { pattern: /\b(?:new|created|added) conditional access polic(?:y|ies)\b|\bconditional access polic(?:y|ies) (?:created|added)\b/i, activity: "Add conditional access policy" },
  { pattern: /\bservice principal credentials?\b|\bapp(?:lication)? credentials? (?:added|created)\b|\bsecrets? added to (?:an )?apps?\b/i, activity: "Add service principal credentials" },
  { pattern: /\b(?:created|added|new) (?:user(?:s| accounts?)?)\b|\buser creations?\b|\bcreated (?:new )?users?\b/i, activity: "Add user" },
  { pattern: /\bdeleted users?\b|\buser deletions?\b|\bdeleted (?:user )?accounts?\b/i, activity: "Delete user" },
  { pattern: /\bdisabled (?:user )?accounts?\b|\baccount disables?\b/i, activity: "Disable account" },
];

function auditActivityConditions(entity: Entity, slots: Slots): StructuredCondition[] {
  const field = pick(entity, "activityDisplayName");
  if (!field) return [];
  // A quoted phrase of capitalised words on an audit log is its activity name ("'Add owner to application' events").
  const quoted = slots.indicators.quoted.find((q) => /^[A-Z][a-z]+(?:\s+\S+){1,8}$/.test(q.trim()));
  const named = /\b(?:starting|starts|beginning|begins|ending|ends|containing|contains)\b/i.test(slots.text) ? undefined : quoted;
  if (named) return [{ field, op: "eq", value: named.trim() }];
  const hit = AUDIT_ACTIVITIES.find((a) => a.pattern.test(slots.prose));
  return hit ? [{ field, op: "eq", value: hit.activity }] : [];
}

/** Extra words for borrowed enum members whose own words analysts do not use. */
const BORROWED_SYNONYMS: Record<string, string> = { "anonymous ip": "anonymizedIPAddress", "anonymous ip address": "anonymizedIPAddress", "tor": "anonymizedIPAddress", "impossible travel": "mcasImpossibleTravel", "leaked credential": "leakedCredentials" };

/**
 * A string field with no enum whose plural or singular twin elsewhere in the catalog has one
 * (riskEventType ↔ riskEventTypes): the twin's members are the vocabulary.
 */
function borrowedVocabularyConditions(entity: Entity, catalog: Catalog, slots: Slots): StructuredCondition[] {
  const out: StructuredCondition[] = [];
  for (const [field, spec] of Object.entries(entity.fields)) {
    if (spec.type !== "string" || !spec.filterable || spec.collection || field.includes("/")) continue;
    const twins = [`${field}s`, field.replace(/s$/, "")];
    const values = new Set<string>();
    for (const other of Object.values(catalog.entities)) {
      for (const twin of twins) for (const v of other.fields[twin]?.enum ?? []) values.add(v);
    }
    if (values.size === 0) continue;
    const lower = slots.prose.toLowerCase();
    const synonym = Object.entries(BORROWED_SYNONYMS).find(([phrase, v]) => values.has(v) && new RegExp(`\\b${phrase}\\b`).test(lower));
    if (synonym) {
      out.push({ field, op: "eq", value: synonym[1] });
      continue;
    }
    const matched = valuesByField(matchEnumValues(slots.prose, [{ field, values: [...values] }])).get(field);
    if (matched?.[0]) out.push({ field, op: "eq", value: matched[0] });
  }
  return out;
}

/** Capitalised words that name products, months or sources rather than a search subject. */
const NOT_A_SUBJECT = /^(?:Defender|Microsoft|Azure|Entra|Office|Exchange|Identity|Endpoint|Cloud|Apps?|TI|MDI|MDE|MDO|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/;

/** "articles about Qakbot", "profile for Midnight Blizzard": the subject, for `$search`. */
function searchSubject(slots: Slots): string | undefined {
  const m =
    /\b(?:about|regarding|mentioning|named|called|on)\s+["']?((?:[A-Z][\w-]*)(?:\s+[A-Z][\w-]*){0,3})["']?/.exec(slots.prose) ??
    /\b(?:profiles?|articles?|reports?|actors?)\s+(?:for|of|on)\s+["']?((?:[A-Z][\w-]*)(?:\s+[A-Z][\w-]*){0,3})["']?/.exec(slots.prose);
  const subject = m?.[1];
  return subject && subject.length >= 3 && !NOT_A_SUBJECT.test(subject) ? subject : undefined;
}

/** "registrant email abuse@x", "admin email …": an email on a contact sub-object the text names. */
function contactEmailConditions(entity: Entity, slots: Slots): StructuredCondition[] {
  const [email] = slots.indicators.emails;
  if (!email) return [];
  for (const field of Object.keys(entity.fields)) {
    const m = /^([a-zA-Z]+)\/email$/.exec(field);
    if (m && isFilterable(entity, field) && new RegExp(`\\b${m[1]}\\b`, "i").test(slots.prose)) return [{ field, op: "eq", value: email }];
  }
  return [];
}

/**
 * Values labelled with a field's name ("correlation id X", "app id X", "initiating user id X"):
 * the entity's filterable field whose last one or two path segments spell "<label>id".
 */
function labelledValueConditions(entity: Entity, slots: Slots): StructuredCondition[] {
  const out: StructuredCondition[] = [];
  const ind = slots.indicators;
  for (const value of [...ind.guids, ...ind.objectIds]) {
    const label = valueLabel(value, slots.text);
    if (!label) continue;
    const fields = Object.keys(entity.fields).filter((f) => isFilterable(entity, f) && ["string", "guid"].includes(entity.fields[f]!.type));
    const spelled = (f: string) => {
      const parts = f.toLowerCase().split("/");
      return [parts.slice(-1).join(""), parts.slice(-2).join("")];
    };
    const field = fields.find((f) => spelled(f).includes(`${label}id`)) ?? fields.find((f) => spelled(f).some((s) => s.endsWith(`${label}id`)));
    if (field && !out.some((c) => c.field === field)) out.push({ field, op: "eq", value });
  }
  return out;
}

/**
 * Conditions only some entities can express (a named audit activity, a sign-in error code):
 * a hint for choosing the operation as well as a filter.
 */
export function textFilterAffinity(entity: Entity | undefined, slots: Slots): boolean {
  if (!entity) return false;
  return auditActivityConditions(entity, slots).length > 0 || errorCodeConditions(entity, slots).length > 0;
}

export function textFilters(entity: Entity, catalog: Catalog, slots: Slots, options: { searchable: boolean }): TextFilters {
  const functions = stringFunctionConditions(entity, slots);
  const where = [
    ...labelledValueConditions(entity, slots),
    ...functions,
    ...(functions.length === 0 ? namedConditions(entity, slots) : []),
    ...locationConditions(entity, slots),
    ...errorCodeConditions(entity, slots),
    ...categoryConditions(entity, slots),
    ...serviceConditions(entity, slots),
    ...auditActivityConditions(entity, slots),
    ...contactEmailConditions(entity, slots),
    ...borrowedVocabularyConditions(entity, catalog, slots),
  ];
  if (where.every((c) => c.field !== "appDisplayName")) where.push(...appConditions(entity, slots));
  const raw: string[] = [];
  const owner = pick(entity, "assignedTo");
  if (owner && UNASSIGNED.test(slots.text)) raw.push(`${owner} eq null`);
  const subject = options.searchable && where.length === 0 ? searchSubject(slots) : undefined;
  // Graph's $search takes a quoted phrase.
  return subject ? { where, raw, search: `"${subject}"` } : { where, raw };
}
