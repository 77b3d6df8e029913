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
import { dot, getEmbedder } from "../embed/index.js";
import { createNormalizer, type Normalizer } from "../normalize/index.js";
import { featuresOf, isHuntingOperation, type FeatureVector, type OperationFeatures } from "../router/features.js";
import { Lexicon, lexicalTokens, NO_EVIDENCE, NONE_CLASS } from "../router/lexicon.js";
import { noneFeatures, RouterScorer, type RouterWeights } from "../router/scorer.js";
import { ROUTER_WEIGHTS } from "../router/weights.js";
import { tooLongReason, type PlanAlternative, type PlanContext, type PlanResult, type Planner } from "../types.js";
import { assembleArguments, INCLUDE_ALERTS, pathValue } from "./arguments.js";
import { schemaTables, writtenColumns, writtenTable } from "../hunting/tables.js";
import { otherProductWords, unsafeReason } from "./decline.js";
import { riskVocabularyValues } from "./filters/risk.js";
import { namesAuditActivity } from "./filters/directory-audits.js";
import { HUNTING_VOCABULARY, namesHuntTechnique } from "./hunting.js";
import { labelledIdPattern, labelledIds, readIntent, shapeOf, type RequestIntent } from "./intent.js";
import { normalizeTerm, OperationIndex, splitIdentifier } from "./retrieve.js";

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
  "dll", "exe", "registry", "script", "macro", "payload", "implant", "backdoor", "webshell", "bypass", "injection", "lolbin",
  "endpoint", "endpoints", "outbound", "inbound", "smb", "rdp", "ssh", "port", "ports", "network", "traffic", "connection",
  "connections", "dns", "proxy", "vpn", "upload", "uploads", "uploaded", "command", "commands", "signed", "logged", "hive", "hives",
  "improvement", "audit", "activity", "activities",
];
const GENERIC_NAME_WORDS = new Set(["get", "list", "update", "create", "delete", "run", "by", "the", "an", "of", "one", "on", "and", "end", "page", "pages", "operation", "operations", "record", "records"]);
/** Control characters other than tab, newline and carriage return (or U+FFFD): binary data. */
function hasBinary(text: string): boolean {
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 127 || code === 0xfffd) return true;
  }
  return false;
}

/** Optional query options the planner adds to shape a page; one the compiler rejects is dropped. */
const SHAPING_OPTIONS = new Set(["orderby", "expand", "count", "top", "select", "search", "filter"]);
/** Below this probability another valid call is not worth offering as an alternative. */
const ALTERNATIVE_MIN_PROBABILITY = 0.02;

export interface ScoredOperation {
  operation: Operation;
  score: number;
  /** The scorer's softmax probability for this call (the none option included). */
  probability: number;
}

/** Everything the router computed for one request: the scorer's inputs, for ranking and training. */
export interface RoutingTable {
  slots: Slots;
  intent: RequestIntent;
  options: OperationFeatures[];
  none: FeatureVector;
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
  const texts = catalog.operations.flatMap((op) => [splitIdentifier(op.name), splitIdentifier(op.toolset), op.title, op.description, ...op.examples]);
  for (const entity of Object.values(catalog.entities)) {
    for (const [field, spec] of Object.entries(entity.fields)) texts.push(splitIdentifier(field), ...(spec.enum ?? []).map(splitIdentifier));
  }
  return [...texts.flatMap((t) => t.split(/[^a-zA-Z]+/)), ...enumVocabulary(), ...HUNTING_VOCABULARY, ...SECURITY_WORDS, ...PHRASING_WORDS].filter((w) => w.length > 0);
}

/** The catalog's own camelCase names, lower-cased: field path segments, enum values, path segments, risk vocabularies, hunting tables and columns. */
function identifiersOf(catalog: Catalog): Set<string> {
  const out = new Set<string>();
  for (const op of catalog.operations) for (const seg of op.path.split("/")) out.add(seg.replace(/[{}]/g, "").toLowerCase());
  for (const [name, entity] of Object.entries(catalog.entities)) {
    out.add(name.split(".").pop()!.toLowerCase());
    for (const [field, spec] of Object.entries(entity.fields)) {
      for (const seg of field.split("/")) out.add(seg.toLowerCase());
      for (const value of spec.enum ?? []) out.add(value.toLowerCase());
    }
  }
  for (const value of riskVocabularyValues()) out.add(value.toLowerCase());
  for (const [table, { columns }] of Object.entries(schemaTables())) {
    out.add(table.toLowerCase());
    for (const column of Object.keys(columns)) out.add(column.toLowerCase());
  }
  return out;
}

