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
import { escapeRegExp } from "../regex.js";
import type { Slots } from "../slots/index.js";
import { valueLabel } from "./arguments.js";
import { auditActivityConditions, auditServiceConditions, directoryAuditConditions } from "./filters/directory-audits.js";
import { expandPlaceName, INDICATOR_VALUE_FIELD, indicatorFieldValue, isFilterable, nameAt, pick } from "./filters/fields.js";
import { provisioningConditions } from "./filters/provisioning.js";
import { detectionTimingConditions, riskDetailConditions, riskEventConditions, riskEventWords, riskStateConditions, tokenIssuerConditions } from "./filters/risk.js";
import { appConditions, clientAppConditions, conditionalAccessConditions, deviceConditions, errorCodeConditions, ipPrefixConditions, resourceConditions } from "./filters/sign-ins.js";

export interface TextFilters {
  where: StructuredCondition[];
  /** Raw OData conditions the structured form cannot say (null comparisons). */
  raw: string[];
  /** Free-text search for `$search` when the operation offers it. */
  search?: string;
  /**
   * Fields whose enum-word reading these conditions replace: a risk detail's words ("remediated by
   * a secure password reset", "admin confirmed compromised") also spell a risk state, which the
   * request did not ask for. The caller drops its own conditions on them.
   */
  supersedes?: string[];
  /** Words a vocabulary reading used up ("user reported suspicious activity"): the enum readings skip them. */
  consumed?: string[];
}

/** Words that follow "starting with" in ordinary English ("start with those from US"), never a value. */
const NOT_A_VALUE = /^(?:the|a|an|in|title|name|those|these|that|this|them|it|its|their|and|or|from|for|to|of|what|which)$/i;

/** A value after a phrase: the quoted text, else the next token ("ext_", "adm.", "10.200.", "admin"). */
function valueAfter(text: string, index: number): string | undefined {
  const rest = text.slice(index);
  const quoted = /^\s*["'“‘`]([^"'”’`]{1,200})["'”’`]/.exec(rest);
  if (quoted) return quoted[1]!.trim();
  const word = /^\s*([\w.@$-]{1,100})/.exec(rest)?.[1];
  return word && !NOT_A_VALUE.test(word) ? word : undefined;
}

/**
 * Words that name a text field, each with the fields it may mean in order. The mention nearest
 * before "starting with …" says which field; on a tie the earlier (more specific) entry wins.
 */
const NAME_FIELDS: { words: RegExp; fields: string[] }[] = [
  { words: /\bapp(?:lication)?s?(?: ?(?:display ?)?names?)?\b/gi, fields: ["appDisplayName", "initiatedBy/app/displayName"] },
  { words: /\btarget (?:users?|identit(?:y|ies)|accounts?)(?: (?:display ?)?names?)?\b/gi, fields: ["targetIdentity/displayName"] },
  { words: /\btarget(?:s|ed|ing)?(?: (?:display ?)?names?)?\b/gi, fields: ["targetResources/displayName", "targetSystem/displayName", "targetIdentity/displayName"] },
  { words: /\bactivit(?:y|ies)(?: (?:display ?)?names?)?\b/gi, fields: ["activityDisplayName"] },
  { words: /\btitles?\b/gi, fields: ["title", "displayName"] },
  { words: /\b(?:upns?|user principal names?|usernames?|user names?|accounts?|users?)\b/gi, fields: ["userPrincipalName", "initiatedBy/user/userPrincipalName"] },
  { words: /\b(?:display ?names?|names?)\b/gi, fields: ["displayName", "userDisplayName", "appDisplayName", "title"] },
  { words: /\bdescriptions?\b/gi, fields: ["description"] },
  { words: /\bips?\b|\bip address(?:es)?\b/gi, fields: ["ipAddress"] },
  { words: /\bstates?\b/gi, fields: ["location/state"] },
  { words: /\bcit(?:y|ies)\b/gi, fields: ["location/city"] },
  { words: /\b(?:os|operating systems?)\b/gi, fields: ["deviceDetail/operatingSystem"] },
  { words: /\bbrowsers?\b/gi, fields: ["deviceDetail/browser"] },
];

const STRING_FUNCTIONS: { pattern: RegExp; op: "startswith" | "endswith" | "contains" }[] = [
  { pattern: /\b(?:starting|starts?|beginning|begins?)(?:\s+with)?\b/gi, op: "startswith" },
  { pattern: /\b(?:ending|ends?)(?:\s+with|\s+in)?\b/gi, op: "endswith" },
  { pattern: /\b(?:contains?|containing|mentioning|mentions?|including|includes|with the (?:word|text))\b/gi, op: "contains" },
];

/** Name fields in the order a bare "named 'X'" should use them. */
const DISPLAY_NAME_FIELDS = ["displayName", "servicePrincipalDisplayName", "userDisplayName", "title", "appDisplayName", "sourceIdentity/displayName", "initiatedBy/user/displayName"];

const spaced = (camel: string) => camel.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();

/**
 * "named 'X'", "display name Chloe Martin", "the risky SP 'X'": equality on the entity's name
 * field, or on the nested one whose parent the text names just before ("initiated by user
 * display name 'X'" → initiatedBy/user/displayName).
 */
function namedConditions(entity: Entity, slots: Slots): StructuredCondition[] {
  const named = /\b(?:named|called|(?:display ?)?name(?: is| of| =)?)\s*/i.exec(slots.text);
  const value = named ? nameAt(slots.text, named.index + named[0].length) : undefined;
  if (named && value) {
    const prefix = slots.text.slice(0, named.index).toLowerCase();
    const nested = Object.keys(entity.fields).find((f) => {
      const parents = f.split("/").slice(0, -1);
      return f.endsWith("/displayName") && parents.length > 0 && isFilterable(entity, f) && prefix.includes(spaced(parents[parents.length - 1]!));
    });
    const field = nested ?? DISPLAY_NAME_FIELDS.find((f) => isFilterable(entity, f));
    return field ? [{ field, op: "eq", value }] : [];
  }
  // A quoted name right after the noun for a named object is its name: a workload identity's service
  // principal, an attack-simulation automation, campaign, payload, landing or login page, training.
  const sp = /\b(?:workload identit(?:y|ies)|service principals?|sps?|(?:simulation |sim )?automations?|campaigns?|payloads?|landing pages?|login pages?|trainings?|end ?user notifications?)\s+(?=["'“‘`])/i.exec(slots.text);
  const spName = sp ? valueAfter(slots.text, sp.index + sp[0].length) : undefined;
  const spField = pick(entity, "displayName", "servicePrincipalDisplayName");
  return spName && spField ? [{ field: spField, op: "eq", value: spName }] : [];
}

