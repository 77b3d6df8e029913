/**
 * Provisioning log filters: the systems on either side (sourceSystem, targetSystem), the
 * identities moved between them (sourceIdentity, targetIdentity), who started it (initiatedBy),
 * the provisioning app (servicePrincipal: "provisioning for Slack") and the outcome words the
 * shared enum table does not inflect ("warnings").
 */
import type { StructuredCondition } from "../../../catalog/common-schemas.js";
import type { Entity } from "../../../catalog/types.js";
import type { Slots } from "../../slots/index.js";
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
const NAME_CUES: { cue: RegExp; fields: string[] }[] = [
  { cue: /\bsource system\s*(?:is|was|[:=])?\s*/gi, fields: ["sourceSystem/displayName"] },
  { cue: /\btarget system\s*(?:is|was|[:=])?\s*/gi, fields: ["targetSystem/displayName"] },
  { cue: /\btarget identity\s*(?:display ?name)?\s*[:=]?\s*/gi, fields: ["targetIdentity/displayName"] },
  { cue: /\bsource identity\s*(?:display ?name)?\s*[:=]?\s*/gi, fields: ["sourceIdentity/displayName"] },
  { cue: /\binitiated by (?:the )?(?:user|app(?:lication)?)?\s*/gi, fields: ["initiatedBy/displayName"] },
  { cue: /\b(?:service principal|provisioning app(?:lication)?)\s*(?:display ?name)?\s*[:=]?\s*(?=["'“`])/gi, fields: ["servicePrincipal/displayName"] },
  { cue: /\btarget(?: app(?:lication)?)?\s*[:=]?\s*(?=["'“`])/gi, fields: ["targetSystem/displayName"] },
  // "with target Azure Active Directory", "toward Microsoft Entra ID", "provisioned into Workday".
  { cue: /\b(?:with (?:the )?target|towards?|into)\s+(?:the\s+)?(?=[A-Z])/g, fields: ["targetSystem/displayName"] },
];
/** "Zoom is the target", "to Dropbox (target system)", "in Salesforce (target)": a name before the word target. */
const TARGET_AFTER = /\b((?:[A-Z][\w.-]*)(?:\s+[A-Z][\w.-]*)*)\s*(?:\(\s*target(?: system)?\s*\)|is the target\b)/g;

/** "for user 'Jan Novak'": the identity being provisioned, the target one when the text says so. */
const USER_CUE = /\b(?:for|of) (?:the )?user\s+/gi;
/** "provisioning for Slack", "for the Google Cloud connector": the provisioning app. */
const APP_CUE = /\b(?:for|of) (?:the )?(?=[A-Z"'“`])/g;
/** "the SuccessFactors provisioning job": a name right before the word provisioning. */
const JOB_NAME = /\b(?:the\s+)?((?:[A-Z][\w.-]*)(?:\s+[A-Z][\w.-]*)*)\s+(?:provisioning|connector|sync) (?:job|app|connector)\b/;

function namesAfter(text: string, cue: RegExp): string[] {
  return [...text.matchAll(cue)].map((m) => nameAt(text, (m.index ?? 0) + m[0].length)).filter((n): n is string => n !== undefined);
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
    for (const { cue, fields } of NAME_CUES) for (const name of namesAfter(source, cue)) add(fields, name);
    for (const m of source.matchAll(TARGET_AFTER)) add(["targetSystem/displayName"], m[1]);
  }
  const targetSide = /\btarget identity\b/i.test(text);
  for (const name of namesAfter(text, USER_CUE)) add([targetSide ? "targetIdentity/displayName" : "sourceIdentity/displayName"], name);
  const job = JOB_NAME.exec(text)?.[1];
  const systems = [...(job ? [job] : []), ...namesAfter(text, APP_CUE).filter((n) => !/^(?:User|Target|Source)\b/.test(n))];
  for (const name of systems) {
    const clean = name.replace(/\s+(?:connector|app|job)$/i, "");
    add(HR_SOURCES.test(clean) ? ["sourceSystem/displayName"] : ["servicePrincipal/displayName"], clean);
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
