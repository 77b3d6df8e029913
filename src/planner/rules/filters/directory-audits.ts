/**
 * Directory audit filters: the activity (activityDisplayName, from Entra's own activity names or
 * the analyst's description of one), the service that logged it (loggedByService), who or what
 * initiated it (initiatedBy/app/displayName) and what it targeted (targetResources, through
 * any()). A name the request quotes goes to the field its neighbouring words point at ("the
 * 'Finance-Admins' group" is a target, "by the app 'X'" an initiator, "'X' service" the logger),
 * and only a quoted phrase that reads like an activity ("'Add owner to application'") is one;
 * unquoted, Entra's own activity names (audit-activities.ts) and the table below read the activity.
 */
import type { StructuredCondition } from "../../../catalog/common-schemas.js";
import type { Entity } from "../../../catalog/types.js";
import type { Slots } from "../../slots/index.js";
import { writtenActivity } from "./audit-activities.js";
import { firstPhrase, nameAt, pick, type Phrase } from "./fields.js";

/**
 * Entra directory audit activity names for the usual ways analysts describe them. Order matters:
 * a more specific activity ("owner to application", "credentials to a service principal")
 * precedes the generic one it contains ("application").
 */
const AUDIT_ACTIVITIES: Phrase[] = [
  { value: "Add member to role completed (PIM activation)", words: /\bpim[\s-]?activations?\b[^.?!]{0,30}\b(?:completed|done|finished|successful|succeeded)\b|\b(?:completed|successful) pim[\s-]?activations?\b/ },
  { value: "Add member to role", words: /\badd(?:ed|s|ing)? (?:a |new )?(?:members?|users?|someone|anyone|people )?\s?(?:to|as) (?:the |a )?(?:global|security|privileged role|privileged authentication|exchange|sharepoint|teams|user|helpdesk|billing|application|cloud application|intune|compliance|conditional access|authentication) ?admin(?:istrator)?s?\b|\bgrant(?:ed|s|ing)? (?:\w+ )?(?:the )?(?:global|security|privileged role|privileged authentication|exchange|sharepoint|teams|user|helpdesk|billing|application|cloud application|intune|compliance|conditional access|authentication) ?admin(?:istrator)?s?(?: role)?\b|\badd(?:ed|s|ing)? (?:a |new )?members? to (?:a |the )?(?:directory |admin )?roles?\b|(?<!app )\brole assignments?\b|\bassigned (?:to )?(?:an? )?(?:admin |directory )?roles?\b/ },
  { value: "Remove member from role", words: /\b(?:users?|members?|accounts?|someone|people)\b.{0,20}\bremov(?:ed|al)\b.{0,10}\bfrom (?:a |the )?(?:\w+ )?roles?\b|\bremov(?:ed|es|ing|e) (?:a )?members? from (?:a |the )?(?:directory |admin )?roles?\b/ },
  { value: "Add owner to application", words: /\bowners? (?:were |was |got )?add(?:ed)? to\b.{0,40}?\bapp(?:lication)?s?\b|\badd(?:ed|s|ing)? (?:a |new )?owners? to\b.{0,40}?\bapp(?:lication)?s?\b/ },
  { value: "Add owner to service principal", words: /\badd(?:ed|s|ing)? (?:a |new )?owners? to\b.{0,40}?\bservice principals?\b/ },
  { value: "Add owner to group", words: /\bgroup owners? (?:additions?|added)\b|\badd(?:ed|s|ing)? (?:a |new )?owners? to\b.{0,60}?\bgroups?\b/ },
  { value: "Add member to group", words: /\badd(?:ed|s|ing)? (?:as |like )(?:a )?members? (?:in|to|into|of)\b.{0,60}?\bgroups?\b|\bgroup members? (?:additions?|added)\b|\badd(?:ed|s|ing)? (?:a |new )?members? to\b.{0,60}?\bgroups?\b|\bgroup membership (?:changes|additions)\b/ },
  { value: "Remove member from group", words: /\bremov(?:ed|es|ing|e) (?:a )?members? from\b.{0,60}?\bgroups?\b/ },
  { value: "Reset user password", words: /(?<!self[\s-]service )\bpassword resets?\b|\breset(?:ting|s)? (?:of )?(?:(?:a|the|their|his|her|users?|user's|users') ){0,2}passwords?\b/ },
  { value: "Change user password", words: /\bchang(?:ed|es|ing|e) (?:(?:a|the|their|his|her|users?|user's|users') ){0,2}passwords?\b|\bpassword changes?\b/ },
  { value: "Consent to application", words: /\b(?:app(?:lication)? )?consent(?:s|ed)?(?: grants?)?\b/ },
  { value: "Update conditional access policy", words: /\b(?:conditional access|ca) polic(?:y|ies) (?:updates?|changes?|changed|updated|modified|edits?|edited)\b|\b(?:updat|chang|modif|edit)\w* (?:a |the |our |any )?(?:conditional access|ca) polic(?:y|ies)\b/ },
  { value: "Add conditional access policy", words: /\b(?:new|created|added) (?:a |the )?(?:conditional access|ca) polic(?:y|ies)\b|\b(?:conditional access|ca) polic(?:y|ies) (?:created|added)\b/ },
  { value: "Delete conditional access policy", words: /\b(?:delet|remov)(?:e|ed|es|ing) (?:a |the |any )?(?:conditional access|ca) polic(?:y|ies)\b|\b(?:conditional access|ca) polic(?:y|ies) (?:deleted|removed|deletions?)\b/ },
  { value: "Add service principal credentials", words: /\b(?:add(?:ed|s|ing)?|new) (?:a |new )?(?:credentials?|secrets?|certificates?|keys?)(?: (?:or|and|\/) (?:a |new )?(?:credentials?|secrets?|certificates?|keys?))? (?:to|on) (?:an? |the )?(?:service principals?|sps?|apps?|applications?)\b|\bservice principal credentials?\b|\bapp(?:lication)? credentials? (?:added|created)\b/ },
  { value: "Add delegated permission grant", words: /\b(?:delegated|oauth2?) permission grants?\b/ },
  { value: "Add app role assignment to service principal", words: /\bapp role assignments? (?:to|for) (?:an? |the )?(?:service principals?|sps?)\b/ },
  { value: "Add user", words: /\bcreat(?:ed|es|ing|e) (?:a |new )?users?\b|\bnew users? (?:created|added|accounts?)\b|\buser creations?\b|\badd(?:ed)? (?:a )?new users?\b/ },
  { value: "Restore user", words: /\brestor(?:ed|es|ing|e) (?:a |deleted )?users?\b/ },
  { value: "Delete user", words: /\bdelet(?:ed|es|ing|e) (?:a )?users?\b|\buser deletions?\b|\bdeleted (?:user )?accounts?\b/ },
  { value: "Disable account", words: /\bdisabl(?:ed|es|ing|e) (?:user )?accounts?\b|\baccount disables?\b/ },
  { value: "Enable account", words: /\benabl(?:ed|es|ing|e) (?:user )?accounts?\b|\baccount enables?\b/ },
  { value: "Redeem external user invite", words: /\b(?:guest |external user )?invit(?:e|ation)s? redemptions?\b|\bredeem(?:ed|s|ing)? (?:(?:the|their|an?) )?(?:guest )?invit/ },
  { value: "Invite external user", words: /\binvit(?:ed|es|ing|e) (?:\w+ ){0,2}guests?\b|\binvit(?:ed|es|ing|e) (?:an? )?(?:external |guest )users?\b|\bguest invit(?:es|ations?)\b/ },
  { value: "Add service principal", words: /\b(?:creat|add)\w* (?:a |new )?service principals?\b/ },
  { value: "Add application", words: /\b(?:creat|register|add)\w* (?:a |new )?(?:app(?:lication)?s?|app registrations?)\b|\bnew app registrations?\b/ },
  { value: "Admin registered security info", words: /\badmin registered (?:security|mfa|authentication)\b|\b(?:mfa|authentication|security info)(?: methods?)? registered by (?:an? )?admin\b/ },
  { value: "Reveal local administrator password", words: /\b(?:laps|local admin(?:istrator)?)(?: password)? (?:reveals?|reads?|retrievals?|views?)\b|\breveal(?:ed|s|ing)? (?:the )?(?:laps|local admin(?:istrator)?) passwords?\b/ },
  { value: "Read BitLocker key", words: /\bbitlocker (?:recovery )?keys? (?:reads?|views?|retrievals?|accessed)\b|\b(?:read|view|retriev|access)\w* (?:the |a |any )?bitlocker (?:recovery )?keys?\b/ },
  { value: "Update StsRefreshTokenValidFrom Timestamp", words: /\bsessions? (?:were |was |got )?revoked\b|\bsession revocations?\b|\bstsrefreshtokenvalidfrom\b/ },
  { value: "User registered security info", words: /\bregistered (?:security|mfa|authentication) (?:info|methods?)\b|\bsecurity info registrations?\b/ },
  { value: "Set federation settings on domain", words: /\bfederation settings\b/ },
];

