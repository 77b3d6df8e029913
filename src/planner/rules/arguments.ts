/**
 * Argument assembly for a chosen operation from the request's slots, restricted to what the
 * operation accepts: path ids from identifiers, body members from enum words / accounts / quoted
 * text, and for list operations a structured `where` over the entity's filterable fields plus
 * `top` and `orderby`.
 */
import type { StructuredCondition } from "../../catalog/common-schemas.js";
import type { Catalog, Entity, FieldSpec, Operation } from "../../catalog/types.js";
import { matchEnumValues, valuesByField, type EnumField, type EnumMatch, type Slots } from "../slots/index.js";
import { fillStatedBodyValues } from "./body-values.js";
import { generateHuntingQuery } from "./hunting.js";
import { searchSubject, textFilters } from "./text-filters.js";
import { escapeRegExp } from "../regex.js";

export type Assembly = { ok: true; arguments: Record<string, unknown> } | { ok: false; reason: string };

type JsonSchema = { type?: string | string[]; enum?: unknown[]; items?: JsonSchema; properties?: Record<string, JsonSchema>; format?: string };

/**
 * Enum fields whose values are usually meant as something else unless the field is named
 * ("detected by", "conditional access", "risk detail").
 */
const CUE_REQUIRED_FIELDS = new Set(["detectionSource", "riskDetail", "tokenIssuerType", "detectionTimingType", "activity", "conditionalAccessStatus", "riskLevelAggregated", "riskEventTypes", "format", "initiatorType", "groupType"]);

/** Other verbs for the moment a datetime field's stem names: "finished in november" is when it completed. */
const MOMENT_SYNONYMS: Record<string, RegExp> = { compl: /\b(?:finish(?:ed|es)?|ended)\b/ };

