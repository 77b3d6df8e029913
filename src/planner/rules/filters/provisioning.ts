/**
 * Provisioning log filters: the systems on either side (sourceSystem, targetSystem), the
 * identities moved between them (sourceIdentity, targetIdentity), who started it (initiatedBy),
 * the provisioning app (servicePrincipal: "provisioning for Slack") and the outcome words the
 * shared enum table does not inflect ("warnings").
 */
import type { StructuredCondition } from "../../../catalog/common-schemas.js";
import type { Entity } from "../../../catalog/types.js";
import type { Slots } from "../../slots/index.js";
import { escapeRegExp } from "../../regex.js";
import { firstPhrase, nameAt, pick, type Phrase } from "./fields.js";

/**
 * HR systems that Entra provisions from (inbound provisioning): named alone ("the Workday job"),
 * they are the source system.
 */
const HR_SOURCES = /^(?:Workday|(?:SAP )?SuccessFactors|Oracle HCM(?: Cloud)?|UKG|BambooHR)$/i;

/**
 * What a provisioning run did to an account, in the verbs analysts use ("what the job created");
 * the shared enum table leaves "created"/"updated" to a cue because elsewhere they mean times.
 */
const ACTION_VERBS: Phrase[] = [
  { value: "create", words: /\bcreat(?:e|ed|es|ions?)\b/i },
  { value: "update", words: /\bupdat(?:e|ed|es)\b/i },
];