/** First words of Entra activity names: a quoted phrase starting with one reads as an activity. */
const ACTIVITY_VERBS = /^(?:Add|Remove|Update|Delete|Hard delete|Consent|Reset|Change|Set|Disable|Enable|Restore|Invite|Create|Assign|Register|Verify|Revoke|Unblock|Reprocess|User registered|User deleted|User changed|Redeem)\b/i;

/**
 * Services that write the directory audit log (the portal's "Service" filter). Distinctive names
 * are enough on their own; names that are also ordinary topics need the word "service" or "logged by".
 */
const AUDIT_SERVICES: (Phrase & { needsCue?: boolean })[] = [
  { value: "Core Directory", words: /\bcore directory\b/ },
  // The log writes the short name for PIM; a request that spells the service out gets what it wrote.
  { value: "PIM", words: /(?<![\w-])pim(?![\w-])/ },
  { value: "Privileged Identity Management", words: /\bprivileged identity management\b/ },
  { value: "Self-service Password Management", words: /\bself[\s-]service password (?:reset|management)\b|\bsspr\b/ },
  { value: "Self-service Group Management", words: /\bself[\s-]service group management\b/ },
  { value: "Invited Users", words: /\binvited users\b/ },
  { value: "B2C", words: /\bb2c\b/ },
  { value: "Microsoft Identity Manager", words: /\bmicrosoft identity manager\b|\bmim\b/ },
  { value: "Entitlement Management", words: /\bentitlement management\b/ },
  { value: "Access Reviews", words: /\baccess reviews?\b/ },
  { value: "Account Provisioning", words: /\baccount provisioning\b/ },
  { value: "Device Registration Service", words: /\bdevice registration service\b/ },
  { value: "Lifecycle Workflows", words: /\blifecycle workflows?\b/ },
  { value: "Terms Of Use", words: /\bterms of use\b/ },
  { value: "Hybrid Authentication", words: /\bhybrid authentication\b/ },
  { value: "Kerberos Domain", words: /\bkerberos domain\b/ },
  { value: "AAD Management UX", words: /\baad management ux\b/ },
  { value: "Conditional Access", words: /\bconditional access\b/, needsCue: true },
  { value: "Authentication Methods", words: /\bauthentication methods?\b/, needsCue: true },
  { value: "Application Proxy", words: /\bapp(?:lication)? proxy\b/, needsCue: true },
  { value: "Identity Protection", words: /\bidentity protection\b/, needsCue: true },
];
const SERVICE_CUE = /\bservice\b|\blogged ?by(?:service)?\b/;

