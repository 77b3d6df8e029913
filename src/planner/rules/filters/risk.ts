/**
 * Identity Protection filters from analysts' words: the risk event type ("password spray",
 * "impossible travel", "leaked creds"), the risk detail ("remediated by a secure password reset",
 * "admin confirmed compromised"), the detection timing ("near real-time") and the token issuer
 * ("ADFS MFA adapter tokens"). The values are the ones Graph documents for riskDetection,
 * servicePrincipalRiskDetection and signIn; the words are Entra's own display names for them.
 */
import type { StructuredCondition } from "../../../catalog/common-schemas.js";
import type { Catalog, Entity } from "../../../catalog/types.js";
import type { Slots } from "../../slots/index.js";
import { firstPhrase, isFilterable, pick, type Phrase } from "./fields.js";

type Subject = "user" | "servicePrincipal";

/**
 * riskEventType values (riskDetection and servicePrincipalRiskDetection reference pages) and the
 * names Entra ID Protection shows for them. More specific phrases come first.
 */
const RISK_EVENT_TYPES: (Phrase & { subjects: Subject[] })[] = [
  { value: "tokenIssuerAnomaly", words: /\btoken issuer anomal/, subjects: ["user"] },
  { value: "anomalousToken", words: /\banomalous tokens?\b/, subjects: ["user"] },
  { value: "passwordSpray", words: /\bpassword[\s-]?spray/, subjects: ["user"] },
  { value: "unlikelyTravel", words: /\b(?:atypical|unlikely) travel\b/, subjects: ["user"] },
  { value: "impossibleTravel", words: /\bimpossible travel\b/, subjects: ["user"] },
  { value: "malwareInfectedIPAddress", words: /\bmalware[\s-]*(?:linked|infected) ip\b/, subjects: ["user"] },
  { value: "nationStateIP", words: /\bnation[\s-]state ip\b/, subjects: ["user"] },
  { value: "riskyIPAddress", words: /\brisky ip\b|\bactivity from anonymous ip\b/, subjects: ["user"] },
  { value: "anonymizedIPAddress", words: /\banonym(?:ous|i[sz]ed) ip\b|\btor\b/, subjects: ["user"] },
  { value: "maliciousIPAddress", words: /\bmalicious ip\b/, subjects: ["user"] },
  { value: "suspiciousIPAddress", words: /\bsuspicious ip\b/, subjects: ["user"] },
  { value: "leakedCredentials", words: /\bleaked (?:creds?|credentials?|passwords?)\b|\bcredential leaks?\b|\b(?:creds?|credentials?|passwords?)\b(?: of (?:the |a )?(?:users?|accounts?))?(?: (?:was|were|got|have been|has been))? (?:leaked|exposed|found (?:online|on the dark ?web))\b/, subjects: ["user", "servicePrincipal"] },
  { value: "unfamiliarFeatures", words: /\bunfamiliar (?:sign[\s-]?in )?(?:propert(?:y|ies)|features?)\b/, subjects: ["user"] },
  { value: "newCountry", words: /\bnew countr(?:y|ies)\b/, subjects: ["user"] },
  { value: "suspiciousAPITraffic", words: /\bsuspicious (?:graph )?api traffic\b|\bgraph (?:api )?enumeration\b/, subjects: ["user"] },
  { value: "suspiciousBrowser", words: /\bsuspicious browsers?\b/, subjects: ["user"] },
  { value: "suspiciousInboxForwarding", words: /\bsuspicious (?:inbox |mail )?forwarding\b/, subjects: ["user"] },
  { value: "mcasSuspiciousInboxManipulationRules", words: /\binbox manipulation\b/, subjects: ["user"] },
  { value: "suspiciousSendingPatterns", words: /\bsuspicious sending patterns?\b/, subjects: ["user"] },
  { value: "attackerinTheMiddle", words: /\b(?:attacker|adversary|man)[\s-]in[\s-]the[\s-]middle\b|\baitm\b/, subjects: ["user"] },
  { value: "userReportedSuspiciousActivity", words: /\buser[\s-]reported (?:suspicious )?activity\b/, subjects: ["user"] },
  { value: "anomalousUserActivity", words: /\banomalous user activity\b/, subjects: ["user"] },
  { value: "investigationsThreatIntelligence", words: /\bthreat intel(?:ligence)?\b/, subjects: ["user", "servicePrincipal"] },
  { value: "generic", words: /\bgeneric (?:risk )?detections?\b|\badditional risk detected\b/, subjects: ["user"] },
  { value: "suspiciousSignins", words: /\bsuspicious sign[\s-]?ins?\b/, subjects: ["servicePrincipal"] },
  { value: "anomalousServicePrincipalActivity", words: /\banomalous (?:service principal|sp|app|workload identity) activity\b/, subjects: ["servicePrincipal"] },
  { value: "maliciousApplication", words: /\bmalicious app(?:lication)?s?\b/, subjects: ["servicePrincipal"] },
  { value: "suspiciousApplication", words: /\bsuspicious app(?:lication)?s?\b/, subjects: ["servicePrincipal"] },
];