/** Datetime fields in the order a bare time window should use them. */
const TIME_FIELD_PREFERENCE = ["createdDateTime", "detectedDateTime", "activityDateTime", "launchDateTime", "riskLastUpdatedDateTime", "lastUpdateDateTime", "lastModifiedDateTime"];
/** "updated since", "not modified in a week"; not "nobody's touched yet", which says the object is new. */
const UPDATED_WORDS = /(?<!\b(?:nobody|no one|noone)(?:'s| has| have)?\s+(?:yet\s+)?)\b(?:updated|modified|changed|touched|last update|(?:got|had|received|with)\s+(?:an?\s+|any\s+)?updates?)\b/i;
/** The request dates the object's creation in so many words ("created last week that are resolved"). */
const CREATED_WORDS = /\b(?:created|opened|raised|generated|came in|fired|triggered)\b/i;
/**
 * A status change told as an event ("alerts resolved this week", "incident was closed yesterday",
 * "closed as not malicious in december"): the window is when it changed, not when it was created.
 * "resolved alerts in december" (an adjective before the noun), "that are resolved" (a state) and
 * "the ones not closed" say which alerts, not when.
 */
const CHANGED_WHEN = /\b(?:alerts?|incidents?|ones|was|were|got|been|has|have|which|that)\s+(?:(?!not\b|never\b|nobody\b|no\b|yet\b|is\b|are\b|be\b)\w+\s+)?(?:closed|resolved|dismissed|remediated|fixed|reopened)\b|^\s*(?:closed|resolved)\s+as\b/i;

/**
 * Clauses that tell what the analyst did ("I triaged the high ones.", "before I close the related
 * stuff, …"): their enum words describe the story, not the filter. Such a clause starts a sentence
 * or follows a conjunction (not "payloads we built", which describes the payloads) and asks nothing.
 */
const NARRATIVE_CLAUSE =
  /(?:^|[,.;:!?—(]\s*|\b(?:before|after|since|when|while|once|and|but|so|because|then)\s+)(?:I|I've|I'm|I'll|I'd|we|we've|we're|we'll)\s+[^,.;:!?—()]*/gi;
const ASKS = /\b(?:need\w*|want\w*|wanna|like|looking for|requir\w*|wonder\w*|ask\w*|show|list|give|pull|get|find|check|see|know|interested)\b/i;

function blankNarrative(text: string): string {
  return text.replace(NARRATIVE_CLAUSE, (m) => (ASKS.test(m) ? m : " ".repeat(m.length)));
}

/** "alert" for /security/alerts_v2, "issue" for …/healthIssues: the noun the operation lists. */
function collectionNoun(op: Operation): string {
  const segment = op.path.split("/").filter((p) => p && !p.startsWith("{")).pop() ?? "";
  return segment.replace(/_v\d+$/, "").replace(/^.*[a-z0-9](?=[A-Z])/, "").replace(/s$/, "").toLowerCase();
}

/**
 * In a request of several sentences, the ones that name what is listed or ask for something: "FYI
 * the pentest team was active Friday to Sunday." is context, and its "active" is not a status.
 */
function requestSentences(text: string, op: Operation): string {
  const sentences = text.split(/(?<=[.!])\s+/);
  if (sentences.length < 2) return text;
  const noun = new RegExp(`\\b${collectionNoun(op)}`, "i");
  const kept = sentences.map((s) => (noun.test(s) || ASKS.test(s) || s.includes("?") ? s : " ".repeat(s.length)));
  return kept.some((s) => s.trim()) ? kept.join(" ") : text;
}

/**
 * Another field's name written out ("sensor DNS name" for sensorDNSNames): its words name that
 * field, so its "sensor" is not a healthIssueType.
 */
function blankFieldNames(text: string, entity: Entity): string {
  let out = text;
  for (const [name, f] of Object.entries(entity.fields)) {
    const words = name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2").split(" ");
    if (f.type === "enum" || name.includes("/") || words.length < 2) continue;
    const singular = words.join("[\\s_-]*").replace(/s$/, "");
    out = out.replace(new RegExp(`\\b${singular}s?\\b`, "gi"), (m) => " ".repeat(m.length));
  }
  return out;
}

/** The request with the window's own words, the analyst's narrative, context sentences and other fields' names blanked, for enum words. */
function enumWords(slots: Slots, op: Operation, entity: Entity, consumed: string[] = []): string {
  let text = blankFieldNames(requestSentences(withQuotedValues(slots), op), entity);
  // Words another reading used up ("user reported suspicious activity" is a risk event type, its "user" no activity).
  for (const words of consumed) {
    const at = text.toLowerCase().indexOf(words);
    if (at >= 0) text = text.slice(0, at) + " ".repeat(words.length) + text.slice(at + words.length);
  }
  // "sensor DC02.corp.contoso.com": a word right before an object's name names that object, not a type.
  for (const name of [...slots.indicators.hosts, ...slots.indicators.domains]) {
    const m = new RegExp(`\\b([a-z]+)['’]?s?\\s+${escapeRegExp(name)}`, "i").exec(slots.text);
    if (m && m.index !== undefined) text = text.slice(0, m.index) + " ".repeat(m[1]!.length) + text.slice(m.index + m[1]!.length);
  }
  // "since new year" is the window; its "new" is not a status.
  const window = slots.time?.text ? text.toLowerCase().indexOf(slots.time.text.toLowerCase()) : -1;
  if (window >= 0) text = text.slice(0, window) + " ".repeat(slots.time!.text.length) + text.slice(window + slots.time!.text.length);
  return blankNarrative(text);
}

/**
 * The prose with its quoted values back where they were written: a quoted enum value ("'not enough
 * data to validate'") counts, next to the field named beside it ("risk 'none' but state remediated").
 */
function withQuotedValues(slots: Slots): string {
  let prose = slots.prose;
  for (const q of slots.indicators.quoted) {
    for (let at = slots.text.indexOf(q); at >= 0; at = slots.text.indexOf(q, at + q.length)) {
      if (prose.slice(at, at + q.length).trim() === "") prose = prose.slice(0, at) + q + prose.slice(at + q.length);
    }
  }
  return prose;
}

const iso = (d: Date) => d.toISOString().replace(/\.000Z$/, "Z");
/** "threatType" → "threat type". */
const spaced = (camel: string) => camel.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();

function schemaProperties(op: Operation): Record<string, JsonSchema> {
  return ((op.inputSchema as JsonSchema).properties ?? {}) as Record<string, JsonSchema>;
}

function requiredArgs(op: Operation): Set<string> {
  const req = (op.inputSchema as { required?: unknown }).required;
  return new Set(Array.isArray(req) ? req.filter((r): r is string => typeof r === "string") : []);
}

const CORRELATED = /\bcorrelat(?:ion|ed|es|ing)\s+(?:(?:to|with)\s+)?["'`]?$/i;
const FUNCTION_WORDS = new Set(["a", "an", "the", "with", "by", "of", "for", "its", "their", "has", "having", "and", "or", "same", "this", "that"]);

/**
 * The word a value is labelled with in the request ("correlation id X" → "correlation",
 * "app id X" → "app", "userId=X" → "user"), or undefined when it stands alone.
 */
export function valueLabel(value: string, text: string): string | undefined {
  const at = text.indexOf(value);
  if (at < 0) return undefined;
  const before = text.slice(Math.max(0, at - 40), at);
  const label = /\b([a-z]+?)[\s_-]*id\s*(?:[:=#]|\s|of|is|eq)*\s*["'`]?$/i.exec(before)?.[1]?.toLowerCase();
  if (label && !FUNCTION_WORDS.has(label)) return label;
  // "the app with id X", "the user having the id X": the noun before the function word labels it.
  const noun = /\b([a-z]{2,})\s+(?:with|having|of|whose)\s+(?:the\s+|an?\s+)?(?:object\s+)?id\s*(?:[:=#]|\s|is)*\s*["'`]?$/i.exec(before)?.[1]?.toLowerCase();
  if (noun && !FUNCTION_WORDS.has(noun) && !/^(?:one|that|those|these|item|entry|record|object)$/.test(noun)) return noun;
  // "audit with correlation X", "correlated to X": a correlation id without the word "id".
  return CORRELATED.test(before) ? "correlation" : undefined;
}

/**
 * A value may address the object `param` names when nothing labels it as something else: "app id X"
 * is a filter on appId, not the id of a risky service principal; "user id X" is a risky user's id.
 */
function addresses(param: string, value: string, slots: Slots): boolean {
  const label = valueLabel(value, slots.text);
  if (label === undefined) return true;
  const words = spaced(param).split(/\s+/);
  return words.some((w) => w === label || (label.length >= 4 && w.startsWith(label)) || (w.length >= 4 && label.startsWith(w)));
}

/** The identifier for a path parameter, by what its name says it addresses; undefined if none. */
export function pathValue(name: string, slots: Slots): string | undefined {
  const found = rawPathValue(name, slots);
  return found !== undefined && addresses(name, found, slots) ? found : undefined;
}

function rawPathValue(name: string, slots: Slots): string | undefined {
  const ind = slots.indicators;
  const lower = name.toLowerCase();
  if (lower.includes("alert")) return ind.alertIds[0] ?? ind.guids[0];
  if (lower.includes("incident")) return askedIncident(ind.incidentIds, slots.text) ?? /#(\d{1,12})\b/.exec(slots.text)?.[1];
  // Graph addresses users and service principals by object id (a GUID), never by UPN.
  if (/(?:user|principal|account)(?:id)?$/.test(lower)) return ind.guids[0];
  // Threat-intelligence hosts are internet hosts: a domain or an IP address.
  if (/^host(?:id)?$/.test(lower)) return ind.domains[0] ?? ind.ips[0] ?? ind.hosts[0];
  if (/certificate/.test(lower)) return ind.hashes.find((h) => h.algorithm === "sha1")?.value ?? ind.objectIds[0] ?? ind.guids[0];
  if (/^vulnerabilit(?:y|ies)(?:id)?$/.test(lower)) return CVE.exec(slots.text)?.[0]?.toUpperCase();
  // "component 40283 of vulnerability CVE-…": the token the parameter's own noun introduces.
  const labelled = labelledPathValue(name, slots.text);
  if (labelled && !CVE.test(labelled)) return labelled;
  // A CVE names a vulnerability, never another object. Quoted words with spaces are names and
  // phrases ('Add owner to application'), never ids.
  return ind.guids[0] ?? ind.objectIds.find((v) => !CVE.test(v)) ?? ind.hashes[0]?.value ?? ind.quoted.find((q) => !/\s/.test(q));
}

const CVE = /\bCVE-\d{4}-\d{4,7}\b/i;

/**
 * Of several incident numbers, the one the ask names: in handover prose ("Emma has INC 10711, Josh
 * has 10712. … Resolve 10713 as true positive") the last sentence that names one; in one sentence,
 * the first.
 */
function askedIncident(ids: string[], text: string): string | undefined {
  if (ids.length < 2) return ids[0];
  const sentences = text.split(/(?<=[.!?;])\s+|\n+/);
  for (const sentence of sentences.reverse()) {
    const named = ids.filter((id) => new RegExp(`(?<!\\d)${id}(?!\\d)`).test(sentence));
    if (named.length > 0) return named[0];
  }
  return ids[0];
}

/**
 * The token right after the parameter's noun: the name without "Id", whole ("host cookie X",
 * "hostPair X") or its last word when the text names the others too ("component 40283 of
 * vulnerability …", but not "port 4444" for a hostPortId). An id holds a digit.
 */
function labelledPathValue(name: string, text: string): string | undefined {
  const words = spaced(name.replace(/Id$/, "")).split(" ");
  const nouns = [words.join("[\\s_-]*")];
  if (words.length > 1 && words.slice(0, -1).every((w) => new RegExp(`\\b${w}`, "i").test(text))) nouns.push(words[words.length - 1]!);
  const m = new RegExp(`\\b(?:${nouns.join("|")})s?\\s+(?:(?:id|record|entry)\\s+)?#?([A-Za-z0-9][\\w.:=+/-]*\\d[\\w.:=+/-]*)`, "i").exec(text);
  // Sentence punctuation after the id is not part of it ("issue 7c8d…0f.", "tiIndicator 1c2d…: set").
  return m?.[1]?.replace(/[.:]+$/, "");
}

/** A value for a function-style path parameter with an enum ("period" → D7/D30/…). */
function enumPathValue(schema: JsonSchema, slots: Slots): string | undefined {
  const values = (schema.enum ?? []).filter((v): v is string => typeof v === "string");
  if (values.length === 0) return undefined;
  const days = slots.time?.from ? Math.max(1, Math.round((slots.now.getTime() - slots.time.from.getTime()) / 86_400_000)) : undefined;
  const numeric = values.map((v) => ({ v, n: Number(/\d+/.exec(v)?.[0]) })).filter((x) => Number.isFinite(x.n));
  if (days !== undefined && numeric.length > 0) {
    return numeric.reduce((best, x) => (Math.abs(x.n - days) < Math.abs(best.n - days) ? x : best)).v;
  }
  return values[0];
}

/** Free text for a comment: the quoted part, else what follows "comment:"/"saying"/"note". */
function commentText(slots: Slots): string | undefined {
  const quoted = slots.indicators.quoted[0];
  if (quoted) return quoted;
  // "saying …" introduces the text itself; "comment …" may be followed by where it goes ("to alert X").
  const after =
    /\b(?:saying|that says|with text)\s*[:\-–]?\s+(.+)$/i.exec(slots.text) ??
    /(?:comment|note|message)\s*[:\-–]?\s+(.+)$/i.exec(slots.text);
  // Typo repair swaps words one for one: take the same number of trailing words from the request as
  // written, so the analyst's own text is posted, never a "corrected" one ("EDR logs" ≠ "EDR loss").
  const words = after?.[1]?.trim().split(/\s+/).length ?? 0;
  const asWritten = words > 0 ? slots.original.trim().split(/\s+/).slice(-words).join(" ") : undefined;
  // "note on <alert id>: text" — the id and its colon address the alert; they are not the comment.
  const text = asWritten?.replace(/^(?:(?:to|on|for)\s+)?(?:the\s+)?(?:alert\s+)?[\w-]*\d[\w-]*\s*[:–—-]\s+/i, "").replace(/^["'“]|["'”]$/g, "");
  return text && text.length > 0 ? text : undefined;
}

/** Body enums; a write also reads the verb of a state ("suppress issue X" sets status suppressed). */
function bodyEnumFields(props: Record<string, JsonSchema>, bodyNames: Set<string>): EnumField[] {
  return Object.entries(props)
    .filter(([name, s]) => bodyNames.has(name) && Array.isArray(s.enum))
    .map(([name, s]) => ({ field: name, values: (s.enum ?? []).filter((v): v is string => typeof v === "string"), verbs: true }));
}

/** "it was closed by mistake", "(was: resolved)": the state an object was in, not the one to set. */
const PAST_STATE = /\b(?:was|were|been|had|used to be|currently)\b[^,.;:!?()]*$/i;

/**
 * The value to set per body field when the text names several: the last one that is not a past
 * state ("in redirected? no, in progress please", "Open items: … set 9234 to awaiting action",
 * "status back to new, it was closed by mistake").
 */
/** Words right before a value that make it the one being replaced ("alert instead of block", "from new to active"). */
const REPLACED = /\b(?:instead of|rather than|in place of|from)\s*(?:the\s+)?["'“]?$/i;

function targetValues(matches: EnumMatch[], text: string): Map<string, string> {
  const out = new Map<string, string>();
  const settled = new Set<string>();
  const replaced = (m: EnumMatch) => REPLACED.test(text.slice(Math.max(0, m.index - 25), m.index));
  const kept = matches.filter((m) => !replaced(m) || matches.every((o) => o.field !== m.field || replaced(o)));
  for (const m of [...kept].reverse()) {
    const past = PAST_STATE.test(text.slice(Math.max(0, m.index - 25), m.index));
    if (settled.has(m.field) || (past && out.has(m.field))) continue;
    out.set(m.field, m.value);
    if (!past) settled.add(m.field);
  }
  return out;
}

/** Words that introduce free text for a comment field the operation does not require. */
const COMMENT_CUE = /\b(?:comments?|notes?|saying|says|message|reason|because)\b/i;
/** "assign", "reassign", "hand it to", "give it to": a new owner. */
const OWNER_CUE = /assign|\bowner|\btake ownership|\b(?:hand|give|pass)(?:ed|ing|s)?\b.*\bto\b/i;

/** "tag it 'bec' and 'finance'", "tag incident 77 with ransomware": every quoted tag, else the word after with/as. */
function tagValues(slots: Slots): string[] | undefined {
  const at = /\btag(?:s|ged)?\b/i.exec(slots.text);
  if (!at) return undefined;
  const after = slots.text.slice(at.index);
  const quoted = slots.indicators.quoted.filter((q) => after.includes(q));
  if (quoted.length > 0) return quoted;
  const word = /\btag(?:ged)?\b.*?\b(?:with|as)\s+["']?([\w.-]{1,60})/i.exec(slots.text)?.[1];
  if (word) return [word];
  // "put the tags BEC and finance to incident 50877", "add tags vip, bec on it": the words between "tags" and the object.
  const listed = /\btags?\s+((?:[\w.-]{1,40}(?:\s*,\s*|\s+and\s+|\s*&\s*)){0,5}[\w.-]{1,40})\s+(?:to|on|onto|for)\b/i.exec(slots.text)?.[1];
  return listed ? listed.split(/\s*,\s*|\s+and\s+|\s*&\s*/).filter((t) => t.length > 0) : undefined;
}

/** "confidence 80", "set severity to 3": a number written after the field's own words. */
function numberAfterName(name: string, text: string): number | undefined {
  const words = spaced(name);
  // "confidence 80", "raise confidence of indicator X to 90" (the id is blanked from the prose).
  const m = new RegExp(`\\b${words}\\s*(?:to|=|:|of|at)?\\s*(\\d{1,6})\\b|\\b${words}\\b(?:\\s+[a-z]+){0,4}\\s+(?:to|=|at)\\s+(\\d{1,6})\\b`, "i").exec(text);
  return m ? Number(m[1] ?? m[2]) : undefined;
}

function assembleBody(op: Operation, slots: Slots, args: Record<string, unknown>): string | undefined {
  const props = schemaProperties(op);
  const bodyNames = new Set(op.params.filter((p) => p.in === "body").map((p) => p.name));
  // "an alert-only indicator": the value before "-only" is a word of its own (same length, so offsets hold).
  const bodyText = slots.text.replace(/\b(\w+)-only\b/g, "$1 only");
  for (const [field, value] of targetValues(matchEnumValues(bodyText, bodyEnumFields(props, bodyNames)), bodyText)) args[field] = value;
  const ind = slots.indicators;
  for (const name of bodyNames) {
    if (name in args) continue;
    const schema = props[name] ?? {};
    const lower = name.toLowerCase();
    if (lower === "query") {
      const query = slots.kql ?? generateHuntingQuery(slots);
      if (query) args[name] = query;
    } else if (lower === "assignedto" || lower === "owner") {
      if (OWNER_CUE.test(slots.text)) {
        if (ind.emails[0]) args[name] = ind.emails[0];
        else if (/\bunassign|\bnobody\b|\bno one\b/i.test(slots.text)) args[name] = "";
      }
    } else if (/comment|message|note|text/.test(lower) && (schema.type === "string" || schema.type === undefined)) {
      // An optional comment ("resolvingComment") needs its cue: a quoted tag is not a comment.
      const text = requiredArgs(op).has(name) || COMMENT_CUE.test(slots.text) ? commentText(slots) : undefined;
      if (text) args[name] = text;
    } else if (schema.type === "array" && /ids$/i.test(name)) {
      const ids = /user|principal/.test(lower) ? ind.guids : [...ind.guids, ...ind.alertIds];
      if (ids.length > 0) args[name] = ids;
    } else if (schema.type === "array" && /tags$/i.test(name)) {
      const tags = tagValues(slots);
      if (tags) args[name] = tags;
    } else if (schema.type === "integer" || schema.type === "number") {
      const n = numberAfterName(name, slots.prose);
      if (n !== undefined) args[name] = n;
    }
  }
  fillStatedBodyValues(op, slots, props, bodyNames, args);
  const missing = [...requiredArgs(op)].filter((r) => bodyNames.has(r) && !(r in args));
  if (missing.length > 0) return `the request does not say the ${missing.join(", ")} that ${op.name} needs`;
  return undefined;
}

/**
 * The fields the operation's reference page documents for $filter (spec/capabilities.yaml), or
 * undefined when it names none (undocumented, or $filter without properties): then every
 * filterable field of the entity may be tried, and the compiler has the last word.
 */
function documentedFilterFields(op: Operation): Set<string> | undefined {
  const caps = op.capabilities;
  if (!caps?.documented || caps.filter === null) return undefined;
  return new Set(Object.keys(caps.filter));
}

/** The entity's filterable fields the operation documents (all of them when it names none). */
function filterFields(entity: Entity, op: Operation): [string, FieldSpec][] {
  const documented = documentedFilterFields(op);
  return Object.entries(entity.fields).filter(([name, f]) => f.filterable && (documented === undefined || documented.has(name)));
}

/** True when `field` is a member of a collection ("provisioningSteps/status"): needs any(). */
function underCollection(entity: Entity, field: string): boolean {
  const parts = field.split("/");
  return parts.slice(0, -1).some((_, i) => entity.fields[parts.slice(0, i + 1).join("/")]?.collection === true);
}

/**
 * Enum fields to match words against: top-level fields first (they win ties), then members of
 * nested objects, which need their field named unless the object is itself a status
 * ("provisioningStatusInfo/status").
 */
function filterableEnumFields(entity: Entity, op: Operation): EnumField[] {
  const fields = filterFields(entity, op)
    .filter(([name, f]) => f.type === "enum" && f.enum && !f.collection && !underCollection(entity, name))
    .map(([field, f]) => {
      const parts = field.split("/");
      const last = parts[parts.length - 1]!;
      const nested = parts.length > 1;
      const requireCue = CUE_REQUIRED_FIELDS.has(last) || (nested && !/status/i.test(parts[parts.length - 2]!));
      return { field, values: f.enum ?? [], requireCue, nested };
    });
  return [...fields.filter((f) => !f.nested), ...fields.filter((f) => f.nested)];
}

function timeField(entity: Entity, op: Operation, text: string): string | undefined {
  const datetimes = filterFields(entity, op).filter(([name, f]) => f.type === "datetime" && !name.includes("/"));
  const names = datetimes.map(([n]) => n);
  // A verb that names the moment: "launched" → launchDateTime, "expire" → expirationDateTime.
  const lower = text.toLowerCase();
  // The whole name said: "last seen" → lastSeenDateTime, "first seen" → firstSeenDateTime.
  const spelled = names.find((n) => {
    const m = /^(last|first)([A-Z]\w*?)DateTime$/.exec(n);
    if (m === null || /^(?:Creat|Updat|Modif)/.test(m[2]!)) return false;
    const rest = spaced(m[2]!);
    // "most recently seen" is the last time it was seen.
    const lead = m[1] === "last" ? "(?:last|latest|(?:most\\s+)?recent(?:ly)?)" : "first";
    return new RegExp(`\\b${lead}[\\s-]?${rest}`).test(lower);
  });
  if (spelled) return spelled;
  const named = names.find((n) => {
    const stem = n.replace(/DateTime$/, "").replace(/^(?:last|first)/, "").toLowerCase().slice(0, 5);
    return stem.length === 5 && !/^(?:creat|updat|modif)/.test(stem) && (new RegExp(`\\b${stem}`).test(lower) || MOMENT_SYNONYMS[stem]?.test(lower) === true);
  });
  if (named) return named;
  if (UPDATED_WORDS.test(text) || (CHANGED_WHEN.test(text) && !CREATED_WORDS.test(text))) {
    const updated = updateField(entity, op);
    if (updated) return updated;
  }
  return TIME_FIELD_PREFERENCE.find((n) => names.includes(n)) ?? names[0];
}

/** "nobody touched since …", "not updated since …", "no one has worked on them since …". */
const UNTOUCHED = /\b(?:nobody|no one|noone|not|never|hasn't|haven't|wasn't|weren't)\s+(?:has\s+|have\s+|been\s+|yet\s+)*(?:touched|updated|modified|changed|worked on|looked at)\b[^.?!;]{0,40}\b(?:since|after|from|before)\b/i;

/** The entity's documented last-update time field, if any. */
function updateField(entity: Entity, op: Operation): string | undefined {
  return filterFields(entity, op).find(([name, f]) => f.type === "datetime" && !name.includes("/") && /update|modified/i.test(name))?.[0];
}

/**
 * The comparison operators a window uses on `field`: ge/lt, or gt/le where the reference documents
 * only those (provisioning lists eq, contains, gt and lt).
 */
function windowOperators(op: Operation, field: string): { from: "ge" | "gt"; to: "lt" | "le" } {
  const documented = documentedOperators(op, field);
  if (!documented) return { from: "ge", to: "lt" };
  return { from: documented.includes("ge") || !documented.includes("gt") ? "ge" : "gt", to: documented.includes("lt") || !documented.includes("le") ? "lt" : "le" };
}

function stringField(entity: Entity, pattern: RegExp): string | undefined {
  return Object.entries(entity.fields).find(([name, f]: [string, FieldSpec]) => pattern.test(name) && f.filterable && !f.collection && (f.type === "string" || f.type === "guid"))?.[0];
}

/** "threat type" also as written "threatType" or "threat-type". */
const namePattern = (field: string) => spaced(field).split(" ").join("[\\s_-]*");

/** Words that deny the adjective after them ("not deprecated", "aren't deleted", "non-automated", "inactive"). */
const DENIED = String.raw`(?:\b(?:not|non|aren'?t|isn'?t|wasn'?t|weren'?t|no longer|never|excluding|except)(?:\s+(?:yet|been|be|being|the|marked|flagged))*[\s-]?|\b(?:in|un)-?)`;

/**
 * "only active ones" → isActive eq true, "non-automated simulations" → isAutomated eq false,
 * "controls that aren't deprecated" → deprecated eq false, "deleted users" → isDeleted eq true:
 * the entity's documented top-level boolean fields, read from the adjective their name is built on
 * ("is…"/"has…" stripped, else the name itself).
 */
function booleanConditions(fields: [string, FieldSpec][], prose: string): StructuredCondition[] {
  const out: StructuredCondition[] = [];
  for (const [field, f] of fields) {
    if (f.type !== "boolean" || f.collection || field.includes("/")) continue;
    const adjective = /^(?:is|has)([A-Z]\w+)$/.exec(field)?.[1] ?? (/^[a-z]+$/.test(field) ? field : undefined);
    if (!adjective) continue;
    const word = spaced(adjective);
    if (new RegExp(`${DENIED}${word}\\b`, "i").test(prose)) out.push({ field, op: "eq", value: false });
    else if (new RegExp(`\\b${word}\\b`, "i").test(prose)) out.push({ field, op: "eq", value: true });
  }
  return out;
}

/** Comparison words before a number, and the operator each means. */
const COMPARATORS: [RegExp, "gt" | "ge" | "lt" | "le"][] = [
  [/^(?:above|over|greater than|more than|higher than|bigger than|larger than|exceeding|>)$/i, "gt"],
  [/^(?:at least|>=|no less than|minimum(?: of)?)$/i, "ge"],
  [/^(?:below|under|less than|lower than|fewer than|smaller than|shorter than|<)$/i, "lt"],
  [/^(?:at most|<=|no more than|maximum(?: of)?|up to)$/i, "le"],
];
const COMPARATOR = String.raw`(above|over|greater than|more than|higher than|bigger than|larger than|exceeding|at least|no less than|minimum(?: of)?|below|under|less than|lower than|fewer than|smaller than|shorter than|at most|no more than|maximum(?: of)?|up to|>=|<=|>|<)`;
/** Unit words a numeric field's name ends with ("durationInMinutes"): the number's unit, not the field's subject. */
const UNIT_WORDS = new Set(["in", "minutes", "days", "milliseconds", "count"]);

/** The operators the reference documents for `field` (undefined: not documented, any goes). */
function documentedOperators(op: Operation, field: string): string[] | undefined {
  const caps = op.capabilities;
  if (!caps?.documented) return undefined;
  return caps.filter?.[field] ?? caps.filterOperators ?? undefined;
}

/**
 * "confidence above 80", "trainings of less than 10 minutes duration", "rank at most 5": a
 * documented top-level number field named beside a comparison and a number.
 */
function numericConditions(fields: [string, FieldSpec][], prose: string, op: Operation): StructuredCondition[] {
  const out: StructuredCondition[] = [];
  for (const [field, f] of fields) {
    if (!/^(?:int|number|double)$/.test(f.type) || f.collection || field.includes("/")) continue;
    const words = spaced(field).split(" ").filter((w) => !UNIT_WORDS.has(w));
    if (words.length === 0) continue;
    const name = words.join("[\\s_-]*");
    const m =
      new RegExp(`\\b${name}\\s*(?:score\\s*)?(?:is\\s+|of\\s+)?${COMPARATOR}\\s*(\\d+(?:\\.\\d+)?)`, "i").exec(prose) ??
      new RegExp(`\\b${COMPARATOR}\\s*(\\d+(?:\\.\\d+)?)\\s*(?:%\\s*)?(?:[a-z]+\\s+){0,2}?(?:of\\s+)?${name}\\b`, "i").exec(prose);
    if (!m) continue;
    const operator = COMPARATORS.find(([p]) => p.test(m[1]!.toLowerCase()))?.[1];
    const allowed = documentedOperators(op, field);
    if (!operator || (allowed && !allowed.includes(operator))) continue;
    out.push({ field, op: operator, value: Number(m[2]) });
  }
  return out;
}

/**
 * "issues of the contoso.local domain", "sensors on *.fabrikam.com": a domain in a collection of
 * DNS names, which holds the domain or its subdomains (endswith); the field the text names wins.
 */
function domainConditions(fields: [string, FieldSpec][], slots: Slots): StructuredCondition[] {
  const domain = slots.indicators.domains[0];
  const names = fields.filter(([n, f]) => f.collection && f.type === "string" && /(?:dns|domain)names$/i.test(n)).map(([n]) => n);
  if (!domain || names.length === 0) return [];
  const lower = slots.prose.toLowerCase();
  // The field whose words the text names most ("sensor DNS name" over the "domain" of "domain controller").
  const tokens = lower.split(/[^a-z0-9]+/);
  const score = (n: string) =>
    spaced(n.replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2").replace(/s$/, ""))
      .split(/\s+/)
      .filter((w) => tokens.some((t) => t.startsWith(w))).length;
  const named = names.map((n) => [n, score(n)] as const).filter(([, s]) => s > 0).sort((a, b) => b[1] - a[1])[0]?.[0];
  // "*.fabrikam.com", "the contoso.local domain": a suffix; a name labelled as the domain ("domain
  // contoso.local") or a host's own name ("DC01.corp.contoso.com") is one item.
  const at = slots.text.toLowerCase().indexOf(domain.toLowerCase());
  const after = at < 0 ? "" : slots.text.slice(at + domain.length);
  const suffix = slots.text.includes(`*.${domain}`) || /^\s+domains?\b/i.test(after) || /\bsub-?domains?\b/i.test(slots.prose);
  // One item keeps the analyst's spelling ("DC01.corp.contoso.com").
  const value = !suffix && at >= 0 ? slots.text.slice(at, at + domain.length) : domain;
  return [{ field: named ?? names[0]!, op: suffix ? "endswith" : "eq", value }];
}

/** "service 'AzureAD'", "threatType is Botnet": a string field named in the text, then its value. */
function labelledStringConditions(fields: [string, FieldSpec][], slots: Slots): StructuredCondition[] {
  const out: StructuredCondition[] = [];
  for (const [field, f] of fields) {
    if (f.type !== "string" || f.collection || field.includes("/")) continue;
    const m = new RegExp(`\\b${namePattern(field)}s?\\s*(?:is|=|:|of|equals)?\\s*(?:["'“]([^"'”]{1,100})["'”]|([A-Z][\\w.-]{1,60}))`, "i").exec(slots.text);
    const value = m?.[1] ?? m?.[2];
    // An unquoted value must look like one (Capitalised, as Graph writes them), not an English word.
    if (value && (m?.[1] !== undefined || /[A-Z]/.test(value))) out.push({ field, op: "eq", value });
  }
  return out;
}

/** How well a property path is named in `lower` for a value of `kind` (0: its first segment is not named). */
function pathScore(path: string, lower: string, kind: "email" | "host" | "text"): number {
  const segments = path.split("/").map(spaced);
  const stem = segments[0]!.replace(/s$/, "");
  if (!new RegExp(`\\b${stem.split(" ").join("[\\s_-]*")}`).test(lower)) return 0;
  let score = 1;
  for (const segment of segments.slice(1)) {
    const words = segment.split(" ");
    // A segment counts when its words are named: all of them more than the first alone.
    if (words.every((w) => lower.includes(w))) score += 2;
    else if (lower.includes(words[0]!)) score += 1;
  }
  // The value's own kind names the member: an email address an "email", a host name a host's id.
  if ((kind === "email" && path.endsWith("/email")) || (kind === "host" && path.endsWith("host/id"))) score += 2;
  return score;
}

/** "sha1 X", "serial number N", "thumbprint: X": a top-level property's name written right before an id-like value. */
const labelPatternCache = new Map<string, RegExp>();
function labelPattern(field: string): RegExp {
  let pattern = labelPatternCache.get(field);
  if (!pattern) {
    pattern = new RegExp(`\\b${spaced(field).split(" ").join("[\\s_-]*")}s?\\b\\s*(?:[:=]|is|of)?\\s*["']?([A-Za-z0-9][\\w.:-]*\\d[\\w.:-]*)`, "i");
    labelPatternCache.set(field, pattern);
  }
  return pattern;
}
function labelledSearch(entity: Entity, text: string, inPath: Set<string>): string | undefined {
  for (const [field, spec] of Object.entries(entity.fields)) {
    if (spec.type !== "string" || field.includes("/") || field === "id") continue;
    const value = labelPattern(field).exec(text)?.[1]?.replace(/[.:]+$/, "");
    if (value && !inPath.has(value)) return `"${field}:${value}"`;
  }
  return undefined;
}

/**
 * $search where it targets one property ("subject/organizationName:Evil Corp Ltd",
 * "nameservers/host/id:ns1.example.ru"): the property the text names best for the value; else the
 * value alone.
 */
function fieldSearch(entity: Entity, slots: Slots, inPath: Set<string>): { search: string; fielded: boolean } | undefined {
  const labelled = labelledSearch(entity, slots.text, inPath);
  if (labelled) return { search: labelled, fielded: true };
  const ind = slots.indicators;
  const value = [...ind.quoted, ...ind.emails, ...ind.domains, ...ind.ips].find((v) => !inPath.has(v));
  if (!value) return undefined;
  const kind = ind.emails.includes(value) ? "email" : ind.domains.includes(value) || ind.ips.includes(value) ? "host" : "text";
  const lower = slots.prose.toLowerCase();
  let best: { path: string; score: number } | undefined;
  for (const [path, f] of Object.entries(entity.fields)) {
    if (f.type !== "string" || !path.includes("/")) continue;
    const score = pathScore(path, lower, kind);
    // Ties go to the shorter path: "organizationName" before "organizationUnitName".
    if (score >= 2 && (!best || score > best.score || (score === best.score && path.length < best.path.length))) best = { path, score };
  }
  return best ? { search: `"${best.path}:${value}"`, fielded: true } : { search: `"${value}"`, fielded: false };
}

/**
 * Words that make an email a user the alert is about; without them, on an entity whose only person
 * is its assignee ("incidents for x@contoso.com", "alerts Anna resolved"), the email is the owner.
 */
const USER_INVOLVED = /\b(?:users?|accounts?|mailbox(?:es)?|senders?|recipients?|victims?|target(?:s|ing|ed)?|involv\w*|impact\w*|affect\w*|compromis\w*|sign-?ins?|logins?|logons?|from|sent|received)\b/i;

export const INCLUDE_ALERTS =
  /\b(?:include|including|with|and|plus|expand(?:ed)?|along with)\s+(?:all\s+(?:of\s+)?)?(?:its|their|the|it's|related|linked|associated)?\s*(?:related\s+|linked\s+|associated\s+)?(?:alerts|alert (?:objects|details|entities|records))\b|\balerts\s+(?:included|inline|embedded|expanded|attached)\b/i;
/**
 * "how many", "number of", "total incidents", "incident count", "count alerts": the total, which
 * `count` asks Graph for; "I'll count" is the analyst counting a list themselves.
 */
const COUNT_QUESTION = /\b(?:how many|number of|total(?!\s+(?:score|risk))|(?<!\b(?:i'll|i will|we'll|we will|let me)\s+)count(?:s)?)\b/i;
const FAILED = /\b(?:failed|failing|failures?|unsuccessful|denied|blocked)\b/i;
const SUCCEEDED = /\b(?:successful(?:ly)?|succeeded|success(?:es)?)\b/i;

/** The navigation properties an operation documents for `$expand` (its schema's enum). */
function expandValues(schema: JsonSchema): string[] {
  const items = (schema as { items?: { enum?: unknown[] } }).items;
  return (items?.enum ?? []).filter((v): v is string => typeof v === "string");
}

/**
 * "with its health issues", "and its latest certificate", "with the most recent ssl cert
 * expanded", "… cert inline": the property's head noun (its last word, abbreviations allowed)
 * after with/and/plus, or before expanded/inline.
 */
const expandPatternCache = new Map<string, RegExp>();
function expandPattern(value: string): RegExp {
  let pattern = expandPatternCache.get(value);
  if (!pattern) {
    const head = spaced(value).split(" ").pop()!;
    const noun = `${head.replace(/s$/, "").slice(0, 4)}\\w*`;
    pattern = new RegExp(
      `\\b(?:with|and|plus|including|include|along with)\\s+(?:its|their|the|it's)?\\s*(?:[\\w-]+\\s+){0,3}?${noun}\\b|\\b${noun}\\s+(?:expanded|inline|included|embedded)\\b`,
      "i",
    );
    expandPatternCache.set(value, pattern);
  }
  return pattern;
}

/** "just title and createdDateTime", "only the fields id, title": the entity's own field names after just/only/select. */
const SELECT_CUE = /\b(?:just|only|select|fields?|columns?|properties)\b[:\s]+(?:the\s+)?([\w\s,/]+)/i;
function selectedFields(entity: Entity, text: string): string[] {
  const tail = SELECT_CUE.exec(text)?.[1];
  if (!tail) return [];
  const byLower = new Map(Object.keys(entity.fields).filter((f) => !f.includes("/")).map((f) => [f.toLowerCase(), f]));
  const tokens = tail.split(/\s*,\s*|\s+and\s+|\s+/).filter((t) => t && !/^(?:and|the|fields?|columns?|properties)$/i.test(t));
  const out: string[] = [];
  for (const token of tokens) {
    const field = byLower.get(token.toLowerCase());
    if (!field) break;
    out.push(field);
  }
  // Two fields, or one written in the field's own camelCase: a single English word ("only title") is too weak alone.
  return out.length >= 2 || (out.length === 1 && /[a-z][A-Z]/.test(out[0]!)) ? out : [];
}

function assembleQueryOptions(op: Operation, entity: Entity | undefined, slots: Slots, args: Record<string, unknown>, catalog: Catalog): void {
  const props = schemaProperties(op);
  const where: StructuredCondition[] = [];
  // An id already in the path ("alerts of incident 77") is not filtered on again.
  const inPath = new Set(Object.values(args).filter((v): v is string => typeof v === "string"));
  if (entity && "where" in props) {
    const text = textFilters(entity, catalog, slots, { searchable: "search" in props });
    const enumMatches = matchEnumValues(enumWords(slots, op, entity, text.consumed), filterableEnumFields(entity, op), { negations: true });
    const byField = valuesByField(enumMatches);
    for (const [field, values] of byField) {
      where.push(values.length === 1 ? { field, op: "eq", value: values[0]! } : { field, op: "in", value: values });
    }
    // "not yet closed", "that nobody resolved": a state ruled out, where no state is asked for.
    for (const m of enumMatches) {
      if (m.negated && !byField.has(m.field) && !where.some((w) => w.field === m.field && w.value === m.value)) where.push({ field: m.field, op: "ne", value: m.value });
    }
    const ind = slots.indicators;
    // The entity's own user field, else the user who acted ("initiatedBy/user/userPrincipalName").
    const upn = stringField(entity, /^userPrincipalName$/) ?? stringField(entity, /(?:^|\/)user\/userPrincipalName$/);
    const target = upn?.startsWith("initiatedBy/") && ind.emails[0] ? targetUser(entity, slots, ind.emails[0]) : undefined;
    if (target) where.push(target);
    else if (upn && ind.emails[0]) where.push({ field: upn, op: "eq", value: ind.emails[0] });
    const ip = stringField(entity, /^ipAddress$/);
    if (ip && ind.ips[0]) where.push({ field: ip, op: "eq", value: ind.ips[0] });
    const incident = stringField(entity, /^incidentId$/);
    if (incident && ind.incidentIds[0] && !inPath.has(ind.incidentIds[0])) where.push({ field: incident, op: "eq", value: ind.incidentIds[0] });
    const assigned = stringField(entity, /^assignedTo$/);
    if (assigned && ind.emails[0] && !upn && (/\bassigned(?:\s*to)?\b|\bassignee\b/i.test(slots.text) || !USER_INVOLVED.test(slots.prose))) {
      where.push({ field: assigned, op: "eq", value: ind.emails[0] });
    }
    const documented = filterFields(entity, op);
    if (op.path.startsWith("/security/") || op.path.startsWith("/identityProtection/")) {
      const own = [
        ...booleanConditions(documented, slots.prose),
        ...numericConditions(documented, slots.prose, op),
        ...(op.path.startsWith("/security/") ? [...domainConditions(documented, slots), ...labelledStringConditions(documented, slots)] : []),
      ];
      for (const condition of own) if (!where.some((w) => w.field === condition.field)) where.push(condition);
    }
    // Words a text filter read as one field may also spell another's enum ("admin confirmed compromised" is a riskDetail, not a riskState).
    const superseded = new Set(text.supersedes ?? []);
    for (let i = where.length - 1; i >= 0; i--) if (superseded.has(where[i]!.field)) where.splice(i, 1);
    for (const condition of text.where) if (!where.some((w) => w.field === condition.field) && !(typeof condition.value === "string" && inPath.has(condition.value))) where.push(condition);
    if (text.raw.length > 0) args.filter = text.raw.join(" and ");
    if (text.search) {
      args.search = text.search;
      // A named subject is one item: the word that classifies it ("the actor Storm-0558",
      // "actor write-up on Midnight Blizzard") is no kind filter.
      for (let i = where.length - 1; i >= 0; i--) if (/^(?:kind|type)$/.test(where[i]!.field)) where.splice(i, 1);
    }
    // Sign-in outcome lives in status/errorCode: 0 is success (a named error code or a failed
    // conditional access check says more).
    const outcomeKnown = where.some((w) => w.field === "status/errorCode" || w.field === "conditionalAccessStatus" || (w.value === "failure" && w.field !== "result"));
    if (entity.fields["status/errorCode"]?.filterable && !outcomeKnown) {
      if (FAILED.test(slots.prose)) where.push({ field: "status/errorCode", op: "ne", value: 0 });
      else if (SUCCEEDED.test(slots.prose)) where.push({ field: "status/errorCode", op: "eq", value: 0 });
    }
    // "incidents nobody touched since 15 Dec": not updated after it, so last updated before it.
    const untouched = UNTOUCHED.test(slots.prose) ? updateField(entity, op) : undefined;
    const window: { from?: Date; to?: Date } | undefined = untouched && slots.time?.from && !slots.time.to ? { to: slots.time.from } : slots.time;
    const when = window && !slots.count.now && (untouched ?? timeField(entity, op, slots.prose));
    if (window && when) {
      const { from, to } = windowOperators(op, when);
      if (window.from) where.push({ field: when, op: from, value: iso(window.from) });
      if (window.to) where.push({ field: when, op: to, value: iso(window.to) });
    }
  }
  if (where.length > 0) args.where = where;
  // $search on one property the text names; a bare value only where $search is the sole way to narrow.
  if (entity && "search" in props && args.search === undefined) {
    const found = fieldSearch(entity, slots, inPath);
    if (found && (found.fielded || !("where" in props))) args.search = found.search;
    // A list with $search and no $filter (articles): the subject the request is about.
    const subject = args.search === undefined && !("where" in props) ? searchSubject(slots, Object.keys(entity.fields)) : undefined;
    if (subject) args.search = `"${subject}"`;
  }
  if ("expand" in props && entity?.fields.alerts && INCLUDE_ALERTS.test(slots.text)) args.expand = ["alerts"];
  else if ("expand" in props) {
    const named = expandValues(props.expand!).filter((v) => expandPattern(v).test(slots.text));
    if (named.length > 0) args.expand = named;
  }
  if ("select" in props && entity) {
    const fields = selectedFields(entity, slots.text);
    if (fields.length > 0) args.select = fields;
  }
  if (slots.count.top !== undefined && "top" in props) args.top = slots.count.top;
  if (slots.count.skip !== undefined && "skip" in props) args.skip = slots.count.skip;
  if ("count" in props && COUNT_QUESTION.test(slots.prose)) args.count = true;
  const sorted = "orderby" in props && entity ? sortByField(entity, op, slots.text) : undefined;
  if (sorted) args.orderby = [sorted];
  else if (slots.count.order && "orderby" in props && entity) {
    const sortField = timeField(entity, op, slots.prose);
    if (sortField && entity.fields[sortField]?.sortable !== false) args.orderby = [`${sortField} ${slots.count.order === "newest" ? "desc" : "asc"}`];
  }
}

/** "sorted by display name", "order by severity desc", "top 10 by name": the words naming the sort key, then what follows. */
const SORT_BY = /\b(?:(?:sort|order|rank|arrang)(?:ed|ing|e)?\s+(?:them\s+|it\s+|results?\s+|the\s+list\s+)?by|top\s+\d{1,4}\s+by)\s+(?:the\s+|their\s+|its\s+)?([a-z][a-z /_-]{0,40})/i;
const DESCENDING = /^\s*(?:,\s*)?(?:desc(?:ending)?|z\s*-\s*a|newest|latest|most recent|highest|largest|biggest|reverse)\b/i;
const SORT_STOP = /\s*(?:,|;|\.|\(|\b(?:asc|ascending|desc|descending|a-z|z-a|newest|oldest|latest|highest|lowest|first|last|please|pls|and|with|from|since|in|for)\b)/i;

/**
 * The `$orderby` a request names by field ("sorted by display name" → displayName asc): the
 * sortable field whose words the phrase names with the fewest left over; descending when the
 * phrase says so.
 */
function sortByField(entity: Entity, op: Operation, text: string): string | undefined {
  const m = SORT_BY.exec(text);
  if (!m) return undefined;
  const stop = SORT_STOP.exec(m[1]!);
  const phrase = (stop ? m[1]!.slice(0, stop.index) : m[1]!).trim().toLowerCase();
  const words = phrase.split(/[\s/_-]+/).filter((w) => w && !FUNCTION_WORDS.has(w) && w !== "date" && w !== "time");
  if (words.length === 0) return undefined;
  const documented = op.capabilities?.documented && op.capabilities.orderby ? new Set(op.capabilities.orderby.map((f) => f.toLowerCase())) : undefined;
  let best: { field: string; extra: number } | undefined;
  for (const [field, f] of Object.entries(entity.fields)) {
    if (field.includes("/") || f.collection || f.sortable === false || (documented && !documented.has(field.toLowerCase()))) continue;
    const own = spaced(field).split(" ").filter((w) => w !== "date" && w !== "time");
    const stems = (w: string) => own.some((o) => o === w || (w.length >= 4 && o.startsWith(w.slice(0, 4))) || o === w.replace(/s$/, ""));
    if (!words.every(stems)) continue;
    const extra = own.length - words.length;
    if (!best || extra < best.extra) best = { field, extra };
  }
  if (!best) return undefined;
  const after = text.slice((m.index ?? 0) + m[0].length - m[1]!.length + phrase.length);
  return `${best.field} ${DESCENDING.test(after) ? "desc" : "asc"}`;
}

/** A question about who acted ("who reset the password of X?", "who touched the user object X"). */
const ACTOR_QUESTION = /^\W*(?:who|whoever|which (?:admins?|users?|accounts?|people))\b/i;
/** Words right before a user that make them the one acted on. */
const TARGET_CUE = /\b(?:target(?:s|ed|ing)?|password of|against|deleted|disabled|removed|unblocked|blocked)\s*[:=]?\s*$/i;
/** Words right before a user that make them the one who acted. */
const ACTOR_CUE = /\b(?:by|initiated by|initiator|actor|done by|performed by)\s*[:=]?\s*$/i;

/**
 * On a directory audit, the user a change was made to: asked "who …" about them, or named right
 * after a target word; the acting user stays on initiatedBy.
 */
function targetUser(entity: Entity, slots: Slots, email: string): StructuredCondition | undefined {
  const field = entity.fields["targetResources/displayName"]?.filterable ? "targetResources/displayName" : undefined;
  const at = slots.text.toLowerCase().indexOf(email.toLowerCase());
  if (!field || at < 0) return undefined;
  const before = slots.text.slice(Math.max(0, at - 40), at);
  if (ACTOR_CUE.test(before)) return undefined;
  return ACTOR_QUESTION.test(slots.text) || TARGET_CUE.test(before) ? { field, op: "eq", value: email } : undefined;
}

/** The arguments for `op`, or why the request cannot fill them. */
export function assembleArguments(op: Operation, slots: Slots, catalog: Catalog): Assembly {
  const args: Record<string, unknown> = {};
  const props = schemaProperties(op);
  for (const p of op.params.filter((b) => b.in === "path")) {
    const schema = props[p.name] ?? {};
    const value = Array.isArray(schema.enum) ? enumPathValue(schema, slots) : pathValue(p.name, slots);
    if (value === undefined) {
      if (p.required) return { ok: false, reason: `${op.name} needs a ${p.name} and the request names none` };
      continue;
    }
    args[p.name] = value;
  }
  const missing = assembleBody(op, slots, args);
  if (missing) return { ok: false, reason: missing };
  assembleQueryOptions(op, op.entity ? catalog.entities[op.entity] : undefined, slots, args, catalog);
  return { ok: true, arguments: args };
}