/**
 * A string field written as Graph spells it: "userPrincipalName", "deviceDetail/operatingSystem",
 * "targetIdentity displayName" (segments joined by a slash, dot or space). Top-level names and
 * whole paths only: "displayName" alone is the entity's own.
 */
const spelledFieldCache = new WeakMap<Entity, { field: string; pattern: RegExp }[]>();
function spelledFields(entity: Entity): { field: string; pattern: RegExp }[] {
  let out = spelledFieldCache.get(entity);
  if (!out) {
    out = Object.entries(entity.fields)
      .filter(([path, f]) => f.type === "string" && !f.collection && isFilterable(entity, path) && /[A-Z/]/.test(path))
      .map(([path]) => ({ field: path, pattern: new RegExp(`(?<![\\w/])${path.split("/").map(escapeRegExp).join("[/. ]")}(?![\\w/])`, "gi") }));
    spelledFieldCache.set(entity, out);
  }
  return out;
}

/** The entry of NAME_FIELDS the entity can use, or a field spelled as Graph does, whose words occur last before `index`. */
function fieldNamedBefore(entity: Entity, text: string, index: number): string | undefined {
  let best: { field: string; end: number } | undefined;
  const before = text.slice(0, index);
  for (const { words, fields } of NAME_FIELDS) {
    const field = pick(entity, ...fields);
    if (!field) continue;
    for (const m of before.matchAll(words)) {
      const end = (m.index ?? 0) + m[0].length;
      if (!best || end > best.end) best = { field, end };
    }
  }
  // The property's own name beats a looser word ending at the same place or earlier.
  for (const { field, pattern } of spelledFields(entity)) {
    for (const m of before.matchAll(pattern)) {
      const end = (m.index ?? 0) + m[0].length;
      if (!best || end >= best.end) best = { field, end };
    }
  }
  return best?.field;
}

/** startswith / endswith / contains on the text field named before the function words. */
function stringFunctionConditions(entity: Entity, slots: Slots): StructuredCondition[] {
  const text = slots.text;
  const out: StructuredCondition[] = [];
  for (const fn of STRING_FUNCTIONS) {
    for (const m of text.matchAll(fn.pattern)) {
      const field = fieldNamedBefore(entity, text, m.index ?? 0);
      const value = field ? valueAfter(text, (m.index ?? 0) + m[0].length) : undefined;
      if (field && value && !out.some((c) => c.field === field)) out.push({ field, op: fn.op, value });
    }
  }
  return out;
}

const UNASSIGNED = /\b(?:unassigned|belong(?:s|ing)? to (?:nobody|no one|noone)|assigned to (?:nobody|no one|noone|none)|not (?:yet )?assigned|(?:has|have|haven't|hasn't|have not|has not) (?:been )?(?:yet )?assigned to (?:anyone|anybody|no one)|haven't been assigned|no owner|without (?:an )?(?:owner|assignee)|(?:nobody|no one|noone)(?:'s| is| was| has been| got)? assigned|(?:aren't|are not|isn't|is not|not|weren't|wasn't) (?:yet )?assigned to (?:anyone|anybody|someone)|(?:nobody|no one|noone) (?:has |have )?(?:yet )?(?:picked|taken|claimed|took) (?:it |them |this |these )?(?:up|ownership)|(?:nobody|no one|noone) (?:is|was) (?:the )?owner|(?:nobody|no one|noone) owns|unowned|ownerless)\b/i;
/** "alerts that ARE assigned", "already assigned but still new": someone owns it, whoever (an owner named by email is an eq). */
const ASSIGNED = /\b(?:is|are|was|were|already|currently|been|got)\s+assigned\b(?!\s+to\b)/i;

