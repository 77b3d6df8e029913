/**
 * The rules planner: no model. Request → slots → operation (BM25+ retrieval plus intent features)
 * → arguments → the same validation and compilation as any tool call. It never returns a call
 * that fails validation: an argument the compiler rejects is dropped when it is optional (one
 * filter condition), otherwise the planner declines with the compiler's sentence.
 */
import type { Catalog, Operation } from "../../catalog/types.js";
import { prepareCall } from "../../graph/compile.js";
import { ArgumentError } from "../../graph/types.js";
import { ArgValidator } from "../../graph/validate.js";
import { createSpellingCorrector, enumVocabulary, extractKql, extractSlots, type Slots, type SpellingCorrector } from "../slots/index.js";
import type { PlanContext, PlanResult, Planner } from "../types.js";
import { assembleArguments, pathValue } from "./arguments.js";
import { unsafeReason } from "./decline.js";
import { generateHuntingQuery, HUNTING_VOCABULARY } from "./hunting.js";
import { readIntent, shapeOf, type RequestIntent } from "./intent.js";
import { textFilterAffinity } from "./text-filters.js";
import { normalizeTerm, OperationIndex, splitIdentifier } from "./retrieve.js";

/** Below this combined score no operation fits well enough to call. */
const MIN_SCORE = 0.2;
/** Security words that anchor a request in scope even when no operation name uses them. */
const SECURITY_WORDS = [
  "hunt", "hunting", "kql", "threat", "malware", "phishing", "phish", "ransomware", "device", "devices", "process",
  "processes", "email", "emails", "logon", "logons", "login", "logins", "signin", "signins", "sign", "mfa", "compromised",
  "suspicious", "malicious", "ioc", "iocs", "hash", "domain", "ip", "url", "defender", "sentinel", "entra", "mde",
  "mdi", "mdo", "mdca", "soc", "attack", "attacker", "lateral", "persistence", "exfiltration", "beacon", "c2",
  "powershell", "mimikatz", "vulnerability", "cve", "severity", "triage", "investigation", "breach",
  "role", "roles", "member", "members", "consent", "conditional", "access", "policy", "policies", "password",
  "group", "admin", "administrator", "tenant", "app", "application", "account", "accounts", "permission",
  "credential", "credentials", "detection", "detections", "risk", "sensor", "health", "tiindicator",
];
const GENERIC_NAME_WORDS = new Set(["get", "list", "update", "create", "delete", "run", "by", "the", "an", "of", "one", "on", "and", "end", "page", "pages", "operation", "operations", "record", "records"]);
/** Update verbs that mean "PATCH the object" rather than naming an action operation. */
const UPDATE_VERBS = new Set(["resolve", "close", "assign", "reassign", "classify", "reclassify", "mark", "set", "update", "change", "reopen", "re-open", "escalate", "triage", "acknowledge", "take ownership", "tag"]);
const COMMENT_VERBS = new Set(["comment", "note", "annotate"]);
const GENERIC_WRITE_NAME_WORDS = new Set(["alerts", "incidents", "risky", "users", "update", "create", "legacy", "service", "principals"]);
/** Name words that narrow an operation to a special case the request has to ask for. */
const QUALIFIERS: { nameWords: string[]; mentioned: RegExp }[] = [
  { nameWords: ["service", "principal"], mentioned: /service principal|\bapps?\b|application|workload|\bspns?\b/i },
  { nameWords: ["detections"], mentioned: /detect|risk events?/i },
  { nameWords: ["history"], mentioned: /histor|timeline|over time|past states|changes/i },
  { nameWords: ["automations"], mentioned: /automat/i },
  { nameWords: ["operations"], mentioned: /\boperation/i },
  { nameWords: ["legacy"], mentioned: /legacy|old api|v1 alerts/i },
];
/** Nouns of the catalog's own objects: their presence means "not a telemetry hunt". */
const OBJECT_NOUNS = /\b(?:alerts?|incidents?|risky|risk detections?|sign-?ins?|secure score|simulations?|indicators? of compromise|ti indicators?|health issues?|sensors?|audit)\b/i;

export interface ScoredOperation {
  operation: Operation;
  score: number;
  /** Why, for debugging and for the plan's `reason`. */
  notes: string[];
}

function isHuntingOperation(op: Operation): boolean {
  return op.params.some((p) => p.in === "body" && p.name.toLowerCase() === "query") && /hunting/i.test(`${op.name} ${op.path}`);
}