/** The object a path parameter names: the last word of its name ("vulnerabilityComponentId" → "component"). */
const paramNoun = (param: string) => param.replace(/Id$/, "").replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase().split(" ").pop()!;

/** Embedding vectors of each operation's texts, computed once per planner. */
interface OperationVectors {
  title: Float32Array[];
  examples: Float32Array[][];
}

const operationTitle = (op: Operation) => `${op.title}. ${op.description}`;

/** Microsoft's threat actor names: a weather family word after a name, or a Storm-NNNN designation. */
const ACTOR_NAME = /\b[A-Z][a-z]+ (?:Blizzard|Typhoon|Sandstorm|Sleet|Tempest|Dust|Hail|Rain|Tsunami|Cyclone|Flood)\b|\bStorm-\d{3,4}\b/;

/** Mail named by what the mail telemetry records about it: subject, sender, recipients, attachments, delivery. */
const MAIL_RECORD = /\b(?:e-?mails?|mails?|messages?)\b[^.?!]{0,60}\b(?:subjects?|senders?|recipients?|attachments?|delivered|received|networkmessageid)\b|\b(?:subjects?|senders?|attachments?)\b[^.?!]{0,40}\b(?:e-?mails?|mails?)\b/i;

export class RulesPlanner implements Planner {
  readonly name = "rules";
  private readonly index: OperationIndex;
  private readonly validator: ArgValidator;
  private readonly anchors: Set<string>;
  private readonly correctSpelling: SpellingCorrector;
  private readonly spellingVocabulary: Set<string>;
  private readonly scorer: RouterScorer;
  private readonly lexicon?: Lexicon;
  private readonly labelledId: RegExp;
  private vectors?: Promise<OperationVectors>;
  private normalizer?: Promise<Normalizer>;
  private normalizerNow?: Normalizer;

  constructor(private readonly catalog: Catalog, options: { weights?: RouterWeights } = {}) {
    this.index = new OperationIndex(catalog.operations);
    this.validator = new ArgValidator(catalog);
    this.anchors = anchorTerms(catalog);
    this.labelledId = labelledIdPattern(catalog.operations);
    const vocabulary = vocabularyOf(catalog);
    this.correctSpelling = createSpellingCorrector(vocabulary, (word) => this.normalizerNow?.knows(word) === true);
    this.spellingVocabulary = new Set(vocabulary.map((w) => w.toLowerCase()));
    const weights = options.weights ?? ROUTER_WEIGHTS;
    this.scorer = new RouterScorer(weights);
    if (weights.lexicon) this.lexicon = new Lexicon(weights.lexicon);
  }

  /** Loads the sentence encoder, the catalog's vectors and the normaliser (the first request pays this). */
  async warmUp(): Promise<void> {
    await Promise.all([this.operationVectors(), this.loadNormalizer()]);
  }

  private loadNormalizer(): Promise<Normalizer> {
    this.normalizer ??= Promise.resolve().then(() => {
      this.normalizerNow = createNormalizer(vocabularyOf(this.catalog).flatMap((w) => splitIdentifier(w).split(/\s+/)), otherProductWords(), identifiersOf(this.catalog));
      return this.normalizerNow;
    });
    return this.normalizer;
  }

  private operationVectors(): Promise<OperationVectors> {
    this.vectors ??= (async () => {
      const embedder = await getEmbedder();
      const ops = this.catalog.operations;
      const title = await embedder.embedCached(ops.map(operationTitle));
      const flat = await embedder.embedCached(ops.flatMap((op) => op.examples));
      let at = 0;
      const examples = ops.map((op) => op.examples.map(() => flat[at++]!));
      return { title, examples };
    })();
    return this.vectors;
  }

  /** Words of the request that neither the English list nor the catalog knows (tool and process names). */
  private async toolTerms(slots: Slots): Promise<string[]> {
    const normalizer = await this.loadNormalizer();
    const words = slots.prose.toLowerCase().match(/(?<![\w@.\\/-])[a-z][a-z0-9]{3,}(?:\.exe)?(?![\w@\\/-])/g) ?? [];
    return [...new Set(words.map((w) => w.replace(/\.exe$/, "")))].filter((w) => !normalizer.knows(w) && !this.spellingVocabulary.has(w) && !/^\d/.test(w));
  }

