/**
 * Scores one planned request against a case's expectation, request-level and OData-aware, by the
 * rules in INTERFACES.md ("Evaluation cases"). Pure: no catalog, no clock.
 */
import type { CompiledRequest } from "../graph/types.js";
import { alternativesOf, type Expectation, type RequestExpectation } from "./cases.js";
import { compareFilters, matchSets } from "./filter-compare.js";

export interface ScoreOptions {
  /** Datetimes in $filter this close count as equal. Default one hour. */
  datetimeToleranceMs?: number;
}

export interface CaseScore {
  /** Every rule holds (or, for `expect: null`, the planner declined). */
  correct: boolean;
  /** Method and path are right (or, for `expect: null`, the planner declined). */
  routeCorrect: boolean;
  /** Why the case is not correct; empty when it is. */
  reasons: string[];
}

/** A planned request: what the compiler produced, or `null` when the planner declined. */
export type ActualRequest = Pick<CompiledRequest, "method" | "url" | "body">;

export const DEFAULT_DATETIME_TOLERANCE_MS = 60 * 60 * 1000;

/** Query options a planner may add without being asked: they shape the page, not the question. */
const TOLERATED_EXTRA_OPTIONS = new Set(["$top", "$select", "$count", "$orderby", "$skip", "$expand"]);

const describeRoute = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

/**
 * A path in comparable form: no host, no query, no `/v1.0` or `/beta` prefix, segments
 * URL-decoded and without the `microsoft.graph.[namespace.]` action qualifier, lower case, no trailing slash.
 */
export function normalizePath(path: string): string {
  const segments = path.split("?")[0]!.split("/").filter((s) => s !== "");
  if (segments[0] === "v1.0" || segments[0] === "beta") segments.shift();
  return (
    "/" +
    segments
      .map((s) => {
        let decoded = s;
        try {
          decoded = decodeURIComponent(s);
        } catch {
          // A malformed escape stays as written; it then simply fails to match.
        }
        // Graph accepts bound actions unqualified: microsoft.graph.security.runHuntingQuery ≡ runHuntingQuery.
        return decoded.replace(/^microsoft\.graph\.(?:[a-z0-9_]+\.)*/i, "").toLowerCase();
      })
      .join("/")
  );
}

interface ParsedActual {
  method: string;
  path: string;
  /** Query options keyed by lower-cased name. */
  query: Map<string, string>;
  body: unknown;
}

function parseActual(actual: ActualRequest): ParsedActual {
  const url = new URL(actual.url, "https://graph.invalid");
  const query = new Map<string, string>();
  for (const [key, value] of url.searchParams) {
    if (!query.has(key.toLowerCase())) query.set(key.toLowerCase(), value);
  }
  return { method: actual.method.toUpperCase(), path: normalizePath(url.pathname), query, body: actual.body };
}

const splitList = (value: string | number | boolean | string[]): string[] =>
  (Array.isArray(value) ? value : String(value).split(",")).map((s) => s.trim().toLowerCase()).filter((s) => s !== "");