/** riskDetail values in words; checked in order, so a sign-in-specific phrase precedes the user one. */
const RISK_DETAILS: (Phrase & { subjects?: Subject[]; needsDetail?: boolean })[] = [
  { value: "adminGeneratedTemporaryPassword", words: /\btemp(?:orary)? password\b/ },
  { value: "userPerformedSecuredPasswordChange", words: /\bsecure(?:d)? password change\b/ },
  { value: "userPerformedSecuredPasswordReset", words: /\bsecure(?:d)? password reset\b/ },
  { value: "userChangedPasswordOnPremises", words: /\bpassword\b.{0,20}\bon[\s-]?prem/ },
  { value: "userPassedMFADrivenByRiskBasedPolicy", words: /\bmfa\b.{0,30}\b(?:risk(?:[\s-]based)? polic|polic(?:y|ies)\b.{0,10}\brisk)|\bpass(?:ed|ing|es)? (?:the |an? )?mfa\b/ },
  { value: "aiConfirmedSigninSafe", words: /\b(?:cleared|confirmed(?: safe)?|dismissed) by (?:the )?ai\b|\bai[\s-](?:confirmed|cleared)\b/ },
  { value: "m365DAdminDismissedDetection", words: /\b(?:m365d|microsoft 365 defender|defender xdr)\b.{0,30}\bdismiss|\bdismiss\w*\b.{0,30}\b(?:m365d|microsoft 365 defender|defender xdr)\b/ },
  { value: "adminDismissedRiskForSignIn", words: /\badmin\w*\b.{0,20}\bdismiss\w*\b.{0,20}\bsign[\s-]?in risk\b/ },
  { value: "adminDismissedAllRiskForServicePrincipal", words: /\badmin\w*\b.{0,20}\bdismiss\w*\b.{0,10}\ball (?:the |their |its )?risk\b/, subjects: ["servicePrincipal"] },
  { value: "adminDismissedAllRiskForUser", words: /\badmin\w*\b.{0,20}\bdismiss\w*\b.{0,10}\ball (?:the |their )?risk\b/, subjects: ["user"] },
  { value: "adminConfirmedSigninSafe", words: /\badmin\w*\b.{0,20}\bconfirm\w*\b.{0,20}\bsign[\s-]?ins? (?:as )?safe\b/ },
  { value: "adminConfirmedSigninCompromised", words: /\badmin[\s-]confirmed compromised sign[\s-]?ins?\b|\badmin\w*\b.{0,20}\bconfirm\w*\b.{0,20}\bsign[\s-]?ins? (?:as )?compromised\b/ },
  { value: "adminConfirmedAccountSafe", words: /\badmin\w*\b.{0,20}\b(?:confirm|mark)\w*\b.{0,20}\baccounts? (?:as )?safe\b/ },
  // "confirmed compromised by an admin" is the risk state an admin sets; the detail only when named.
  { value: "adminConfirmedServicePrincipalCompromised", words: /\badmin\w*\b.{0,25}\bconfirm\w*\b.{0,25}\bcompromised\b|\bconfirmed compromised by (?:an? |the )?admin/, subjects: ["servicePrincipal"], needsDetail: true },
  { value: "adminConfirmedUserCompromised", words: /\badmin\w*\b.{0,25}\bconfirm\w*\b.{0,25}\bcompromised\b|\bconfirmed compromised by (?:an? |the )?admin/, subjects: ["user"], needsDetail: true },
  { value: "hidden", words: /\bdetails? (?:are |is )?hidden\b|\bhidden (?:risk )?details?\b/ },
];

