/**
 * What the router knows about one (request, operation) pair, as named numbers: lexical retrieval
 * (BM25+), sentence-embedding similarity, and intent/shape agreement (a write asked for, ids
 * present, hunting words, …). The scorer weighs them with trained weights; nothing here is a weight.
 * A write the request did not ask for is not a feature but a bar: it is never eligible (nor a
 * DELETE the request did not name).
 */
import type { Catalog, Operation } from "../../catalog/types.js";
import type { Slots } from "../slots/index.js";
import { pathValue } from "../rules/arguments.js";
import { generateHuntingQuery, namesHuntTechnique } from "../rules/hunting.js";
import { shapedLiterals } from "../hunting/literals.js";
import { explicitTable, writtenColumns } from "../hunting/tables.js";
import { shapeOf, type RequestIntent } from "../rules/intent.js";
import { expandQuery } from "../rules/retrieve.js";
import { textFilterAffinity } from "../rules/text-filters.js";
import { namesAuditActivity } from "../rules/filters/directory-audits.js";
import type { LexicalEvidence } from "./lexicon.js";

/** Update verbs that mean "PATCH the object" rather than naming an action operation. */
const UPDATE_VERBS = new Set(["resolve", "close", "assign", "reassign", "unassign", "classify", "reclassify", "mark", "set", "update", "change", "reopen", "re-open", "escalate", "triage", "acknowledge", "take ownership", "tag", "deactivate", "reactivate", "suppress", "raise", "lower", "make", "put"]);
const COMMENT_VERBS = new Set(["comment", "note", "annotate"]);
/** Verbs that name one kind of call: "delete X" is the DELETE, "create/submit X" the creating POST. */
const KIND_VERBS: Record<string, (op: Operation) => boolean> = {
  delete: (op) => op.method === "DELETE",
  create: (op) => op.method === "POST" && /create/i.test(op.name),
};
const GENERIC_WRITE_NAME_WORDS = new Set(["alerts", "incidents", "risky", "users", "update", "create", "legacy", "service", "principals"]);
/** Name words that narrow an operation to a special case the request has to ask for. */
const QUALIFIERS: { nameWords: string[]; mentioned: RegExp }[] = [
  { nameWords: ["service", "principal"], mentioned: /service principal|\bapps?\b|application|workload|\bspn?s?\b/i },
  { nameWords: ["detections"], mentioned: /detect|risk events?/i },
  { nameWords: ["history"], mentioned: /histor|timeline|over time|past states|changes/i },
  { nameWords: ["automations"], mentioned: /automat/i },
  { nameWords: ["operations"], mentioned: /\boperation/i },
  // "legacy client", "legacy authentication" are sign-in words, not the legacy API.
  { nameWords: ["legacy"], mentioned: /legacy(?! (?:auth|authentication|client|clients|protocols?)\b)|old api|v1 alerts/i },
  // Defender for Identity's own health objects: the request says health, issues or sensors ("MDI alerts" are alerts).
  { nameWords: ["health", "issues"], mentioned: /health|issues?\b|problems?\b|unhealthy|sensors?\b/i },
  { nameWords: ["sensors"], mentioned: /sensors?\b|domain controllers?|\bdcs?\b|\bdc\d/i },
  // Identity Protection's risky users and apps: a user or app named by id is not risky by itself
  // ("sign-ins for user object X" reads sign-ins).
  { nameWords: ["risky"], mentioned: /risk|compromis|flagged|dismiss|confirm|remediat|suspicious|at[\s-]?risk|identity protection|\bidp\b/i },
];
/** A name word's stem: the plural ending dropped ("principals" → "principal", "detections" → "detection", "histories" → "history"). */
export function stemOf(word: string): string {
  if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}