function compareQuery(expected: RequestExpectation["query"], actual: Map<string, string>, options: Required<ScoreOptions>): string[] {
  const reasons: string[] = [];
  const expectedKeys = new Set<string>();
  for (const [key, value] of Object.entries(expected ?? {})) {
    const name = key.toLowerCase();
    expectedKeys.add(name);
    const got = actual.get(name);
    if (got === undefined) {
      reasons.push(`query lacks ${key}`);
      continue;
    }
    if (name === "$filter") {
      reasons.push(...compareFilters(String(value), got, { datetimeToleranceMs: options.datetimeToleranceMs }));
    } else if (name === "$select" || name === "$expand") {
      const { missing, extra } = matchSets(splitList(value), splitList(got), (a, b) => a === b);
      if (missing.length > 0 || extra.length > 0) reasons.push(`${key} is "${got}", expected "${splitList(value).join(",")}"`);
    } else {
      const want = Array.isArray(value) ? value.join(",") : String(value);
      if (want.trim() !== got.trim()) reasons.push(`${key} is "${got}", expected "${want}"`);
    }
  }
  for (const [name, value] of actual) {
    if (!expectedKeys.has(name) && !TOLERATED_EXTRA_OPTIONS.has(name)) reasons.push(`unexpected query option ${name}=${value}`);
  }
  return reasons;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Looks a key up without regard to case; a "/"-separated key walks into nested objects. */
function lookup(body: unknown, key: string): { found: boolean; value: unknown } {
  let current: unknown = body;
  for (const part of key.split("/")) {
    if (!isPlainObject(current)) return { found: false, value: undefined };
    const match = Object.keys(current).find((k) => k.toLowerCase() === part.toLowerCase());
    if (match === undefined) return { found: false, value: undefined };
    current = current[match];
  }
  return { found: true, value: current };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Expected ⊑ actual: lists as sets, objects by their expected keys (case-insensitive), scalars
 * equal. GUIDs are compared without regard to case: an object id is the same in either spelling.
 */
export function bodyValueMatches(expected: unknown, actual: unknown): boolean {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return false;
    const { missing } = matchSets(expected, actual, bodyValueMatches);
    return missing.length === 0;
  }
  if (isPlainObject(expected)) {
    return isPlainObject(actual) && Object.entries(expected).every(([k, v]) => {
      const hit = lookup(actual, k);
      return hit.found && bodyValueMatches(v, hit.value);
    });
  }
  if (typeof expected === "string" && typeof actual === "string" && GUID.test(expected)) return expected.toLowerCase() === actual.toLowerCase();
  return expected === actual;
}

function compareBody(expected: RequestExpectation, actualBody: unknown): string[] {
  const reasons: string[] = [];
  for (const [key, value] of Object.entries(expected.body ?? {})) {
    const hit = lookup(actualBody, key);
    if (!hit.found) reasons.push(`body lacks "${key}"`);
    else if (!bodyValueMatches(value, hit.value)) reasons.push(`body.${key} is ${JSON.stringify(hit.value)}, expected ${JSON.stringify(value)}`);
  }
  for (const [key, patterns] of Object.entries(expected.body_match ?? {})) {
    const hit = lookup(actualBody, key);
    if (!hit.found) {
      reasons.push(`body lacks "${key}"`);
      continue;
    }
    const text = typeof hit.value === "string" ? hit.value : JSON.stringify(hit.value);
    for (const pattern of patterns) {
      if (!new RegExp(pattern, "i").test(text)) reasons.push(`body.${key} does not match /${pattern}/i`);
    }
  }
  return reasons;
}

function scoreAlternative(expected: RequestExpectation, actual: ParsedActual, options: Required<ScoreOptions>): CaseScore {
  const wantPath = normalizePath(expected.path);
  const routeCorrect = expected.method === actual.method && wantPath === actual.path;
  if (!routeCorrect) {
    return { correct: false, routeCorrect, reasons: [`route is ${describeRoute(actual.method, actual.path)}, expected ${describeRoute(expected.method, wantPath)}`] };
  }
  const reasons = [...compareQuery(expected.query, actual.query, options), ...compareBody(expected, actual.body)];
  return { correct: reasons.length === 0, routeCorrect, reasons };
}

/**
 * Scores a case. `actual` is the compiled request, or `null` when the planner declined.
 * With `{"any": [...]}` the best alternative decides; its reasons are reported when none holds.
 */
export function scoreCase(expect: Expectation | null, actual: ActualRequest | null, options: ScoreOptions = {}): CaseScore {
  const resolved: Required<ScoreOptions> = { datetimeToleranceMs: options.datetimeToleranceMs ?? DEFAULT_DATETIME_TOLERANCE_MS };
  if (expect === null) {
    if (actual === null) return { correct: true, routeCorrect: true, reasons: [] };
    return { correct: false, routeCorrect: false, reasons: [`expected a decline, got ${actual.method} ${actual.url}`] };
  }
  const alternatives = alternativesOf(expect);
  if (actual === null) {
    const wanted = alternatives.map((a) => describeRoute(a.method, normalizePath(a.path))).join(" or ");
    return { correct: false, routeCorrect: false, reasons: [`declined, expected ${wanted}`] };
  }
  let parsed: ParsedActual;
  try {
    parsed = parseActual(actual);
  } catch {
    return { correct: false, routeCorrect: false, reasons: [`the request URL does not parse: ${actual.url}`] };
  }
  const scores = alternatives.map((alt) => scoreAlternative(alt, parsed, resolved));
  const hit = scores.find((s) => s.correct);
  if (hit) return hit;
  // Closest alternative: right route first, then fewest broken rules.
  const best = [...scores].sort((a, b) => Number(b.routeCorrect) - Number(a.routeCorrect) || a.reasons.length - b.reasons.length)[0] as CaseScore;
  return { correct: false, routeCorrect: scores.some((s) => s.routeCorrect), reasons: best.reasons };
}