/** The request names the risk detail field itself ("(riskDetail)", "risk detail says …"). */
const RISK_DETAIL_CUE = /\brisk ?details?\b/i;

const DETECTION_TIMINGS: Phrase[] = [
  { value: "nearRealtime", words: /\bnear[\s-]?real[\s-]?time\b/ },
  { value: "realtime", words: /\breal[\s-]?time\b/ },
  { value: "offline", words: /\boffline\b/ },
  { value: "notDefined", words: /\b(?:undefined|not defined)\b.{0,12}\btiming\b|\btiming\b.{0,12}\b(?:undefined|not defined)\b/ },
];

/** Token issuers by the names admins call them; the MFA adapter before plain AD FS. */
const TOKEN_ISSUERS: Phrase[] = [
  { value: "ADFederationServicesMFAAdapter", words: /\b(?:ad ?fs|ad federation services?)\b.{0,5}\bmfa adapter\b/ },
  { value: "ADFederationServices", words: /\bad ?fs\b|\bad federation services?\b/ },
  { value: "AzureADBackupAuth", words: /\bbackup[\s-]auth/ },
  { value: "NPSExtension", words: /\bnps(?: extension)?\b/ },
  { value: "AzureAD", words: /\b(?:azure ?ad|entra(?: id)?)\b/ },
];
/** A token issuer is meant only where the request talks about tokens. */
const TOKEN_CUE = /\btokens?\b|\bissuer\b|\bissued\b/;

/** "riskState": words the shared enum table does not have ("still in risk", "confirm safe"). */
const RISK_STATES: Phrase[] = [
  { value: "atRisk", words: /\b(?:still|currently) (?:in|at) risk\b/ },
  { value: "confirmedSafe", words: /\bconfirm(?:ed)? (?:as )?safe\b/ },
];

/** Service principal entities carry service principal fields; the others are about users. */
const subjectOf = (entity: Entity): Subject =>
  ["servicePrincipalId", "servicePrincipalType", "servicePrincipalDisplayName"].some((f) => entity.fields[f]) ? "servicePrincipal" : "user";

/** The request as read and as typed: normalisation may rename a value Graph spells literally ("AzureAD"). */
const asWritten = (slots: Slots) => `${slots.text} ${slots.original}`;

/** The camelCase members of `values` written as they are ("(aiConfirmedSigninSafe)"), matched case-insensitively, in text order. */
function literalValues(text: string, values: readonly string[]): string[] {
  const tokens = [...new Set(text.match(/[A-Za-z][A-Za-z0-9]+/g)?.map((t) => t.toLowerCase()) ?? [])];
  return tokens.flatMap((t) => values.filter((v) => /[a-z][A-Z]/.test(v) && v.toLowerCase() === t));
}

const literalValue = (text: string, values: readonly string[]): string | undefined => literalValues(text, values)[0];

/** Values a riskEventType field can take on this entity: the documented table plus the catalog's borrowed enum. */
function riskEventValues(entity: Entity, catalog: Catalog): string[] {
  const subject = subjectOf(entity);
  const borrowed = Object.values(catalog.entities).flatMap((e) => e.fields.riskEventTypes?.enum ?? []);
  return [...new Set([...RISK_EVENT_TYPES.filter((r) => r.subjects.includes(subject)).map((r) => r.value), ...borrowed])].filter((v) => v !== "unknownFutureValue");
}