  /** The request names something in the catalog's domain (a word, an indicator, KQL or a tool to hunt for). */
  private inScope(slots: Slots, intent: RequestIntent): boolean {
    if (slots.kql !== undefined) return true;
    // A tool or process name no dictionary knows ("certutil", "lsass") is something to hunt for.
    if (intent.toolTerms.length > 0) return true;
    // A hunt technique by name ("token theft", "ransom notes", "ZAP"), or a device or file by name.
    if (namesHuntTechnique(slots) || slots.indicators.hosts.length + slots.indicators.fileNames.length > 0) return true;
    // Asked to hunt ("search for …", "check if anyone ran …") or to change an object by its id.
    if (intent.hunt || (intent.write && /\b\d{3,}\b/.test(slots.text))) return true;
    const ind = slots.indicators;
    // Users (UPNs) and directory objects (GUIDs) are what sign-ins, audits and identity risk are about.
    const ids = ind.alertIds.length + ind.incidentIds.length + ind.guids.length + ind.emails.length;
    if (ids + ind.hashes.length + ind.ips.length + ind.domains.length + ind.urls.length > 0) return true;
    // An Entra audit activity, named or described ("who invited guests last week"), is what the directory audit log holds.
    if (namesAuditActivity(slots)) return true;
    // A threat actor by Microsoft's naming ("Midnight Blizzard", "Volt Typhoon", "Storm-0501") is threat intelligence.
    if (ACTOR_NAME.test(slots.original)) return true;
    // A verdict or state of the catalog's own objects ("false positives resolved …", "'security personnel'").
    if (this.namesEnumPhrase(slots.text)) return true;
    // Mail by its metadata ("mail with subject 'Urgent: wire transfer'", "attachments received") is mail telemetry to hunt.
    if (MAIL_RECORD.test(slots.text) || this.namesHuntingSchema(slots.original)) return true;
    return splitIdentifier(slots.prose)
      .split(/[^a-zA-Z0-9]+/)
      .map((w) => normalizeTerm(w))
      .some((t) => t !== null && this.anchors.has(t));
  }

  private enumPhrases?: RegExp;
  /** The request names a value of the catalog's enums in two words or more ("false positive", "security personnel", "awaiting action"). */
  private namesEnumPhrase(text: string): boolean {
    if (!this.enumPhrases) {
      const phrases = new Set<string>();
      for (const entity of Object.values(this.catalog.entities)) {
        for (const field of Object.values(entity.fields)) {
          for (const value of field.enum ?? []) {
            const words = value.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
            if (/^[a-z]+(?: [a-z]+)+$/.test(words) && !/unknown future value/.test(words)) phrases.add(words);
          }
        }
      }
      this.enumPhrases = new RegExp(`\\b(?:${[...phrases].sort((a, b) => b.length - a.length).map((p) => p.replace(/ /g, "[\\s-]+")).join("|")})s?\\b`, "i");
    }
    return this.enumPhrases.test(text);
  }

  private graphFieldNames?: Set<string>;
  /**
   * The request writes a hunting table ("AADSignInEventsBeta") or a hunting-only column
   * ("NetworkMessageId": a compound schema column that is no catalog field's name).
   */
  private namesHuntingSchema(original: string): boolean {
    if (writtenTable(original) !== undefined) return true;
    this.graphFieldNames ??= new Set(Object.values(this.catalog.entities).flatMap((e) => Object.keys(e.fields).map((f) => f.split("/").pop()!.toLowerCase())));
    return writtenColumns(original).some((c) => !this.graphFieldNames!.has(c.toLowerCase()));
  }

  /** The request as the planner reads it: normalised and typo-repaired, except for analyst KQL. */
  private async prepared(text: string): Promise<string> {
    const trimmed = text.trim();
    if (extractKql(trimmed) !== undefined) return trimmed;
    return (await this.loadNormalizer()).normalize(trimmed, this.correctSpelling);
  }

  /** Every operation's features for `text` (exported for training and tests). */
  async routingTable(text: string, now: Date): Promise<RoutingTable> {
    const trimmed = await this.prepared(text);
    const slots = extractSlots(trimmed, now, text.trim());
    return this.routingTableOf(slots, readIntent(trimmed, slots, await this.toolTerms(slots), this.labelledId));
  }