/** The request says service principal in so many words (the normaliser spells out "SP", "spn"). */
const SERVICE_PRINCIPAL_NAMED = /\bservice principals?\b|\bworkload identit(?:y|ies)\b/i;
/** The collection an operation reads or changes: its path without trailing `{id}` and action segments. */
const collectionOf = (path: string) => path.replace(/(?:\/\{[^}]+\}(?:\/[\w.]+)?)+$/, "").replace(/\/microsoft\.graph\.[\w.]+$/, "");
const spSibling = new WeakMap<Operation, boolean>();
/** A collection next to this one is its service-principal variant ("/riskDetections" and "/servicePrincipalRiskDetections"). */
function hasServicePrincipalSibling(op: Operation, catalog: Catalog): boolean {
  const known = spSibling.get(op);
  if (known !== undefined) return known;
  const own = collectionOf(op.path);
  const parent = own.slice(0, own.lastIndexOf("/"));
  const found =
    !/serviceprincipal/i.test(own) &&
    catalog.operations.some((o) => {
      const other = collectionOf(o.path);
      return other.slice(0, other.lastIndexOf("/")) === parent && /serviceprincipal/i.test(other.slice(parent.length));
    });
  spSibling.set(op, found);
  return found;
}
const subWordsOf = (path: string) => {
  const sub = /\{[^}]+\}\/([A-Za-z]+)$/.exec(path)?.[1];
  return sub ? sub.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase().split(" ") : undefined;
};
const siblingExtra = new WeakMap<Operation, string[]>();
/**
 * The words this sub-collection's name adds to a sibling's under the same parent ("reverse" for
 * `/hosts/{hostId}/passiveDnsReverse` beside `/hosts/{hostId}/passiveDns`); empty where no sibling's
 * name is a part of this one's.
 */
function siblingExtraWords(op: Operation, catalog: Catalog): string[] {
  const known = siblingExtra.get(op);
  if (known) return known;
  const own = subWordsOf(op.path) ?? [];
  const parent = op.path.slice(0, op.path.lastIndexOf("/"));
  const extra = new Set<string>();
  for (const o of catalog.operations) {
    if (o === op || o.path.slice(0, o.path.lastIndexOf("/")) !== parent) continue;
    const theirs = subWordsOf(o.path);
    if (!theirs || theirs.length >= own.length || !theirs.every((w) => own.includes(w))) continue;
    for (const w of own) if (!theirs.includes(w) && w.length > 3) extra.add(w);
  }
  const out = [...extra];
  siblingExtra.set(op, out);
  return out;
}
/** The request's letters only, lower-cased: "sign-ins", "signins" and "Sign Ins" read alike. */
const compactOf = (text: string) => text.toLowerCase().replace(/[^a-z]+/g, "");
const segmentCache = new Map<string, { whole: string; last?: string } | undefined>();
/**
 * The operation's collection noun, compact and without its plural: the last path segment that is
 * neither a parameter nor an action ("signIns" → "signin", "alerts_v2" → "alert", "passiveDns" →
 * "passivedn"), and the last word of a compound ("simulationAutomations" → "automation"); undefined
 * for actions.
 */