type Role = "activity" | "service" | "initiatorApp" | "initiatorUser" | "target";

/** Words right before a name that make it the acting app ("by the app", "from app", "appdisplayname"). */
const INITIATOR_APP_BEFORE = /\b(?:by|from|initiated by|initiator|actor|did|has|have)\s+(?:the\s+)?(?:app(?:lication)?|service principal|sp|workload identity)(?:\s+(?:called|named))?\s*[:=]?\s*$|\bapp ?display ?name\s*[:=]?\s*$/;
const TARGET_NOUN = /(?:(?:security |m365 |microsoft 365 |distribution )?groups?|roles?|app(?:lication)?s?|service principals?|(?:ca |conditional access )?polic(?:y|ies)|users?|accounts?|devices?|objects?)/.source;
const TARGET_BEFORE = new RegExp(`\\b(?:target(?:s|ed|ing)?(?:\\s+(?:display\\s*name|name))?(?:\\s+(?:is|was))?|${TARGET_NOUN})(?:\\s+(?:called|named))?\\s*[:=]?\\s*$`);
const TARGET_AFTER = new RegExp(`^\\s*${TARGET_NOUN}\\b`);
const SERVICE_BEFORE = /\b(?:service|logged ?by(?:service)?|from service)\s*[:=]?\s*$/;

/** The field a name at [start, end) belongs to, judged by the words around it. */
function roleOf(text: string, start: number, end: number, quoted: string): Role | undefined {
  const before = text.slice(Math.max(0, start - 40), start).toLowerCase();
  const after = text.slice(end, end + 30).toLowerCase();
  if (SERVICE_BEFORE.test(before) || /^\s*service\b/.test(after)) return "service";
  if (INITIATOR_APP_BEFORE.test(before) || (/\b(?:by|initiated by)\s*$/.test(before) && /^\s*(?:app(?:lication)?|service principal)\b/.test(after))) return "initiatorApp";
  if (ACTIVITY_VERBS.test(quoted) && !TARGET_AFTER.test(after)) return "activity";
  if (TARGET_BEFORE.test(before) || TARGET_AFTER.test(after)) return "target";
  // "anything added to or removed from 'Tier0-Admins'": the group members went into or out of.
  if (/\b(?:add(?:ed|s|ing)?|remov(?:ed|es|ing|e))\b[^.?!]{0,25}\b(?:to|from|into)\s*$/.test(before)) return "target";
  return undefined;
}