/** Words before a name and the field they make it: the more specific cue first. */
const NAME_CUES: { cue: RegExp; fields: string[]; unquoted?: boolean }[] = [
  { cue: /\bsource system\s*(?:is|was|[:=])?\s*/gi, fields: ["sourceSystem/displayName"] },
  { cue: /\btarget system\s*(?:is|was|[:=])?\s*/gi, fields: ["targetSystem/displayName"] },
  { cue: /\btarget (?:identity|user|account)\s*(?:display ?name)?\s*(?:is|was|[:=])?\s*/gi, fields: ["targetIdentity/displayName"] },
  { cue: /\btarget display ?name\s*(?:is|was|[:=])?\s*/gi, fields: ["targetIdentity/displayName"] },
  { cue: /\bsource (?:identity|user|account)\s*(?:display ?name)?\s*(?:is|was|[:=])?\s*/gi, fields: ["sourceIdentity/displayName"] },
  { cue: /\binitiated by (?:the )?(?:user|app(?:lication)?)?\s*/gi, fields: ["initiatedBy/displayName"] },
  { cue: /\b(?:service principal|provisioning app(?:lication)?)\s*(?:display ?name)?\s*[:=]?\s*(?=["'“`])/gi, fields: ["servicePrincipal/displayName"] },
  // "for the app 'Slack'", "of app Zscaler Private Access": the provisioning app by its word.
  { cue: /\b(?:for|of|by|from) (?:the )?app(?:lication)?\s*[:=]?\s*(?=["'“`A-Z])/g, fields: ["servicePrincipal/displayName"] },
  { cue: /\btarget(?: app(?:lication)?)?\s*[:=]?\s*(?=["'“`])/gi, fields: ["targetSystem/displayName"] },
  // "with target Azure Active Directory", "toward Microsoft Entra ID", "provisioned into Workday".
  { cue: /\b(?:with (?:the )?target|towards?|into)\s+(?:the\s+)?(?=[A-Z])/g, fields: ["targetSystem/displayName"] },
  // "pushed to ServiceNow", "create actions to ServiceNow", "users created in ServiceNow".
  // Not inside a quoted story ("'30 new hires not created in ServiceNow'").
  { cue: /\b(?:pushed|provisioned|sent|synced|exported|created|written|actions?)\s+(?:to|in)\s+(?:the\s+)?(?=[A-Z])/g, fields: ["targetSystem/displayName"], unquoted: true },
];
/** "Zoom is the target", "to Dropbox (target system)", "in Salesforce (target)": a name before the word target. */
const TARGET_AFTER = /\b((?:[A-Z][\w.-]*)(?:\s+[A-Z][\w.-]*)*)\s*(?:\(\s*target(?: system)?\s*\)|is the target\b)/g;
/** "from the SuccessFactors source", "Workday (source system)": a name before the word source. */
const SOURCE_AFTER = /\b((?:[A-Z][\w.-]*)(?:\s+[A-Z][\w.-]*)*)\s*(?:\(\s*source(?: system)?\s*\)|source(?: system)?\b|is the source\b)/g;

/** "for user 'Jan Novak'": the identity being provisioned, the target one when the text says so. */
const USER_CUE = /\b(?:for|of) (?:the )?user\s+/gi;
/** "provisioning for Slack", "for the Google Cloud connector": the provisioning app. */
const APP_CUE = /\b(?:for|of) (?:the )?(?=[A-Z"'“`])/g;
/** "since the 1st of December", "for Monday": a date's words, never an app. */
const CALENDAR_WORD = /^(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Q[1-4])\b/;
/** "the SuccessFactors provisioning job": a name right before the word provisioning. */
const JOB_NAME = /\b(?:the\s+)?((?:[A-Z][\w.-]*)(?:\s+[A-Z][\w.-]*)*)\s+(?:provisioning|connector|sync) (?:job|app|connector)\b/;

function namesAfter(text: string, cue: RegExp, unquoted = false): string[] {
  const quotes = unquoted ? [...text.matchAll(/(?<![\w])'[^']*'|"[^"]*"|“[^”]*”/g)].map((q) => [q.index ?? 0, (q.index ?? 0) + q[0].length] as const) : [];
  return [...text.matchAll(cue)]
    .filter((m) => !quotes.some(([s, e]) => (m.index ?? 0) > s && (m.index ?? 0) < e))
    .map((m) => nameAt(text, (m.index ?? 0) + m[0].length))
    .filter((n): n is string => n !== undefined);
}

/** Names on a provisioning entity, each on the field its cue points at. */
export function provisioningConditions(entity: Entity, slots: Slots): StructuredCondition[] {
  if (!pick(entity, "provisioningAction")) return [];
  const text = slots.text;
  const out: StructuredCondition[] = [];
  const used = new Set<string>();
  const add = (fields: string[], value: string | undefined) => {
    const field = pick(entity, ...fields);
    if (!field || !value || used.has(value) || out.some((c) => c.field === field)) return;
    used.add(value);
    out.push({ field, op: "eq", value });
  };
  // Names as the analyst wrote them first ("Azure Active Directory", which the normaliser shortens), then as read.
  for (const source of [slots.original, text]) {
    for (const { cue, fields, unquoted } of NAME_CUES) for (const name of namesAfter(source, cue, unquoted)) add(fields, name);
    for (const m of source.matchAll(TARGET_AFTER)) add(["targetSystem/displayName"], m[1]);
    for (const m of source.matchAll(SOURCE_AFTER)) add(["sourceSystem/displayName"], m[1]);
  }
  const targetSide = /\btarget identity\b/i.test(text);
  for (const name of namesAfter(text, USER_CUE)) add([targetSide ? "targetIdentity/displayName" : "sourceIdentity/displayName"], name);
  const job = JOB_NAME.exec(text)?.[1];
  const systems = [...(job ? [job] : []), ...namesAfter(text, APP_CUE).filter((n) => !/^(?:User|Target|Source)\b/.test(n) && !CALENDAR_WORD.test(n))];
  for (const name of systems) {
    const clean = name.replace(/\s+(?:connector|app|job)$/i, "");
    // "for the Workday app": the provisioning app, even when it is named after its HR source.
    const asApp = new RegExp(`\\b${escapeRegExp(clean)}['"”]?\\s+app(?:lication)?\\b`).test(text);
    add(HR_SOURCES.test(clean) && !asApp ? ["sourceSystem/displayName"] : ["servicePrincipal/displayName"], clean);
  }
  const status = pick(entity, "provisioningStatusInfo/status");
  if (status && /\bwarnings\b/i.test(slots.prose)) out.push({ field: status, op: "eq", value: "warning" });
  // "provisioning errors": an event that went wrong is a failure (the enum table reads "failed", not "errors").
  else if (status && /\berrors?\b|\berrored\b/i.test(slots.prose) && !/\berror ?codes?\b|\bcategor(?:y|ies)\b/i.test(slots.prose)) out.push({ field: status, op: "eq", value: "failure" });
  const action = pick(entity, "provisioningAction");
  const verb = action ? firstPhrase(slots.prose, ACTION_VERBS) : undefined;
  if (action && verb) out.push({ field: action, op: "eq", value: verb });
  return out;
}