/**
 * The risk event types a request names ("unlikelyTravel or impossibleTravel", "password spray or
 * leaked credentials"), as written or by their words; the phrase of the first one read from words.
 */
function riskEventTypes(entity: Entity, catalog: Catalog, slots: Slots): { values: string[]; phrase?: RegExp; words?: string[] } {
  const values = riskEventValues(entity, catalog);
  const literal = literalValues(asWritten(slots), values);
  if (literal.length > 0) return { values: literal };
  const subject = subjectOf(entity);
  const lower = slots.prose.toLowerCase();
  // One type per stretch of words: the more specific phrase, listed first, keeps its words.
  const taken: [number, number][] = [];
  const words: string[] = [];
  const hits = RISK_EVENT_TYPES.filter((r) => {
    const m = r.subjects.includes(subject) ? r.words.exec(lower) : null;
    if (!m || taken.some(([s, e]) => m.index < e && s < m.index + m[0].length)) return false;
    taken.push([m.index, m.index + m[0].length]);
    words.push(m[0]);
    return true;
  });
  return { values: hits.map((h) => h.value), phrase: hits[0]?.words, words };
}

/**
 * riskEventType on risk detections; riskEventTypes_v2 (a collection, tested with any) on sign-ins,
 * where the type must be named ("risk event type", "riskEventTypes") or written as Graph spells it.
 */
export function riskEventConditions(entity: Entity, catalog: Catalog, slots: Slots): StructuredCondition[] {
  if (isFilterable(entity, "riskEventType") && entity.fields.riskEventType?.type === "string") {
    const { values } = riskEventTypes(entity, catalog, slots);
    if (values.length === 0) return [];
    return [values.length === 1 ? { field: "riskEventType", op: "eq", value: values[0]! } : { field: "riskEventType", op: "in", value: values }];
  }
  if (entity.fields.riskEventTypes_v2?.filterable) {
    // As written ("riskEventTypes leakedCredentials") or by Entra's name for it ("anonymized IP
    // sign-ins", "flagged with leaked credentials"): the collection holds one type per test.
    const [value] = riskEventTypes(entity, catalog, slots).values;
    if (value) return [{ field: "riskEventTypes_v2", op: "any", value }];
  }
  return [];
}

/** The words that named risk event types ("user reported suspicious activity"): they name no other field's member. */
export function riskEventWords(entity: Entity, catalog: Catalog, slots: Slots): string[] {
  if (!(isFilterable(entity, "riskEventType") && entity.fields.riskEventType?.type === "string")) return [];
  return riskEventTypes(entity, catalog, slots).words ?? [];
}

/** Words of a member's name that need not be written: function words, and the subject the entity is about. */
const IMPLIED_WORDS = new Set(["for", "on", "by", "in", "of", "to", "user", "service", "principal"]);
const stem = (word: string) => word.replace(/(?:ing|ed|es|s|e)$/, "");

/**
 * The member whose name's words the request writes out, in any order and form ("remediated by an
 * on-prem password change" for userChangedPasswordOnPremises, "admin dismissed risk for sign-in" for
 * adminDismissedRiskForSignIn): every word of three or more, as a prefix of a written word or the
 * other way round (at four letters or more); the member with the most words wins.
 */
function describedValue(values: readonly string[], lower: string): string | undefined {
  const tokens = lower.match(/[a-z0-9]+/g) ?? [];
  // "sign-in", "sign in": also as one word.
  const written = [...tokens, ...tokens.slice(1).map((t, i) => tokens[i] + t)];
  const has = (word: string) => {
    const w = stem(word);
    return written.some((t) => t === word || (w.length >= 3 && t.startsWith(w)) || (t.length >= 4 && w.startsWith(t)));
  };
  let best: { value: string; words: number } | undefined;
  for (const value of values) {
    const words = value.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2").toLowerCase().split(" ");
    const needed = words.filter((w) => !IMPLIED_WORDS.has(w));
    if (needed.length < 3 || !needed.every(has)) continue;
    if (!best || needed.length > best.words) best = { value, words: needed.length };
  }
  return best?.value;
}