function scoreOperation(op: Operation, retrieval: number, intent: RequestIntent, slots: Slots, catalog: Catalog): ScoredOperation {
  const shape = shapeOf(op);
  const notes: string[] = [`retrieval ${retrieval.toFixed(2)}`];
  let score = retrieval;
  const add = (delta: number, note: string) => {
    score += delta;
    notes.push(`${delta > 0 ? "+" : ""}${delta} ${note}`);
  };
  if (!op.readOnly) {
    // Never a write the request did not ask for, however well its words match.
    if (!intent.write) return { operation: op, score: Number.NEGATIVE_INFINITY, notes: ["a write, and the request asks for none"] };
    add(0.4, "write requested");
    const verbs = new Set(intent.verbs);
    const words = new Set(slots.prose.toLowerCase().split(/[^a-z]+/));
    if ([...verbs].some((v) => shape.nameWords.has(v))) add(1, "named by the verb");
    // "flag X as compromised" → confirm_compromised: a distinctive word of the operation's name.
    else if ([...shape.nameWords].some((w) => w.length > 5 && words.has(w) && !GENERIC_WRITE_NAME_WORDS.has(w))) add(0.8, "named by an action word");
    else if ([...verbs].some((v) => COMMENT_VERBS.has(v))) add(shape.nameWords.has("comment") ? 1 : -0.5, "comment verb");
    else if (shape.kind === "update" && [...verbs].some((v) => UPDATE_VERBS.has(v))) add(0.6, "update verb");
  } else if (intent.write) add(-0.4, "read-only, and the request asks for a change");

  if (shape.objectParams.length > 0) {
    const filled = shape.objectParams.every((p) => pathValue(p, slots) !== undefined);
    if (!filled) add(-1.5, "needs an id the request does not give");
    else {
      add(0.3, "ids present");
      const ind = slots.indicators;
      const specific = shape.objectParams.some(
        (p) =>
          (/alert/i.test(p) && ind.alertIds.length > 0) ||
          (/incident/i.test(p) && ind.incidentIds.length > 0) ||
          (/^hostId$/i.test(p) && ind.domains.length + ind.ips.length > 0),
      );
      if (specific) add(0.3, "id type matches");
    }
  } else if (intent.hasObjectId && shape.kind === "list" && op.readOnly) add(-0.1, "a list, and the request names one object");

  for (const { nameWords, mentioned } of QUALIFIERS) {
    if (nameWords.every((w) => shape.nameWords.has(w)) && !mentioned.test(slots.text)) add(-0.8, `the request does not mention ${nameWords.join(" ")}`);
  }

  // Deprecated APIs stay callable by name ("legacy alerts") but never win a tie.
  if (op.deprecated && !/\blegacy|deprecated|old api\b/i.test(slots.prose)) add(-0.3, "deprecated");

  if (op.entity && textFilterAffinity(catalog.entities[op.entity], slots)) add(1.2, "the request names a value only this entity records");

  if (isHuntingOperation(op)) {
    if (!intent.hunt && !intent.hasHuntableIndicator) add(-0.8, "no hunting words or indicators");
    if (slots.kql) add(3, "analyst KQL");
    else if (!generateHuntingQuery(slots)) add(-2, "nothing to hunt for");
    else {
      if (intent.hunt) add(1, "hunting words");
      if (intent.hasHuntableIndicator && !OBJECT_NOUNS.test(slots.prose)) add(0.6, "indicator hunt");
    }
  }
  return { operation: op, score, notes };
}

/** Words that put a request in the catalog's domain: operation names and titles plus SOC vocabulary. */
function anchorTerms(catalog: Catalog): Set<string> {
  const terms = new Set<string>();
  const addWords = (text: string) => {
    for (const word of splitIdentifier(text).split(/[^a-z0-9]+/)) {
      const term = normalizeTerm(word);
      if (term && !GENERIC_NAME_WORDS.has(term)) terms.add(term);
    }
  };
  for (const op of catalog.operations) addWords(`${op.name} ${op.title} ${op.toolset}`);
  for (const word of SECURITY_WORDS) addWords(word);
  return terms;
}

/** Ordinary words the planner's phrase rules read; typo repair must not "correct" them away. */
const PHRASING_WORDS = `starts starting start begins beginning begin ends ending end contains containing contain mentioning mentions
  including includes assigned assign anyone anybody nobody owner unassigned since until before after between during
  about regarding named called whose which where when there their those these still again already recent latest
  oldest newest earliest first sorted sort order ordered most least more less than over under within across
  today yesterday tomorrow week weeks month months hours hour minutes days year`.split(/\s+/);

/** Words typo repair may correct towards: the catalog's own text plus the planner's vocabularies. */
function vocabularyOf(catalog: Catalog): string[] {
  const texts = catalog.operations.flatMap((op) => [splitIdentifier(op.name), op.title, op.description, ...op.examples]);
  for (const entity of Object.values(catalog.entities)) {
    for (const [field, spec] of Object.entries(entity.fields)) texts.push(splitIdentifier(field), ...(spec.enum ?? []).map(splitIdentifier));
  }
  return [...texts.flatMap((t) => t.split(/[^a-zA-Z]+/)), ...enumVocabulary(), ...HUNTING_VOCABULARY, ...SECURITY_WORDS, ...PHRASING_WORDS].filter((w) => w.length > 0);
}