/** Retired ISO 3166 codes that Intl still names ("DD" is "Germany", "SU" is "Russia"). */
const RETIRED_REGION_CODES = new Set(["AN", "BU", "CS", "DD", "DY", "FQ", "FX", "HV", "NH", "NQ", "NT", "PC", "PU", "PZ", "RH", "SU", "TP", "VD", "WK", "YD", "YU", "ZR", "EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"]);

/** Other languages' region names that are also English words or names ("Island" is Iceland in German, "Maurice" Mauritius in French). */
const ENGLISH_WORD_NAMES = new Set(["island", "grenade", "indie", "reunion", "maurice", "dominique", "norfolk", "ascension", "salvador", "argentine", "granada", "guadalupe", "pitcairn", "guiana"]);

/** Country names → ISO 3166 alpha-2 codes, from the runtime's own region names. */
let countryCodes: Map<string, string> | undefined;
function countryTable(): Map<string, string> {
  if (!countryCodes) {
    countryCodes = new Map();
    // English names first; then the names in the other languages analysts write in ("Brasilien", "Alemania").
    for (const language of ["en", "de", "es", "fr", "pt", "nl", "it", "pl"]) {
      const names = new Intl.DisplayNames([language], { type: "region" });
      for (let a = 65; a <= 90; a++) {
        for (let b = 65; b <= 90; b++) {
          const code = String.fromCharCode(a, b);
          if (RETIRED_REGION_CODES.has(code)) continue;
          const display = names.of(code);
          if (!display || display === code || countryCodes.has(display.toLowerCase())) continue;
          if (language !== "en" && ENGLISH_WORD_NAMES.has(display.toLowerCase())) continue;
          countryCodes.set(display.toLowerCase(), code);
        }
      }
    }
    for (const [alias, code] of [["usa", "US"], ["america", "US"], ["uk", "GB"], ["britain", "GB"], ["england", "GB"], ["russian federation", "RU"], ["south korea", "KR"], ["north korea", "KP"], ["iran", "IR"], ["uae", "AE"]] as const) {
      countryCodes.set(alias, code);
    }
  }
  return countryCodes;
}

const countryCode = (name: string) => countryTable().get(name.toLowerCase());
/** A two-letter region code as written ("US", "VN"), when the runtime knows the region. */
const regionCode = (code: string) => ([...countryTable().values()].includes(code) ? code : undefined);