function namedSegment(path: string): { whole: string; last?: string } | undefined {
  if (segmentCache.has(path)) return segmentCache.get(path);
  const segments = path.split("/").filter((s) => s.length > 0);
  // The root namespace ("security", "auditLogs") names no collection.
  const segment = segments.slice(1).filter((s) => !s.startsWith("{") && !s.includes(".")).pop()?.replace(/_v\d+$/, "");
  const whole = segment ? compactOf(segment).replace(/s$/, "") : "";
  const words = segment ? segment.split(/(?<=[a-z])(?=[A-Z])/) : [];
  const last = words.length > 1 ? compactOf(words[words.length - 1]!).replace(/s$/, "") : undefined;
  const out = whole.length >= 4 ? { whole, ...(last && last.length >= 5 ? { last } : {}) } : undefined;
  segmentCache.set(path, out);
  return out;
}
/** True when the text writes this path's collection with a version suffix ("alerts_v2") that the path lacks ("/security/alerts"). */
function namesNewerVersion(path: string, text: string): boolean {
  const segment = path.split("/").filter((s) => s.length > 0 && !s.startsWith("{") && !s.includes(".")).pop();
  if (!segment || /_v\d+$/.test(segment)) return false;
  return new RegExp(`(?<![\\w/])${segment}_v\\d+\\b`, "i").test(text);
}
/** Nouns of the catalog's own objects: their presence means "not a telemetry hunt". */
const OBJECT_NOUNS = /\b(?:alerts?|incidents?|risky|risk detections?|sign-?ins?|secure score|simulations?|indicators? of compromise|ti indicators?|health issues?|sensors?|audit)\b/i;
/** Telemetry of our own estate: "from our endpoints", "on any device", "which devices …", "devices missing …". */
const OWN_ESTATE = /\b(?:(?:from|on|across|in|to|by) (?:our|any|all|every|the|many|several) (?:endpoints?|devices?|machines?|hosts|servers?|workstations?|fleet|estate|environment|network|dcs|domain controllers?)|(?:on|across) (?:endpoints|devices|machines|servers|workstations)\b|(?:which|what|any|how many) (?:devices|machines|endpoints|workstations|servers)\b|\b(?:devices|machines|endpoints) (?:where|that|which|with|missing|running|vulnerable))/i;
/** A PowerShell cmdlet written out ("New-InboxRule", "Set-MpPreference"): a command line to find. */
const CMDLET = /\b(?:New|Set|Get|Add|Remove|Invoke|Start|Stop|Enable|Disable|Update|Import|Export)-[A-Z][A-Za-z]{2,}\b/;


/**
 * Alerts asked for by what they say or touch ("alerts whose title mentions X", "alerts titled 'X'",
 * "which alerts involved box FIN-LT-0442", "alerts whose evidence includes user X"): alerts_v2
 * filters on none of that, the AlertInfo/AlertEvidence tables hold it.
 */
const ALERT_CONTENT =
  /\balerts?\b[^.?!]{0,50}\b(?:titles?|titled|named|called|mention(?:s|ing|ed)?|contain(?:s|ing)?|evidence|involv(?:e|es|ed|ing)|referenc(?:e|es|ed|ing))\b|\b(?:titled|named|called)\s+["'“‘][^"'”’]+["'”’][^.?!]{0,20}\balerts?\b|\bwhich alerts\b[^.?!]{0,40}\b(?:devices?|hosts?|machines?|users?|accounts?|files?|ips?|processes?)\b/i;

/** "how many", "count of", "number of": a count, which only collections answer. */
const COUNT_QUESTION = /\b(?:how many|count(?: of)?|number of|total (?:of|number))\b/i;

/** Feature names, in the order the weight vector uses. */
export const FEATURES = [
  "bias_write", "bm25", "bm25_best", "cos_title", "cos_example", "cos_gap", "cos_best",
  "write_requested", "named_by_verb", "named_by_action_word", "comment_verb_match", "comment_verb_mismatch", "update_verb",
  "read_only_but_write_asked", "ids_present", "id_type_matches", "list_but_object_id",
  "unmentioned_qualifier", "deprecated", "entity_affinity",
  "hunt_without_words", "hunt_with_kql", "hunt_nothing_to_hunt", "hunt_words", "hunt_indicator",
  "count_question_list", "count_question_single", "hunt_tool_terms", "hunt_host", "verb_kind_mismatch",
  "lex_posterior", "lex_log_posterior",
  "hunt_technique", "hunt_schema", "hunt_command_line", "hunt_own_estate",
  "collection_named", "hunt_alert_content", "audit_activity_named",
] as const;
export type FeatureName = (typeof FEATURES)[number];
export type FeatureVector = Float64Array;

/** Sentence-embedding similarities of the request to one operation's texts. */
export interface Semantic {
  /** Cosine to the operation's title and description. */
  title: number;
  /** Best cosine to one of its example phrasings. */
  example: number;
  /** `example` minus the best `example` over all operations (0 for the closest). */
  gap: number;
}

export interface OperationFeatures {
  operation: Operation;
  /** False for writes nobody asked for: never proposed, whatever the words. */
  eligible: boolean;
  values: FeatureVector;
}

export function isHuntingOperation(op: Operation): boolean {
  return op.params.some((p) => p.in === "body" && p.name.toLowerCase() === "query") && /hunting/i.test(`${op.name} ${op.path}`);
}

