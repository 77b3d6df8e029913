/**
 * What kind of call a request asks for, read from its verbs and nouns, and what kind of call each
 * operation is, read from its method and path. The selector adds these to the retrieval score.
 */
import type { Operation } from "../../catalog/types.js";
import { escapeRegExp } from "../regex.js";
import { blankDefanged, type Slots } from "../slots/index.js";

export type OperationKind = "list" | "get" | "update" | "action" | "delete";

export interface RequestIntent {
  /** Imperative change verbs: resolve, assign, dismiss, comment, … */
  write: boolean;
  /** The write verbs found (lower-case base forms), to match against operation names. */
  verbs: string[];
  /** The analyst asked to hunt (KQL, advanced hunting, raw event telemetry). */
  hunt: boolean;
  /** Identifiers that address one object (alert id, incident number, GUID). */
  hasObjectId: boolean;
  /** Indicators that only telemetry can answer for (hash, IP, domain, URL, file name). */
  hasHuntableIndicator: boolean;
  /**
   * Words neither English nor the catalog's ("lsass", "certutil", "rundll32"): tool, process and
   * technique names that only telemetry answers for. The planner fills this from its lexicon.
   */
  toolTerms: string[];
}

/** Base-form change verbs; "resolved alerts" (an adjective) is a read, "resolve alert X" a write. */
const WRITE_VERBS =
  /\b(resolve|close|assign|reassign|unassign|classify|reclassify|mark|set|update|change|dismiss|confirm|flag|reopen|re-open|escalate|tag|comment|annotate|(?<=(?:^|[.!?])\s*(?:(?:please|pls|kindly)\s+)?)note(?= on\b|:)|add (?:a )?(?:comment|note)|leave (?:a )?(?:comment|note)|put (?:a )?(?:comment|note)|triage|acknowledge|take ownership|deactivate|reactivate|suppress|raise|bump|lower|make (?=it\b|them\b|this\b|that\b|alert\b|incident\b)|(?:extend|prolong|renew)(?=[^.?!|]{0,80}\b(?:expir\w*|validity|lifetime)\b)|put (?=tags?\b|(?:a |the )?(?:tag|label))|write(?= on\b)|(?:delete|remove|create|submit|add)(?= (?:(?:an?|the|this|that|these|new)\s+)?(?:(?:block|alert|allow|new|custom)\s+)?(?:ti ?indicators?|iocs?|(?:threat )?indicators?)\b))\b/gi;
/** Where a clause starts: the text's start, after sentence punctuation, or after a politeness word or "and/then". */
const CLAUSE_START = String.raw`(?<=(?:^|[.!?;:]\s*|\b(?:please|pls|kindly|and|then|now)\s+))`;
/** An object a change is about: alert or incident noun, "it/them", an incident number or a Defender alert id. */
const CHANGED_OBJECT = String.raw`(?:(?:the|this|that|these|those)\s+)?(?:incidents?|alerts?|it|them|#?\d{2,12}|[a-z]{2}[0-9a-f]{6,}[\w-]*)\b`;
/**
 * Changes said without one of the catalog's verbs, each as the verb it means: "hand incident 9753 to
 * nina" assigns, "put incident 8080 in progress" sets a status, "add tags …" tags, "add to alert X
 * the note: …" and "Please add: '…'" comment, "note for <alert id> — …" comments, "clear their
 * risk" dismisses a risky user, "new IOC: …" creates an indicator.
 */