/** Capitalised words after "from"/"in" that are products or sources, not places. */
const NOT_A_PLACE = /^(?:Defender|Microsoft|Azure|Entra|Office|Exchange|Identity Protection|Core Directory|Privileged Identity Management|Invited Users|Workday|PIM|B2C|Chrome|Edge|Firefox|Safari|Opera|Windows|Android|Linux|Mac|MacOS|iOS|January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Q[1-4])\b/;
/** "taking over from Sam", "a message from Priya": after these words "from" names a person, not a place. */
const FROM_A_PERSON = /\b(?:tak(?:e|es|ing|en)|took|hand(?:s|ed|ing)?|heard|hear(?:ing)?|messages?|notes?|e-?mails?|pings?|word|handover|hand-?off|escalat(?:ed|ion))\s+(?:it\s+)?(?:over\s+)?$/i;
/** "from Russia", "from Iran or Russia", "from the city of Moscow or St Petersburg", "in Nigeria". */
const PLACE_PHRASE = /\b(?:from|in|located in|originating (?:from|in))\s+(?:the\s+)?(?:(?:[A-Z]{2,3}\s+|[A-Z][a-z]+\s+(?=(?:city|state|region)\b)))?(?:(city|state|region|country)\s+(?:of\s+)?)?(?!(?:from|in|the)\b)([A-Za-z][A-Za-z .'-]{1,60}?)(?=\s+(?:in|on|over|during|since|from|for|the|last|past|this|today|yesterday|and|with|between|before|after|that|which|who|where|when|but)\b|\s+\d|[?.,!()]|$)/gi;
/** "outside Germany", "not from the US", "anywhere but Canada": a place the request rules out. */
const OUTSIDE_PLACE = /\b(?:outside(?: of)?|not (?:from|in)|other than|except(?: from| in)?|anywhere but)\s+(?:the\s+)?([A-Z][A-Za-z.'-]*(?: [A-Z][A-Za-z.'-]*){0,3})/g;
/** "signins city Istanbul", "state Maharashtra", "with country NG", "location Brazil": an unquoted place after the field's name. */
const LABELLED_PLACE = /\b(city|state|country|location)\s*[:=]?\s*(?!(?:of|is|in|from|and|or)\b)([A-Z][A-Za-z.'-]*(?:[ -][A-Z][a-z.'-]+)*)/g;
/** "from Osaka city", "in Texas state": the place before the word that says what it is. */
const PLACE_THEN_KIND = /\b(?:from|in)\s+([A-Z][a-z.'-]+(?:[ -][A-Z][a-z.'-]+)*)\s+(city|state|province|region)\b/g;
/** "filtered to Germany", "limited to Brazil": a country the list is narrowed to. */
const NARROWED_TO = /\b(?:filtered|limited|restricted|narrowed)\s+(?:down\s+)?to\s+(?:the\s+)?([A-Z][a-z]+(?: [A-Z][a-z]+)*)/g;
/** "state 'Bavaria'", "city: 'Kyiv'": a quoted place after the field's name. */
const QUOTED_PLACE = /\b(city|state|region|country)\s*[:=]?\s*["'“`]([^"'”`]{1,60})["'”`]/gi;

/** Places the request names, each on the country, state or city field, several as `in`. */
function locationConditions(entity: Entity, slots: Slots): StructuredCondition[] {
  const fields = {
    country: pick(entity, "location/countryOrRegion", "countryOrRegion"),
    state: pick(entity, "location/state", "state"),
    city: pick(entity, "location/city", "city"),
  };
  if (!fields.country && !fields.city) return [];
  const found = new Map<string, string[]>();
  const add = (field: string | undefined, value: string) => {
    if (field && !found.get(field)?.includes(value)) found.set(field, [...(found.get(field) ?? []), value]);
  };
  for (const m of slots.text.matchAll(QUOTED_PLACE)) {
    const kind = m[1]!.toLowerCase();
    const place = m[2]!.trim();
    if (kind === "country") add(fields.country, countryCode(place) ?? place);
    else add(kind === "city" ? fields.city : fields.state, place);
  }
  for (const m of slots.text.matchAll(LABELLED_PLACE)) {
    const kind = m[1]!.toLowerCase();
    const place = m[2]!.trim();
    const code = (/^[A-Z]{2}$/.test(place) ? regionCode(place) : undefined) ?? countryCode(place);
    if (kind === "country" || (kind === "location" && code)) {
      if (code) add(fields.country, code);
    } else if (kind === "state") add(fields.state, place);
    else if (!NOT_A_PLACE.test(place)) add(fields.city, expandPlaceName(place));
  }
  for (const m of slots.text.matchAll(PLACE_THEN_KIND)) {
    const place = m[1]!;
    if (NOT_A_PLACE.test(place)) continue;
    if (m[2]!.toLowerCase() === "city") add(fields.city, expandPlaceName(place));
    else add(fields.state, place);
  }
  for (const m of slots.text.matchAll(NARROWED_TO)) {
    const code = countryCode(m[1]!);
    if (code) add(fields.country, code);
  }
  for (const m of slots.prose.matchAll(PLACE_PHRASE)) {
    if (FROM_A_PERSON.test(slots.prose.slice(0, m.index))) continue;
    const kind = m[1]?.toLowerCase();
    for (const part of m[2]!.split(/\s*,\s*|\s+or\s+/)) {
      const place = part.trim();
      // A region code counts only in capitals ("US"), never the pronoun "us".
      const code = (/^[A-Z]{2}$/.test(place) ? regionCode(place) : undefined) ?? countryCode(place);
      if ((kind === undefined || kind === "country") && code) add(fields.country, code);
      // A state's name is its capitalised words ("state of Texas look this week" is Texas).
      else if ((kind === "state" || kind === "region") && /^[A-Z]/.test(place)) add(fields.state, /^[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*/.exec(place)![0]);
      // A city is a proper noun the analyst capitalised ("Lagos"), not a word like "office".
      else if (/^[A-Z][a-z]+\.?(?:[ -][A-Z][a-z]+)*$/.test(place) && !NOT_A_PLACE.test(place)) add(fields.city, expandPlaceName(place));
    }
  }
  // "from outside Germany?? he should only be in DE": a place ruled out is no eq (and Graph documents no ne on it).
  const excluded = new Set<string>();
  for (const m of slots.prose.matchAll(OUTSIDE_PLACE)) {
    const place = m[1]!.trim();
    excluded.add(place);
    const code = (/^[A-Z]{2}$/.test(place) ? regionCode(place) : undefined) ?? countryCode(place);
    if (code) excluded.add(code);
  }
  return [...found]
    .map(([field, values]) => [field, values.filter((v) => !excluded.has(v))] as const)
    .filter(([, values]) => values.length > 0)
    .map(([field, values]) => (values.length === 1 ? { field, op: "eq", value: values[0]! } : { field, op: "in", value: values }));
}

/** "in category RoleManagement", "errors with category nonServiceFailure": a category field, its enum member when it has one. */
/** Words around "category" that are no category ("the category column", "by category", "error category"). */
const NOT_A_CATEGORY = /^(?:the|a|an|any|each|every|which|what|this|that|by|per|column|field|name|value|values|and|or|in|with|for|error|control|controls|profiles?|actions?|items?|ones|same|other|its|their|whose|of|is|are|only|please|pls|plz|thanks|now|today)$/i;

function categoryConditions(entity: Entity, slots: Slots): StructuredCondition[] {
  const field = Object.keys(entity.fields).find((f) => /(?:^|\/)(?:control|error)?[cC]ategory$/.test(f) && isFilterable(entity, f));
  if (!field) return [];
  // "category Identity", "whose category is identity", "for data category", "device category controls".
  const after = /\bcategory\s+(?:(?:is|=|:|of)\s*)?["']?([A-Za-z]+)\b/i.exec(slots.text)?.[1];
  const before = /\b(?:the\s+)?["']?([A-Za-z]+)["']?\s+category\b/i.exec(slots.text)?.[1];
  const word = [after, before].find((w) => w !== undefined && !NOT_A_CATEGORY.test(w));
  if (!word) return [];
  const members = entity.fields[field]!.enum;
  // Free-text categories are written capitalised in Graph ("Identity", "Data", "Device").
  const value = members ? members.find((v) => v.toLowerCase() === word.toLowerCase()) : word[0]!.toUpperCase() + word.slice(1);
  return value ? [{ field, op: "eq", value }] : [];
}

/** Last words of a field name too generic to label a value on their own ("type", "state"). */
const GENERIC_LAST_WORDS = new Set(["type", "status", "state", "name", "id", "in", "by", "time", "date"]);

/**
 * Ways a request names a field: its camelCase name, its words and a telling last word ("action"),
 * usable next to a bare value; a one-word name ("activity") labels only a quoted or "="-ed value.
 */
function fieldLabels(field: string, sharedTails: Set<string>): { label: string; loose: boolean }[] {
  const last = field.split("/").pop()!;
  const words = spaced(last).split(" ");
  if (words.length === 1) return [{ label: last.toLowerCase(), loose: false }];
  const tail = words[words.length - 1]!;
  const tails = GENERIC_LAST_WORDS.has(tail) || sharedTails.has(tail) ? [] : [{ label: tail, loose: true }];
  return [{ label: last.toLowerCase(), loose: true }, { label: words.join(" "), loose: true }, ...tails];
}

/** Last words that several of the fields end in ("source": detectionSource, serviceSource): they name none of them. */
function sharedLastWords(fields: string[]): Set<string> {
  const tails = fields.map((f) => spaced(f.split("/").pop()!).split(" ").pop()!);
  return new Set(tails.filter((t, i) => tails.indexOf(t) !== i));
}

const SEPARATOR = `(?:is|=|:|eq|of type|type|(?:classified|marked|flagged|set) as)`;
const OPEN = `["'“\`(]`;
const CLOSE = `["'”\`]`;

/** The member of `members` written next to `label`, or undefined. */
function valueNextTo(text: string, label: string, loose: boolean, members: string[]): string | undefined {
  const l = escapeRegExp(label);
  const alternatives = members.map((v) => escapeRegExp(v.toLowerCase())).join("|");
  const after = loose
    ? new RegExp(`\\b${l}s?\\s*${SEPARATOR}?\\s*${OPEN}?(${alternatives})\\b`)
    : new RegExp(`\\b${l}s?\\s*(?:${SEPARATOR}\\s*${OPEN}?|${OPEN})(${alternatives})\\b`);
  const before = loose ? new RegExp(`(?:${OPEN}(${alternatives})${CLOSE}|\\b(${alternatives}))[\\s-]+${l}s?\\b`) : new RegExp(`${OPEN}(${alternatives})${CLOSE}\\s+${l}s?\\b`);
  const m = after.exec(text) ?? before.exec(text);
  const written = m?.[1] ?? m?.[2];
  return written === undefined ? undefined : members.find((v) => v.toLowerCase() === written);
}

/** A quoted value right after a top-level string field's own name: "source 'IdentityProtection'". */
function quotedAfterName(text: string, field: string): string | undefined {
  const last = field.split("/").pop()!;
  for (const label of new Set([last, spaced(last)])) {
    const m = new RegExp(`\\b${escapeRegExp(label)}\\s*(?:is|=|:|eq)?\\s*["'“\`]([^"'”\`]{1,200})["'”\`]`, "i").exec(text);
    if (m) return m[1]!.trim();
  }
  return undefined;
}

/**
 * A value written next to its field's name: an enum member or boolean ("action other", "'other'
 * actions", "hidden-level", "risk state none", "tokenIssuerType is AzureAD", "(isProcessing
 * true)"), or a quoted string after a string field's name ("source 'IdentityProtection'").
 */
function labelledFieldConditions(entity: Entity, slots: Slots): StructuredCondition[] {
  const out: StructuredCondition[] = [];
  // As read and as typed: normalisation may rename a literal value ("AzureAD").
  const text = `${slots.text}\n${slots.original}`.toLowerCase();
  // A nested field counts only when the text names its parent ("payload technique", not "technique").
  const named = (field: string) => field.split("/").slice(0, -1).every((p) => text.includes(spaced(p)));
  const fields = Object.keys(entity.fields).filter((f) => isFilterable(entity, f) && named(f));
  const sharedTails = sharedLastWords(fields.filter((f) => entity.fields[f]!.type === "enum"));
  for (const field of fields) {
    const spec = entity.fields[field]!;
    // Only a top-level string field: "display name 'X'" must not land on every nested displayName.
    // Ids are read by their labels (labelledValueConditions), not as quoted text.
    if (spec.type === "string" && !spec.enum && !field.includes("/") && !/(?:^id|Id)$/.test(field)) {
      const value = quotedAfterName(slots.text, field);
      if (value) out.push({ field, op: "eq", value });
      continue;
    }
    if (spec.type !== "enum" && spec.type !== "boolean") continue;
    const members = spec.type === "boolean" ? ["true", "false"] : (spec.enum ?? []).filter((v) => v !== "unknownFutureValue");
    for (const { label, loose } of members.length > 0 ? fieldLabels(field, sharedTails) : []) {
      const value = valueNextTo(text, label, loose, members);
      if (value === undefined) continue;
      out.push({ field, op: "eq", value: spec.type === "boolean" ? value === "true" : value });
      break;
    }
  }
  return out;
}

/** Capitalised words that name products, months or sources rather than a search subject. */
const NOT_A_SUBJECT = /^(?:Defender|Microsoft|Azure|Entra|Office|Exchange|Identity|Endpoint|Cloud|Apps?|TI|MDI|MDE|MDO|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/;

/** Words that end a lower-case subject ("articles on scattered spider from last week"). */
const SUBJECT_STOP = /^(?:id|ids|identifier|from|in|since|during|over|last|past|this|these|those|with|that|which|who|just|only|and|or|but|published|created|updated|written|sorted|ordered|newest|latest|oldest|top|first|please|pls|plz|for|by|to|at|as|it|them|its|their|our|any|all|me|us|today|yesterday|now|recently|lately|so|then|thanks|thx|ty|in|of|the|a|an)$/;
/** Lower-case words that are no subject on their own (pronouns, time words, the collection itself). */
const NOT_A_LOWER_SUBJECT = /^(?:it|this|that|them|these|those|here|there|topic|subject|threat|threats|intel|intelligence|ti|mdti|article|articles|profile|profiles|actor|actors|report|reports|tools?|something|anything|everything|stuff|things?|list|lists|library|catalog|catalogue|collection|all|everything|overview|please|pls)$/;
/** The collection nouns a subject may follow with a preposition ("articles on …", "write-up about …"). */
const SUBJECT_HEAD = String.raw`(?:profiles?|articles?|reports?|actors?|write-?ups?|writeups?|intel|intelligence|blogs?|posts?|briefs?|briefings?)`;
const HEAD_WORD = new RegExp(String.raw`^${SUBJECT_HEAD}$`, "i");
const CAPITALISED_SUBJECT = String.raw`["']?((?:[A-Z][\w-]*)(?:\s+[A-Z][\w-]*){0,3})["']?`;
const SUBJECT_PATTERNS = [
  new RegExp(String.raw`\b(?:about|regarding|mentioning|mentions?|named|called|on|covering|abt)\s+(?:the\s+)?${CAPITALISED_SUBJECT}`),
  new RegExp(String.raw`\b${SUBJECT_HEAD}\s+(?:for|of|on)\s+${CAPITALISED_SUBJECT}`),
  // "the actor Storm-0558", "threat actor Octo Tempest": a name after the noun that classifies it.
  new RegExp(String.raw`\b(?:actor|group|tool|malware|family|campaign|profile)\s+${CAPITALISED_SUBJECT}`),
];
/** "articles on scattered spider", "TI articles mentioning ransomware": a lower-case subject right after the collection. */
const LOWER_SUBJECT = new RegExp(String.raw`\b${SUBJECT_HEAD}\s+(?:about|regarding|mentioning|mentions?|on|covering|for|of|that mentions?|abt)\s+["']?([a-z0-9][\w.-]*(?:\s+[a-z0-9][\w.-]*){0,3})`);
/** "…, only about ransomware": a subject word that needs no collection noun before it. */
const LOWER_TOPIC = /\b(?:about|regarding|mentioning|mentions?|covering|abt)\s+(?:the\s+)?["']?([a-z0-9][\w.-]*(?:\s+[a-z0-9][\w.-]*){0,3})/;
/** "TI ARTICLES LUMMA STEALER", "intel profiles volt typhoon": the subject written straight after the collection, closing the request. */
const TRAILING_SUBJECT = new RegExp(String.raw`\b${SUBJECT_HEAD}\s+([a-z0-9][\w.-]*(?:\s+[a-z0-9][\w.-]*){0,2})\s*[.?!]?\s*$`, "i");

/** "articles about Qakbot", "profile for Midnight Blizzard", "articles on scattered spider": the subject, for `$search`. */
export function searchSubject(slots: Slots, fields: string[] = []): string | undefined {
  // The prose first; then the text, where a name shaped like an id ("Storm-0558") is kept.
  for (const source of [slots.prose, slots.text]) {
    for (const pattern of SUBJECT_PATTERNS) {
      const subject = pattern.exec(source)?.[1];
      if (subject && subject.length >= 3 && !NOT_A_SUBJECT.test(subject)) return subject;
    }
  }
  const named = new Set(fields.map((f) => f.toLowerCase()));
  for (const pattern of [LOWER_SUBJECT, LOWER_TOPIC, TRAILING_SUBJECT]) {
    const words = pattern.exec(slots.prose)?.[1]?.split(/\s+/) ?? [];
    // "intel profiles volt typhoon": a second collection word is part of the head.
    while (words.length > 0 && HEAD_WORD.test(words[0]!)) words.shift();
    const end = words.findIndex((w) => SUBJECT_STOP.test(w.toLowerCase()));
    const kept = (end < 0 ? words : words.slice(0, end)).join(" ").replace(/[.,;:!?]+$/, "");
    const keptWords = kept.toLowerCase().split(" ");
    // "profiles of kind tool": a field's name and its value, a filter rather than a subject.
    if (keptWords.some((w) => named.has(w))) return undefined;
    if (kept.length >= 3 && !keptWords.every((w) => NOT_A_LOWER_SUBJECT.test(w))) return kept;
  }
  return undefined;
}

/**
 * "ti indicators for ip 203.0.113.9", "indicator for domain x.net exist?": on an entity that stores
 * indicators (it has two or more such value fields), each indicator the request gives lands on the
 * field that holds its kind.
 */
function indicatorConditions(entity: Entity, slots: Slots): StructuredCondition[] {
  const fields = Object.keys(entity.fields).filter((f) => INDICATOR_VALUE_FIELD.test(f) && isFilterable(entity, f));
  if (fields.length < 2) return [];
  return fields.flatMap((field) => {
    const value = indicatorFieldValue(field, slots);
    return value === undefined ? [] : [{ field, op: "eq" as const, value }];
  });
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

/** Words of the catalog's path parameters ("riskyUserId" → risky, user): objects addressed by id in a path. */
const pathNounCache = new WeakMap<Catalog, Set<string>>();
function pathNouns(catalog: Catalog): Set<string> {
  let nouns = pathNounCache.get(catalog);
  if (!nouns) {
    const names = catalog.operations.flatMap((o) => o.params.filter((p) => p.in === "path").map((p) => p.name.replace(/Id$/, "")));
    nouns = new Set(names.flatMap((n) => spaced(n).split(" ")));
    pathNounCache.set(catalog, nouns);
  }
  return nouns;
}

/**
 * Entra's other names for an id's label: a client id is the app id, an "SP id" the service
 * principal's, a "user object (id)" the user's; "the app X" labels an app id as "app id X" does.
 */
const ID_LABEL_ALIASES: Record<string, string> = { client: "app", sp: "serviceprincipal", spn: "serviceprincipal" };
function idLabel(label: string | undefined, before: string, after: string): string | undefined {
  // "the user object X as a target" is the object acted on, not the user who acted.
  // "target user with id X" names the object acted on: no field of the actor's.
  if (/\btarget(?:ed)?\s+(?:user|group|app(?:lication)?|object|resource)\b[^.]{0,20}$/.test(before)) return "target";
  if (label === "object" && /\buser\s+(?:with\s+(?:the\s+|an?\s+)?)?object(?:\s*id)?\s*[:#=]?\s*$/.test(before) && !/^\W*(?:as|is|was)\s+(?:an?|the)\s+target\b/i.test(after)) return "user";
  if (label === undefined && /\bapp(?:lication)?\s*[:#=]?\s*$/.test(before)) return "app";
  return label === undefined ? undefined : ID_LABEL_ALIASES[label] ?? label;
}

/**
 * Values labelled with a field's name ("correlation id X", "app id X", "initiating user id X",
 * "cycle X"): the entity's filterable field whose last one or two path segments spell
 * "<label>id"; among several, the one whose whole path the words before the value spell
 * ("target identity id X" is targetIdentity/id, not sourceIdentity/id).
 */
function labelledValueConditions(entity: Entity, catalog: Catalog, slots: Slots): StructuredCondition[] {
  const out: StructuredCondition[] = [];
  const addressed = pathNouns(catalog);
  const ind = slots.indicators;
  const fields = Object.keys(entity.fields).filter((f) => isFilterable(entity, f) && ["string", "guid"].includes(entity.fields[f]!.type));
  const spelled = (f: string) => {
    const parts = f.toLowerCase().split("/");
    return [parts.slice(-1).join(""), parts.slice(-2).join("")];
  };
  for (const value of [...ind.guids, ...ind.objectIds]) {
    const at = slots.text.indexOf(value);
    const before = slots.text.slice(Math.max(0, at - 40), Math.max(0, at)).toLowerCase();
    // "cycle X": a bare word before the value names a field "<word>Id" as well as "<word> id X"
    // does, unless the word names an object Graph addresses by path ("risky user X" is that user).
    const bare = /\b([a-z]{4,})\s*[:#=]?\s*$/.exec(before)?.[1];
    // "sign-ins of user X": a bare word that is also a top-level "<word>Id" field of this entity labels it.
    const ownField = bare !== undefined && fields.includes(`${bare}Id`);
    const label = idLabel(valueLabel(value, slots.text) ?? (bare && (!addressed.has(bare) || ownField) ? bare : undefined), before, slots.text.slice(at + value.length, at + value.length + 20));
    if (!label) continue;
    const candidates = fields.filter((f) => spelled(f).includes(`${label}id`));
    const loose = candidates.length > 0 ? candidates : fields.filter((f) => spelled(f).some((s) => s.endsWith(`${label}id`)));
    const field = loose.find((f) => f.split("/").slice(0, -1).every((p) => before.includes(spaced(p)))) ?? loose[0];
    if (field && !out.some((c) => c.field === field)) out.push({ field, op: "eq", value });
  }
  return out;
}

/**
 * Conditions only some entities can express (a named audit activity or the service that logged
 * it, a sign-in error code, client app or conditional access outcome): a hint for choosing the
 * operation as well as a filter.
 */
export function textFilterAffinity(entity: Entity | undefined, slots: Slots): boolean {
  if (!entity) return false;
  const readings = [auditActivityConditions, auditServiceConditions, errorCodeConditions, clientAppConditions, conditionalAccessConditions];
  return readings.some((read) => read(entity, slots).length > 0);
}

/** Conditions read from the words of entity-specific vocabularies (audit, sign-in, provisioning, risk). */
function vocabularyConditions(entity: Entity, catalog: Catalog, slots: Slots): StructuredCondition[] {
  const detail = riskDetailConditions(entity, slots);
  return [
    ...clientAppConditions(entity, slots),
    ...conditionalAccessConditions(entity, slots),
    ...deviceConditions(entity, slots),
    ...resourceConditions(entity, slots),
    ...ipPrefixConditions(entity, slots),
    ...riskEventConditions(entity, catalog, slots),
    ...detail,
    ...riskStateConditions(entity, slots, detail.length > 0),
    ...detectionTimingConditions(entity, slots),
    ...tokenIssuerConditions(entity, catalog, slots),
  ];
}

export function textFilters(entity: Entity, catalog: Catalog, slots: Slots, options: { searchable: boolean }): TextFilters {
  const functions = stringFunctionConditions(entity, slots);
  const placed = [...directoryAuditConditions(entity, slots), ...provisioningConditions(entity, slots)];
  // A name the audit or provisioning rules placed on a field is not also a generic "named" value.
  const claimed = new Set(placed.map((c) => String(c.value)));
  const candidates = [
    ...labelledValueConditions(entity, catalog, slots),
    ...functions,
    ...(functions.length === 0 ? namedConditions(entity, slots).filter((c) => !claimed.has(String(c.value))) : []),
    ...placed,
    ...locationConditions(entity, slots),
    ...errorCodeConditions(entity, slots),
    ...categoryConditions(entity, slots),
    ...contactEmailConditions(entity, slots),
    ...indicatorConditions(entity, slots),
    ...vocabularyConditions(entity, catalog, slots),
    ...labelledFieldConditions(entity, slots),
  ];
  // An app id names the app already: words around it ("the suspicious OAuth app") are no display name.
  if (candidates.every((c) => c.field !== "appDisplayName" && c.field !== "appId")) candidates.push(...appConditions(entity, slots));
  // One condition per field: the first reading (the most explicit one) wins. A written failure code
  // ("blocked by CA (53003)") says the outcome already; the conditional access failure is the same fact.
  const failureCode = candidates.some((c) => /(?:^|\/)errorCode$/.test(c.field) && c.op === "eq" && c.value !== 0);
  const where = candidates.filter((c, i) => candidates.findIndex((d) => d.field === c.field) === i && !(failureCode && c.field === "conditionalAccessStatus" && c.value === "failure"));
  const raw: string[] = [];
  const owner = pick(entity, "assignedTo");
  if (owner && UNASSIGNED.test(slots.text)) raw.push(`${owner} eq null`);
  else if (owner && ASSIGNED.test(slots.prose) && slots.indicators.emails.length === 0) raw.push(`${owner} ne null`);
  const subject = options.searchable && where.length === 0 ? searchSubject(slots, Object.keys(entity.fields)) : undefined;
  const supersedes = where.some((c) => c.field === "riskDetail") && !/\brisk ?state\b|\bstate\b/i.test(slots.text) ? ["riskState"] : [];
  const consumed = riskEventWords(entity, catalog, slots);
  // Graph's $search takes a quoted phrase.
  return { where, raw, ...(subject ? { search: `"${subject}"` } : {}), ...(supersedes.length > 0 ? { supersedes } : {}), ...(consumed.length > 0 ? { consumed } : {}) };
}