  private async routingTableOf(slots: Slots, intent: RequestIntent): Promise<RoutingTable> {
    const vectors = await this.operationVectors();
    const [request] = await (await getEmbedder()).embed([slots.prose.replace(/\s+/g, " ").trim() || slots.text]);
    const ops = this.catalog.operations;
    const exampleCos = ops.map((_, i) => Math.max(-1, ...vectors.examples[i]!.map((v) => dot(v, request!))));
    const bestCos = Math.max(...exampleCos);
    const raw = new Map(this.index.rank(slots.prose, ops.length).map((h) => [h.operation.name, h.rawScore]));
    // Scale by the best operation the request could actually get: a write that wins on words
    // ("resolved alerts") must not shrink every read's score when no write was asked for.
    const eligible = ops.filter((op) => (op.readOnly || intent.write) && shapeOf(op).objectParams.every((p) => pathValue(p, slots) !== undefined));
    const best = Math.max(0, ...eligible.map((op) => raw.get(op.name) ?? 0));
    const lexical = this.lexicon?.evidence(lexicalTokens(slots, intent)) ?? (() => NO_EVIDENCE);
    const options = ops.map((op, i) =>
      featuresOf(
        op,
        best > 0 ? Math.min(1, (raw.get(op.name) ?? 0) / best) : 0,
        { title: dot(vectors.title[i]!, request!), example: exampleCos[i]!, gap: exampleCos[i]! - bestCos },
        lexical(op.name),
        intent,
        slots,
        this.catalog,
      ),
    );
    return { slots, intent, options, none: noneFeatures(bestCos, best, lexical(NONE_CLASS)) };
  }

  private rankTable(table: RoutingTable): { ranked: ScoredOperation[]; noneProbability: number } {
    const { ranked, noneProbability } = this.scorer.rank(
      table.options.filter((o) => o.eligible).map((o) => ({ option: o.operation, values: o.values })),
      table.none,
    );
    return { ranked: ranked.map((r) => ({ operation: r.option, score: r.score, probability: r.probability })), noneProbability };
  }

  /** Every eligible operation scored for `text`, best first (for tests and debugging). */
  async rank(text: string, now: Date): Promise<ScoredOperation[]> {
    return this.rankTable(await this.routingTable(text, now)).ranked;
  }

  async plan(text: string, ctx: PlanContext): Promise<PlanResult> {
    const tooLong = tooLongReason(text);
    if (tooLong) return { decision: "decline", reason: tooLong };
    // Control characters other than whitespace mean binary data, not a request.
    if (hasBinary(text)) return { decision: "decline", reason: "the request contains binary data, not text" };
    const trimmed = await this.prepared(text);
    if (trimmed.length === 0) return { decision: "decline", reason: "the request is empty" };
    // Both as written and as read: typo repair must never turn a refusal into a request.
    const unsafe = unsafeReason(text.trim()) ?? unsafeReason(trimmed);
    if (unsafe) return { decision: "decline", reason: unsafe };
    const slots = extractSlots(trimmed, ctx.now, text.trim());
    const intent = readIntent(trimmed, slots, await this.toolTerms(slots), this.labelledId);
    if (!this.inScope(slots, intent)) return { decision: "decline", reason: "the request is outside what this server covers (Defender XDR and Entra security data)" };
    const { ranked, noneProbability } = this.rankTable(await this.routingTableOf(slots, intent));
    // Analyst KQL, or a hunting table named by its schema name ("AADSignInEventsBeta: sign-ins with
    // ErrorCode 50126"), goes to the operation that runs KQL, whatever else the words suggest.
    const hunting = slots.kql !== undefined || this.namesHuntingSchema(slots.original) ? ranked.find((r) => isHuntingOperation(r.operation)) : undefined;
    const top = hunting ?? ranked[0];
    if (!top || (!hunting && top.probability < noneProbability)) {
      return { decision: "decline", reason: "no operation in the catalog fits this request" };
    }
    const chosen = hunting ? top : (this.namedItem(top, ranked, slots) ?? top);
    const best = hunting ? chosen : (this.expandedParent(chosen, ranked, slots) ?? chosen);
    const result = this.proposal(best, slots, ctx.now);
    if (result.decision !== "call") return result;
    const alternatives: PlanAlternative[] = [];
    for (const other of ranked.filter((r) => r !== best)) {
      if (alternatives.length === 2 || other.probability < ALTERNATIVE_MIN_PROBABILITY) break;
      const alt = this.proposal(other, slots, ctx.now);
      if (alt.decision === "call") alternatives.push({ operation: alt.operation, arguments: alt.arguments });
    }
    return { ...result, confidence: Math.round(best.probability * 1000) / 1000, ...(alternatives.length > 0 ? { alternatives } : {}) };
  }