interface Named {
  role: Role;
  value: string;
}

/** Each quoted name (as the indicator slots read them) with the role its context gives it. */
function quotedNames(text: string, quoted: string[]): Named[] {
  const out: Named[] = [];
  for (const value of quoted) {
    const at = text.indexOf(value);
    if (at < 1) continue;
    // The quote marks sit one character either side of the value.
    const role = roleOf(text, at - 1, at + value.length + 1, value);
    if (role) out.push({ role, value });
  }
  return out;
}

/** Words in the names of apps and services, not of people ("Microsoft Graph Command Line Tools", "Azure AD Connect"). */
const APP_NAME_WORD = /\b(?:Microsoft|Azure|AAD|Entra|Graph|Office|Connect|Sync|PowerShell|CLI|API|Tools?|Explorer|Portal|Service|Services|Provisioning|Agent|Bot|Daemon|Deployer|Terraform|Automation|App|Application|Connector)\b|-/;
/** A person's name: two or three Capitalised words ("Priya Raman", "Lukasz Zielinski"), nothing app-like. */
const PERSON_NAME = /^[A-Z][a-z'’]+(?:\s+[A-Z][a-z'’]+){1,2}$/;

/** Unquoted names after an explicit cue: "from app Graph Explorer", "target PDF Converter Pro", "group Finance-Admins". */
function cuedNames(text: string): Named[] {
  const out: Named[] = [];
  const cues: [RegExp, Role][] = [
    [/\b(?:by|from|initiated by)\s+(?:the\s+)?(?:app(?:lication)?|service principal|workload identity)\s+(?=[A-Z0-9])/g, "initiatorApp"],
    [/\btarget(?:ing|ed)?(?:\s+(?:display\s*name|name))?(?:\s+(?:is|was))?(?:\s+(?:named|called))?\s+(?=[A-Z0-9])/g, "target"],
    // "for group Finance-Admins", "in group SG-VPN-Users", "who changed the group X", "on the app HR-Portal".
    [/\b(?:to|in|into|for|on|of|from|the)\s+(?:the\s+)?(?:security\s+)?(?:group|app(?:lication)?(?:\s+registration)?|role|(?:ca\s+|conditional access\s+)?policy)\s+(?=[A-Z0-9])/g, "target"],
  ];
  for (const [cue, role] of cues) {
    for (const m of text.matchAll(cue)) {
      const value = nameAt(text, (m.index ?? 0) + m[0].length);
      if (value) out.push({ role, value });
    }
  }
  out.push(...actorNames(text));
  return out;
}

/**
 * Who acted, named without quotes: "initiated by Lukasz Zielinski", "done by the app Terraform",
 * "anything Tomasz Nowak did", "what did Microsoft Graph Command Line Tools change", "apps Nina Berg
 * consented to". A person's name is the acting user; a name with app words is the acting app.
 */
const NAME = "([A-Z][\\w'’.]*(?:\\s+[A-Z][\\w'’.-]*){0,5})";
const ACTOR_PATTERNS = [
  new RegExp(`\\b(?:initiated|done|performed|made|triggered|pushed)\\s+by\\s+(?:the\\s+)?(?:user\\s+)?${NAME}`, "g"),
  new RegExp(`\\b(?:anything|everything|all|what)\\s+(?:that\\s+)?${NAME}(?:\\s+\\([^)]*\\))?\\s+(?:did|has done|changed|modified|touched|pushed)\\b`, "g"),
  new RegExp(`\\bwhat\\s+did\\s+${NAME}\\s+(?:do|change|modify|push|touch)\\b`, "g"),
  new RegExp(`\\b${NAME}\\s+(?:consented|did|changed|pushed)\\b`, "g"),
];

function actorNames(text: string): Named[] {
  const out: Named[] = [];
  for (const pattern of ACTOR_PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      const name = m[1]!.trim();
      if (/^(?:I|We|You|They|He|She|Who|What|Anyone|Someone|Somebody|Anybody|Nobody|Entra|Microsoft)$/.test(name)) continue;
      if (APP_NAME_WORD.test(name) && !PERSON_NAME.test(name)) out.push({ role: "initiatorApp", value: name });
      else if (PERSON_NAME.test(name)) out.push({ role: "initiatorUser", value: name });
    }
  }
  return out;
}