/**
 * riskDetail from its words or its literal value; only where the request is about risk: on an
 * entity whose subject is its risk (riskLevel: risky users, detections), or where the text says so.
 */
export function riskDetailConditions(entity: Entity, slots: Slots): StructuredCondition[] {
  const field = pick(entity, "riskDetail");
  const values = field ? entity.fields[field]!.enum ?? [] : [];
  if (!field || !(/\brisk/i.test(slots.text) || entity.fields.riskLevel)) return [];
  const literal = literalValue(asWritten(slots), values);
  if (literal) return [{ field, op: "eq", value: literal }];
  const subject = subjectOf(entity);
  const lower = slots.prose.toLowerCase();
  const detailNamed = RISK_DETAIL_CUE.test(slots.text);
  const hit =
    RISK_DETAILS.find((d) => (!d.subjects || d.subjects.includes(subject)) && (!d.needsDetail || detailNamed) && values.includes(d.value) && d.words.test(lower))?.value ??
    describedValue(detailNamed ? values : values.filter((v) => !RISK_DETAILS.some((d) => d.needsDetail && d.value === v)), lower);
  return hit ? [{ field, op: "eq", value: hit }] : [];
}

/** riskState phrasings beyond the shared enum words, unless a risk detail already says the outcome. */
export function riskStateConditions(entity: Entity, slots: Slots, detailFound: boolean): StructuredCondition[] {
  const field = pick(entity, "riskState");
  const value = field && !detailFound ? firstPhrase(slots.prose.toLowerCase(), RISK_STATES) : undefined;
  return field && value ? [{ field, op: "eq", value }] : [];
}

/** A timing ruled out ("offline (not real time)", "non-realtime") says nothing about the one asked for. */
const NEGATED_TIMING = /\b(?:not|non|never)[\s-]+(?:near[\s-]?)?real[\s-]?time\b|\b(?:not|non)[\s-]+offline\b/g;

export function detectionTimingConditions(entity: Entity, slots: Slots): StructuredCondition[] {
  const field = pick(entity, "detectionTimingType");
  const value = field ? firstPhrase(slots.prose.toLowerCase().replace(NEGATED_TIMING, " "), DETECTION_TIMINGS) : undefined;
  return field && value ? [{ field, op: "eq", value }] : [];
}

/**
 * tokenIssuerType, read with the risk event type's words taken out: "token issuer anomaly
 * detections for ADFS users" names the event type, not the issuer.
 */
export function tokenIssuerConditions(entity: Entity, catalog: Catalog, slots: Slots): StructuredCondition[] {
  const field = pick(entity, "tokenIssuerType");
  if (!field) return [];
  const phrase = riskEventTypes(entity, catalog, slots).phrase;
  const lower = phrase ? slots.prose.toLowerCase().replace(new RegExp(phrase.source, "g"), " ") : slots.prose.toLowerCase();
  const literal = literalValue(asWritten(slots), entity.fields[field]!.enum ?? []);
  if (literal) return [{ field, op: "eq", value: literal }];
  const value = TOKEN_CUE.test(lower) ? firstPhrase(lower, TOKEN_ISSUERS) : undefined;
  return value ? [{ field, op: "eq", value }] : [];
}

/** Every value these vocabularies write (risk event types, details, timings, issuers, states): the catalog's own camelCase names. */
export const riskVocabularyValues = (): string[] => [...RISK_EVENT_TYPES, ...RISK_DETAILS, ...DETECTION_TIMINGS, ...TOKEN_ISSUERS, ...RISK_STATES].map((p) => p.value);