  /**
   * "component 5512 of CVE-…", "who is incident 3120 assigned to?", "risk detection 9d8c…": when the
   * request labels an id with the noun of an item of the chosen collection, it asks for that item
   * (the read one path segment below the list), not the list.
   */
  private namedItem(best: ScoredOperation, ranked: ScoredOperation[], slots: Slots): ScoredOperation | undefined {
    if (!best.operation.readOnly) return undefined;
    const labelled = labelledIds(slots.text, this.labelledId);
    const reads = ranked.filter((r) => r.operation.readOnly && r !== best);
    const named = (param: string, nouns: (noun: string) => boolean) => {
      const value = pathValue(param, slots)?.toLowerCase();
      return value !== undefined && labelled.some((l) => nouns(l.noun) && l.value.toLowerCase() === value);
    };
    const prefix = `${best.operation.path}/{`;
    const item = reads.find(({ operation: { path } }) => {
      if (!path.startsWith(prefix) || path.indexOf("/", prefix.length) !== -1) return false;
      const param = path.slice(prefix.length, -1);
      return named(param, (n) => n === paramNoun(param) || n === "id");
    });
    if (item) return item;
    // "article 'X' indicators": the item's sub-collection the request names, one segment below.
    const lower = slots.text.toLowerCase();
    return reads.find(({ operation: { path } }) => {
      const sub = path.startsWith(`${best.operation.path}/`) ? path.slice(best.operation.path.length + 1) : "";
      return /^[A-Za-z]+$/.test(sub) && /\}$/.test(best.operation.path) && sub.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase().split(" ").every((w) => lower.includes(w.replace(/s$/, "")));
    });
  }

  /**
   * "incident 5120 and expand its alerts", "open incident 3981 together with its alerts": the item
   * itself with its alerts inline ($expand), not the alerts sub-collection alone.
   */
  private expandedParent(best: ScoredOperation, ranked: ScoredOperation[], slots: Slots): ScoredOperation | undefined {
    const m = /^(.*\/\{[^}]+\})\/alerts$/.exec(best.operation.path);
    if (!m || !best.operation.readOnly || !INCLUDE_ALERTS.test(slots.text)) return undefined;
    return ranked.find((r) => r.operation.readOnly && r.operation.path === m[1] && r.operation.method === "GET" && r.operation.capabilities?.expand.includes("alerts"));
  }

  private proposal(scored: ScoredOperation, slots: Slots, now: Date): PlanResult {
    const assembled = assembleArguments(scored.operation, slots, this.catalog);
    if (!assembled.ok) return { decision: "decline", reason: assembled.reason };
    return this.validated(scored.operation, assembled.arguments, now, `router score ${scored.score.toFixed(2)}, p=${scored.probability.toFixed(2)}`);
  }

  /**
   * Runs the compiler on the proposal. A rejected filter condition is dropped and the rest
   * retried (the call stays useful and honest); any other rejection declines with its sentence.
   */
  private validated(op: Operation, args: Record<string, unknown>, now: Date, reason: string): PlanResult {
    let current = args;
    for (let attempt = 0; attempt < 8; attempt++) {
      try {
        const { request, warnings } = prepareCall(this.catalog, this.validator, op.name, current, { now });
        return { decision: "call", operation: op.name, arguments: current, reason, compiled: { request, warnings } };
      } catch (e) {
        if (!(e instanceof ArgumentError)) throw e;
        const condition = /^where\/(\d+)/.exec(e.argPath);
        const where = current.where;
        if (condition && Array.isArray(where)) {
          // An operator the operation does not document for this field: the inclusive twin, else drop it.
          const rejected = where[Number(condition[1])] as { op?: string } | undefined;
          const twin = rejected?.op === "lt" ? "le" : rejected?.op === "gt" ? "ge" : undefined;
          if (twin) {
            current = { ...current, where: where.map((w, i) => (i === Number(condition[1]) ? { ...(w as object), op: twin } : w)) };
            continue;
          }
          const rest = where.filter((_, i) => i !== Number(condition[1]));
          const { where: _dropped, ...others } = current;
          current = rest.length > 0 ? { ...others, where: rest } : others;
          continue;
        }
        // A shaping option the operation does not document (orderby, expand, count): drop it.
        const option = e.argPath.split("/")[0] ?? "";
        if (!SHAPING_OPTIONS.has(option) || !(option in current)) return { decision: "decline", reason: `could not build a valid ${op.name} call: ${e.message}` };
        const { [option]: _dropped, ...others } = current;
        current = others;
      }
    }
    return { decision: "decline", reason: `could not build a valid ${op.name} call` };
  }
}

export function createRulesPlanner(catalog: Catalog): Planner {
  return new RulesPlanner(catalog);
}