/** The activity the request describes in words, from the table. */
function describedActivity(prose: string): string | undefined {
  return firstPhrase(prose.toLowerCase().replace(/\s+/g, " "), AUDIT_ACTIVITIES);
}

/** The activity name: a quoted activity-like phrase, else the table's reading of the words. */
export function auditActivityConditions(entity: Entity, slots: Slots): StructuredCondition[] {
  const field = pick(entity, "activityDisplayName");
  if (!field) return [];
  // "activity starting with 'Update'" is a startswith condition, not an activity name.
  if (/\b(?:starting|starts?|beginning|begins|ending|ends|containing|contains)\b/i.test(slots.text) && /\bactivit(?:y|ies)\b/i.test(slots.text)) return [];
  const named = quotedNames(slots.text, slots.indicators.quoted).find((n) => n.role === "activity")?.value ?? writtenActivity(slots.text)?.name ?? describedActivity(slots.prose);
  return named ? [{ field, op: "eq", value: named }] : [];
}

/** The request names or describes a directory audit activity ("who invited guests", "LAPS password reveals"). */
export function namesAuditActivity(slots: Slots): boolean {
  return writtenActivity(slots.text) !== undefined || describedActivity(slots.prose) !== undefined;
}

/** loggedByService: one of the services that write the audit log, by its words. */
export function auditServiceConditions(entity: Entity, slots: Slots): StructuredCondition[] {
  const field = pick(entity, "loggedByService");
  const lower = slots.text.toLowerCase();
  const known = field ? AUDIT_SERVICES.find((s) => s.words.test(lower) && (!s.needsCue || SERVICE_CUE.test(lower)))?.value : undefined;
  return field && known ? [{ field, op: "eq", value: known }] : [];
}

/** loggedByService: a known service, else a name the request places on the service. */
function serviceConditions(entity: Entity, slots: Slots, names: Named[]): StructuredCondition[] {
  const field = pick(entity, "loggedByService");
  const value = auditServiceConditions(entity, slots)[0]?.value ?? names.find((n) => n.role === "service")?.value;
  return field && value ? [{ field, op: "eq", value }] : [];
}

/** GUIDs that name the changed object: "target group id X", "changes on object id X". */
function targetIdConditions(entity: Entity, slots: Slots): StructuredCondition[] {
  const field = pick(entity, "targetResources/id");
  if (!field) return [];
  for (const guid of slots.indicators.guids) {
    const at = slots.text.indexOf(guid);
    const before = slots.text.slice(Math.max(0, at - 40), at).toLowerCase();
    if (/\b(?:initiat\w*|correlat\w*|by)\b[^.]*$/.test(before)) continue;
    if (/\b(?:target(?:ed|ing)?|object|group|role|application|device|resource|on)\b(?:\s+(?:group|user|object|role|app|application|device|resource))?\s*(?:with\s+(?:the\s+|an?\s+)?)?(?:object\s+)?(?:id)?\s*[:=#]?\s*$/.test(before)) {
      return [{ field, op: "eq", value: guid }];
    }
  }
  return [];
}

/** "directory audit correlated to X": a GUID after a form of "correlate" is the correlation id. */
function correlationConditions(entity: Entity, slots: Slots): StructuredCondition[] {
  const field = pick(entity, "correlationId");
  const guid = slots.indicators.guids.find((g) => /\bcorrelat\w*\s*(?:to|with|id)?\s*[:=#]?\s*$/i.test(slots.text.slice(0, slots.text.indexOf(g))));
  return field && guid ? [{ field, op: "eq", value: guid }] : [];
}

export function directoryAuditConditions(entity: Entity, slots: Slots): StructuredCondition[] {
  if (!pick(entity, "activityDisplayName", "loggedByService")) return [];
  const names = [...quotedNames(slots.text, slots.indicators.quoted), ...cuedNames(slots.text)];
  const first = (role: Role) => names.find((n) => n.role === role)?.value;
  const out: StructuredCondition[] = [...auditActivityConditions(entity, slots), ...serviceConditions(entity, slots, names)];
  const app = first("initiatorApp");
  const appField = pick(entity, "initiatedBy/app/displayName");
  if (app && appField) out.push({ field: appField, op: "eq", value: app });
  const user = first("initiatorUser");
  const userField = pick(entity, "initiatedBy/user/displayName");
  if (user && userField && !app) out.push({ field: userField, op: "eq", value: user });
  const target = first("target");
  const targetField = pick(entity, "targetResources/displayName");
  if (target && targetField && target !== app && target !== user) out.push({ field: targetField, op: "eq", value: target });
  out.push(...targetIdConditions(entity, slots), ...correlationConditions(entity, slots));
  return out;
}