const WRITE_PHRASES: { pattern: RegExp; verb: string }[] = [
  { pattern: new RegExp(String.raw`(?:${CLAUSE_START}|[—–-]\s*)\b(?:hand|pass|give)(?:\s+(?:off|over))?\s+${CHANGED_OBJECT}[^.?!]{0,60}?\bto\b`, "i"), verb: "assign" },
  { pattern: new RegExp(String.raw`${CLAUSE_START}\bput\s+${CHANGED_OBJECT}[^.?!]{0,30}?\b(?:in|into|to|as|on)\b`, "i"), verb: "put" },
  { pattern: /\badd\s+(?:(?:the|a|some|custom|these|new)\s+)?tags?\b/i, verb: "tag" },
  { pattern: /\badd\b(?=[^.?!]{0,60}\b(?:comments?|notes?)\b)|\badd\s*:\s*["'“]/i, verb: "comment" },
  { pattern: new RegExp(String.raw`${CLAUSE_START}\bnote\s+(?:on|for|to)\s+(?=(?:the\s+)?(?:alert|incident)\b|[a-z]{2}[0-9a-f]{6,}[\w-]*|#?\d{2,12}\b)`, "i"), verb: "comment" },
  { pattern: /\bclear\s+(?:(?:the|their|his|her|its|this|that)\s+)?(?:(?:user|account)(?:'s)?\s+)?risk\b/i, verb: "dismiss" },
  { pattern: new RegExp(String.raw`${CLAUSE_START}\bnew\s+(?:ti ?indicator|ioc|threat indicator)\s*(?:[:\-–—(]|\bfor\b)`, "i"), verb: "create" },
  // "add the sha256 X as an alert-only indicator, threat type Malware, TLP green", "block domain X, threat type C2, TLP amber":
  // an indicator's own fields make the verb its creation.
  { pattern: new RegExp(String.raw`${CLAUSE_START}\b(?:add|create|submit|block|push|upload)\b(?=(?:[^.?!]|\.(?=\S)){0,200}\b(?:as\s+(?:an?\s+)?(?:[\w-]+\s+)?(?:ti\s?)?indicators?|threat\s?type|target\s?product|tlp)\b)`, "i"), verb: "create" },
];
const PURPOSE_CLAUSE = /\bso (?:that )?(?:we|i|you|they|the team|someone) (?:can|could|may|might)\b[^.?!]*/gi;
/** Triage verdicts (the catalog's classification values, as the normaliser spells them out). */
const VERDICT = /\b(?:true positive|false positive|benign positive|(?:is|as|was) (?:a )?(?:tp|fp|bp)\b|resolved\b|in progress\b|awaiting action\b|redirected\b)/i;
/**
 * A new value stated for one object without a verb: an arrow ("incident 8642 -> awaiting action") or
 * a triage field after the id ("alert X: determination apt", "incident 77 - status resolved").
 */
const STATED_VALUE = /(?:->|=>|→)\s*\w|(?:[:\-–—]|\bset)\s*(?:the\s+)?(?:determination|classification|status|severity|assigned to|owner)\s*(?:[:=]|to|->|\bis\b)?\s+["'“]?\w/i;
/** Verbs that mean an operation's own verb: "write on alert X" comments, "submit an IOC" creates it, "bump X to …" raises it. */
const VERB_SYNONYMS: Record<string, string> = { write: "comment", submit: "create", add: "create", remove: "delete", bump: "raise", extend: "update", prolong: "update", renew: "update" };
/** Read-only question forms that outweigh a write verb used as a noun ("the alert's last update"). */
const READ_QUESTION = /^\s*(?:show|list|get|what|which|who|how many|find|display|give me|are there|is there|count)\b/i;
const HUNT_WORDS =
  /\b(?:hunt|hunting|kql|kusto|advanced hunting|telemetry|look for|process(?:es)? (?:events?|executions?)|file events?|network (?:events?|connections?)|logon events?|email events?|command[- ]lines?|executed|ran|spawned|connected to|con+ec?tions? to|downloaded|downloading|url clicks?|attachments?|emails? (?:from|sent by|sent to|to|with|delivered)|sender|recipient|search(?:ing)? for|check(?:ing)? for|signs? of|evidence of|traces? of|any hits|anywhere|across (?:all |our |the |every )?(?:devices|endpoints|machines|hosts|servers|workstations|dcs)|on (?:our |the |any |all |every |many |several )?(?:devices|endpoints|machines|hosts|servers|dcs|domain controllers|workstations)|executions?|executed|launch(?:ed|es)?|invok(?:ed|ing)|spawn(?:ing|s)?|registry|scheduled tasks?|lateral movement|persistence|command and control|beacon(?:ing)?|outbound|inbound|(?:on|over|to) port \d+|dns (?:lookups?|queries|requests)|(?:inbox|mailbox|forwarding) rules?|image loads?|named pipes?|file (?:creations?|modifications?|writes)|files? (?:named|dropped|written|created|modified|renamed|copied)|(?:dropped|written) (?:in|into|to|under)|(?:Device|Email|Identity|CloudApp|AADSignIn|UrlClick|Alert)[A-Za-z]*(?:Events|Info|Beta))\b/i;

/** Nouns after which a number is a value or a device name, never a catalog object's id ("port 4444", "score 50", "host WS-01"). */
const VALUE_NOUNS = new Set(["host", "port", "score"]);
/** A number with a unit or an ordinal ("24h", "3rd") is a time or a count, not an id. */
const NOT_AN_ID = /^\d+(?:[smhdwy]|hrs?|mins?|days?|st|nd|rd|th)$/i;

/**
 * The catalog's object nouns (the last word of each path parameter: "component" for
 * vulnerabilityComponentId, "detection" for servicePrincipalRiskDetectionId) or "id", followed by
 * an identifier with a digit: "risk detection 0e1f…", "component 5512", "actor id 5d9e…".
 */
export function labelledIdPattern(operations: readonly Operation[]): RegExp {
  const nouns = new Set<string>();
  for (const op of operations) {
    for (const p of op.params) {
      if (p.in !== "path" || !/Id$/.test(p.name)) continue;
      const last = p.name.replace(/Id$/, "").replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase().split(" ").pop()!;
      if (last.length >= 4 && !VALUE_NOUNS.has(last)) nouns.add(last);
    }
  }
  return new RegExp(`\\b((?:${[...nouns].sort().join("|")})(?:\\s+id)?|id)\\s*[:#=]?\\s*["'\`]?([A-Za-z0-9][\\w.-]*\\d[\\w.-]*)`, "gi");
}

export interface LabelledId {
  /** The object noun ("component", "detection") or "id". */
  noun: string;
  value: string;
}

/** Identifiers the request labels with an object noun or "id" (see labelledIdPattern). */
export function labelledIds(text: string, pattern: RegExp | undefined): LabelledId[] {
  if (!pattern) return [];
  return [...text.matchAll(pattern)]
    .map((m) => ({ noun: m[1]!.toLowerCase().replace(/\s+id$/, ""), value: m[2]!.replace(/[.:]+$/, "") }))
    .filter((l) => !NOT_AN_ID.test(l.value));
}

export function readIntent(text: string, slots: Slots, toolTerms: string[] = [], labelledId?: RegExp): RequestIntent {
  // "… so we can confirm the accounts": a purpose clause says why, not what to do now; the words of a
  // domain, URL, mailbox or file name ("evil-cdn-update.com") are no verbs.
  const ind = slots.indicators;
  const names = [...ind.urls, ...ind.domains, ...ind.emails, ...ind.fileNames].filter((n) => n.length > 0).map(escapeRegExp);
  // Defanged forms as written ("hxxp://cdn-update[.]ru/…") name things too.
  const unnamed = blankDefanged(names.length > 0 ? text.replace(new RegExp(names.join("|"), "gi"), (m) => " ".repeat(m.length)) : text);
  const asked = unnamed.replace(PURPOSE_CLAUSE, " ");
  const verbs = [...asked.matchAll(WRITE_VERBS)].map((m) => {
    const verb = m[1]!.toLowerCase().replace(/^(?:add|leave|put) (?:a )?(?=comment|note)/, "").trim();
    return VERB_SYNONYMS[verb] ?? verb;
  });
  for (const { pattern, verb } of WRITE_PHRASES) if (pattern.test(asked)) verbs.push(verb);
  // A hash-shaped value labelled as an object ("risk detection 9d8c…", "profile 2c3d…") is that object's id, not a file hash.
  const labelled = new Set(labelledIds(slots.text, labelledId).map((l) => l.value.toLowerCase()));
  const hasObjectId = ind.alertIds.length + ind.incidentIds.length + ind.guids.length + labelled.size > 0;
  const fileHashes = ind.hashes.filter((h) => !labelled.has(h.value));
  // "da63…: resolved, benign positive": a verdict stated about one object is a triage update without a verb.
  if (verbs.length === 0 && hasObjectId && (VERDICT.test(text) || STATED_VALUE.test(text)) && !READ_QUESTION.test(text) && !text.includes("?")) verbs.push("classify");
  const write = verbs.length > 0 && !(READ_QUESTION.test(text) && !/\b(?:and|then)\s+(?:resolve|close|assign|dismiss|confirm|mark|set|classify)\b/i.test(text));
  return {
    write,
    verbs,
    hunt: slots.kql !== undefined || HUNT_WORDS.test(slots.text),
    hasObjectId,
    hasHuntableIndicator: fileHashes.length + ind.ips.length + ind.domains.length + ind.urls.length + ind.fileNames.length > 0,
    toolTerms,
  };
}

export interface OperationShape {
  kind: OperationKind;
  /** Required path parameters that name one object ("alertId"), not function arguments ("period"). */
  objectParams: string[];
  /** The operation takes OData query options ($filter as `where`/`filter`). */
  filterable: boolean;
  /** Lower-case words of the operation's name and last path segment ("dismiss", "comment"). */
  nameWords: Set<string>;
}

export function shapeOf(op: Operation): OperationShape {
  const required = op.params.filter((p) => p.in === "path" && p.required).map((p) => p.name);
  const objectParams = required.filter((n) => /id$/i.test(n) || !/^(?:period|date|format|top)$/i.test(n));
  const props = (op.inputSchema.properties ?? {}) as Record<string, unknown>;
  let kind: OperationKind;
  if (op.method === "DELETE") kind = "delete";
  else if (op.method === "PATCH" || op.method === "PUT") kind = "update";
  else if (op.method === "POST") kind = "action";
  else kind = objectParams.length > 0 ? "get" : "list";
  const last = op.path.split("/").pop() ?? "";
  const nameWords = new Set(
    `${op.name} ${last}`
      .replace(/microsoft\.graph\.(?:security\.)?/g, " ")
      .replace(/[_./{}()-]+/g, " ")
      .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
      .toLowerCase()
      .split(/\s+/)
      .filter(Boolean),
  );
  return { kind, objectParams, filterable: "where" in props || "filter" in props, nameWords };
}