export function featuresOf(
  op: Operation,
  retrieval: number,
  semantic: Semantic,
  lexical: LexicalEvidence,
  intent: RequestIntent,
  slots: Slots,
  catalog: Catalog,
): OperationFeatures {
  const values = new Float64Array(FEATURES.length);
  const set = (name: FeatureName, value = 1) => {
    values[FEATURES.indexOf(name)] = value;
  };
  const shape = shapeOf(op);
  set("bm25", retrieval);
  set("bm25_best", retrieval >= 0.999 ? 1 : 0);
  set("cos_title", semantic.title);
  set("cos_example", semantic.example);
  set("cos_gap", semantic.gap);
  set("cos_best", semantic.gap >= -1e-9 ? 1 : 0);
  set("lex_posterior", lexical.posterior);
  set("lex_log_posterior", lexical.logPosterior);
  if (!op.readOnly) {
    if (!intent.write) return { operation: op, eligible: false, values };
    // Deleting is never inferred from other verbs ("deactivate", "expire"): only "delete"/"remove" asks for it.
    if (op.method === "DELETE" && !intent.verbs.includes("delete")) return { operation: op, eligible: false, values };
    set("bias_write");
    set("write_requested");
    const verbs = new Set(intent.verbs);
    const words = new Set(slots.prose.toLowerCase().split(/[^a-z]+/));
    if ([...verbs].some((v) => shape.nameWords.has(v))) set("named_by_verb");
    // "flag X as compromised" → confirm_compromised: a distinctive word of the operation's name.
    else if ([...shape.nameWords].some((w) => w.length > 5 && words.has(w) && !GENERIC_WRITE_NAME_WORDS.has(w))) set("named_by_action_word");
    else if ([...verbs].some((v) => COMMENT_VERBS.has(v))) set(shape.nameWords.has("comment") ? "comment_verb_match" : "comment_verb_mismatch");
    else if (shape.kind === "update" && [...verbs].some((v) => UPDATE_VERBS.has(v))) set("update_verb");
  } else if (intent.write) set("read_only_but_write_asked");
  // The request's verb names a kind of call ("delete", "create") and this is another kind.
  if (intent.verbs.some((v) => KIND_VERBS[v] !== undefined && !KIND_VERBS[v](op))) set("verb_kind_mismatch");

  if (shape.objectParams.length > 0) {
    const filled = shape.objectParams.every((p) => pathValue(p, slots) !== undefined);
    // A call without its object's id cannot be made: never proposed.
    if (!filled) return { operation: op, eligible: false, values };
    // Threat intelligence hosts are internet hosts (a domain or an IP); a device name ("LAPTOP-QX91") is our own machine.
    const ind = slots.indicators;
    const internetHost = ind.domains.length + ind.ips.length + ind.urls.length > 0 || ind.hosts.some((h) => h.includes("."));
    if (shape.objectParams.includes("hostId") && !internetHost) {
      return { operation: op, eligible: false, values };
    }
    {
      set("ids_present");
      const ind = slots.indicators;
      const specific = shape.objectParams.some(
        (p) =>
          (/alert/i.test(p) && ind.alertIds.length > 0) ||
          (/incident/i.test(p) && ind.incidentIds.length > 0) ||
          (/^hostId$/i.test(p) && ind.domains.length + ind.ips.length > 0),
      );
      if (specific) set("id_type_matches");
    }
  } else if (intent.hasObjectId && shape.kind === "list" && op.readOnly) set("list_but_object_id");

  // "alerts_v2" written out: the versioned collection is meant, never its unversioned predecessor.
  if (namesNewerVersion(op.path, slots.original)) return { operation: op, eligible: false, values };
  let unmentioned = 0;
  // Name words compared by stem: "riskyServicePrincipals" and "get_service_principal_risk_detection" both hold "service principal".
  const nameStems = new Set([...shape.nameWords].map(stemOf));
  for (const { nameWords, mentioned } of QUALIFIERS) {
    if (nameWords.every((w) => nameStems.has(stemOf(w))) && !mentioned.test(slots.text)) unmentioned++;
  }
  // "detections of service principals": the request names the special case and this is its general sibling.
  if (SERVICE_PRINCIPAL_NAMED.test(slots.text) && !nameStems.has("principal") && hasServicePrincipalSibling(op, catalog)) unmentioned++;
  // A sub-collection of one object ("/hosts/{hostId}/hostPairs", "/incidents/{id}/alerts") is asked for by its name.
  const sub = /\{[^}]+\}\/([A-Za-z]+)$/.exec(op.path)?.[1];
  if (sub && op.readOnly) {
    const words = sub.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase().split(" ").filter((w) => w.length > 3 && !/^(?:host|hosts)$/.test(w));
    // With the analyst→catalog synonyms ("IOCs" → indicators) and a four-letter stem ("certs").
    const lower = expandQuery(slots.text).toLowerCase();
    if (words.length > 0 && !words.some((w) => lower.includes(w.slice(0, 4)))) unmentioned++;
    // A sibling sub-collection whose name is this one's minus some words ("passiveDns" beside
    // "passiveDnsReverse", "hostPairs" beside "childHostPairs"): the extra words must be said.
    const extra = siblingExtraWords(op, catalog);
    if (extra.length > 0 && !extra.some((w) => lower.includes(w.slice(0, 4)))) unmentioned++;
  }
  set("unmentioned_qualifier", unmentioned);
  // The request names the collection the operation reads ("signins where riskDetail …" names sign-ins).
  const collection = namedSegment(op.path);
  if (collection) {
    const compact = compactOf(slots.text);
    // Half for the last word of a compound alone ("automation 1b2c…" names simulationAutomations).
    if (compact.includes(collection.whole)) set("collection_named");
    else if (collection.last && compact.includes(collection.last)) set("collection_named", 0.5);
  }
  // Deprecated APIs stay callable by name ("legacy alerts") but should not win a tie.
  if (op.deprecated && !/\blegacy(?! (?:auth|authentication|client|clients|protocols?)\b)|deprecated|old api\b/i.test(slots.prose)) set("deprecated");
  if (op.entity && textFilterAffinity(catalog.entities[op.entity], slots)) set("entity_affinity");
  // An Entra audit activity named or described ("LAPS password reveals", "who invited guests"): the directory audit log.
  if (op.entity && catalog.entities[op.entity]?.fields.activityDisplayName && namesAuditActivity(slots)) set("audit_activity_named");

  if (isHuntingOperation(op)) {
    if (!intent.hunt && !intent.hasHuntableIndicator) set("hunt_without_words");
    if (slots.kql) set("hunt_with_kql");
    else if (!generateHuntingQuery(slots)) set("hunt_nothing_to_hunt");
    else {
      if (intent.hunt) set("hunt_words");
      if (intent.hasHuntableIndicator && !OBJECT_NOUNS.test(slots.prose)) set("hunt_indicator");
    }
  }
  if (isHuntingOperation(op) && intent.toolTerms.length > 0) set("hunt_tool_terms", Math.min(3, intent.toolTerms.length));
  // A device by name ("WS-FIN-0142"): only device telemetry is keyed by device name.
  if (isHuntingOperation(op) && slots.indicators.hosts.length > 0) set("hunt_host");
  if (isHuntingOperation(op)) {
    if (namesHuntTechnique(slots)) set("hunt_technique");
    // A hunting table by name ("identity directory events", "AADSignInEventsBeta") or one of its columns.
    if (explicitTable(slots.text) || writtenColumns(slots.text).length > 0) set("hunt_schema");
    if (CMDLET.test(slots.original) || shapedLiterals(slots.original).some((l) => l.kind === "switch")) set("hunt_command_line");
    if (OWN_ESTATE.test(slots.prose)) set("hunt_own_estate");
    if (ALERT_CONTENT.test(slots.text)) set("hunt_alert_content");
  }
  if (COUNT_QUESTION.test(slots.prose)) set(shape.kind === "list" && op.pageable ? "count_question_list" : "count_question_single");
  return { operation: op, eligible: true, values };
}