export class RulesPlanner implements Planner {
  readonly name = "rules";
  private readonly index: OperationIndex;
  private readonly validator: ArgValidator;
  private readonly anchors: Set<string>;
  private readonly correctSpelling: SpellingCorrector;

  constructor(private readonly catalog: Catalog) {
    this.index = new OperationIndex(catalog.operations);
    this.validator = new ArgValidator(catalog);
    this.anchors = anchorTerms(catalog);
    this.correctSpelling = createSpellingCorrector(vocabularyOf(catalog));
  }

  /** The request names something in the catalog's domain (a word, an indicator or KQL). */
  private inScope(slots: Slots): boolean {
    if (slots.kql !== undefined) return true;
    const ind = slots.indicators;
    if (ind.alertIds.length + ind.incidentIds.length + ind.hashes.length + ind.ips.length + ind.domains.length + ind.urls.length > 0) return true;
    return splitIdentifier(slots.prose)
      .split(/[^a-zA-Z0-9]+/)
      .map((w) => normalizeTerm(w))
      .some((t) => t !== null && this.anchors.has(t));
  }

  /** Every operation scored for `text`, best first (exported for tests and debugging). */
  rank(text: string, now: Date): ScoredOperation[] {
    const slots = extractSlots(this.correctSpelling(text), now);
    return this.rankSlots(slots, readIntent(text, slots));
  }

  private rankSlots(slots: Slots, intent: RequestIntent): ScoredOperation[] {
    const raw = new Map(this.index.rank(slots.prose, this.catalog.operations.length).map((h) => [h.operation.name, h.rawScore]));
    // Scale by the best operation the request could actually get: a write that wins on words
    // ("resolved alerts") must not shrink every read's score when no write was asked for.
    const eligible = this.catalog.operations.filter(
      (op) => (op.readOnly || intent.write) && shapeOf(op).objectParams.every((p) => pathValue(p, slots) !== undefined),
    );
    const best = Math.max(0, ...eligible.map((op) => raw.get(op.name) ?? 0));
    return this.catalog.operations
      .map((op) => scoreOperation(op, best > 0 ? Math.min(1, (raw.get(op.name) ?? 0) / best) : 0, intent, slots, this.catalog))
      .sort((a, b) => b.score - a.score);
  }

  async plan(text: string, ctx: PlanContext): Promise<PlanResult> {
    // Analyst KQL is passed through verbatim; everything else gets typo repair first.
    const trimmed = extractKql(text.trim()) === undefined ? this.correctSpelling(text.trim()) : text.trim();
    if (trimmed.length === 0) return { decision: "decline", reason: "the request is empty" };
    const unsafe = unsafeReason(trimmed);
    if (unsafe) return { decision: "decline", reason: unsafe };
    const slots = extractSlots(trimmed, ctx.now, text.trim());
    if (!this.inScope(slots)) return { decision: "decline", reason: "the request is outside what this server covers (Defender XDR and Entra security data)" };
    const intent = readIntent(trimmed, slots);
    const [best] = this.rankSlots(slots, intent);
    if (!best || best.score < MIN_SCORE) {
      return { decision: "decline", reason: "no operation in the catalog fits this request" };
    }
    const assembled = assembleArguments(best.operation, slots, this.catalog);
    if (!assembled.ok) return { decision: "decline", reason: assembled.reason };
    return this.validated(best.operation, assembled.arguments, ctx.now, best.notes.join("; "));
  }

  /**
   * Runs the compiler on the proposal. A rejected filter condition is dropped and the rest
   * retried (the call stays useful and honest); any other rejection declines with its sentence.
   */
  private validated(op: Operation, args: Record<string, unknown>, now: Date, reason: string): PlanResult {
    let current = args;
    for (let attempt = 0; attempt < 8; attempt++) {
      try {
        prepareCall(this.catalog, this.validator, op.name, current, { now });
        return { decision: "call", operation: op.name, arguments: current, reason };
      } catch (e) {
        if (!(e instanceof ArgumentError)) throw e;
        const condition = /^where\/(\d+)/.exec(e.argPath);
        const where = current.where;
        if (!condition || !Array.isArray(where)) return { decision: "decline", reason: `could not build a valid ${op.name} call: ${e.message}` };
        const rest = where.filter((_, i) => i !== Number(condition[1]));
        const { where: _dropped, ...others } = current;
        current = rest.length > 0 ? { ...others, where: rest } : others;
      }
    }
    return { decision: "decline", reason: `could not build a valid ${op.name} call` };
  }
}

export function createRulesPlanner(catalog: Catalog): Planner {
  return new RulesPlanner(catalog);
}
