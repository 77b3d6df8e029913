/**
 * A loopback Microsoft Graph for tests: node:http on 127.0.0.1, random port. Serves fixture data
 * for the catalog's main entities with $filter/$top/$select/$orderby/$count and nextLink paging,
 * an App Service-style managed identity token endpoint (so a real @azure/identity credential can
 * sign in against it), injectable faults, and a record of every request it receives.
 *
 * Also the "dry-run sentinel": global setup starts one instance whose base URL suites can pass as
 * --graph-base-url; global teardown fails the run if it received any request (see graphSentinelSetup).
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  kind: "graph" | "token";
  method: string;
  /** Path and raw query string exactly as received. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export type Fault =
  /** An error status with a Graph error body; retryAfter sets the Retry-After header. */
  | { kind: "status"; status: number; retryAfter?: string; code?: string; message?: string }
  /** Wait before answering normally. */
  | { kind: "slow"; delayMs: number }
  /** 200 with a JSON content type and a body that is not JSON. */
  | { kind: "malformed" }
  /** Headers promise more bytes than arrive; the socket is then cut. */
  | { kind: "truncated" };

type Item = Record<string, unknown>;

export interface Fixtures {
  alerts: Item[];
  incidents: Item[];
  riskyUsers: Item[];
  signIns: Item[];
}

const BASE_TIME = Date.parse("2026-11-20T00:00:00Z");
const at = (hours: number) => new Date(BASE_TIME + hours * 3_600_000).toISOString();
const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;

/** Deterministic fixture data, shaped like Graph's (a subset of each entity's properties). */
export function defaultFixtures(): Fixtures {
  const severities = ["high", "medium", "low", "informational"] as const;
  const statuses = ["new", "inProgress", "resolved"] as const;
  const alerts = Array.from({ length: 7 }, (_, i) => ({
    id: `da63757899528705119${i}_7563439${i}`,
    title: `Suspicious activity ${i + 1}`,
    severity: pick(severities, i),
    status: pick(statuses, i),
    classification: i % 3 === 2 ? "truePositive" : null,
    determination: null,
    serviceSource: pick(["microsoftDefenderForEndpoint", "microsoftDefenderForIdentity"], i),
    category: "Execution",
    createdDateTime: at(i * 5),
    lastUpdateDateTime: at(i * 5 + 1),
    incidentId: String(100 + (i % 3)),
    assignedTo: null,
    description: "x".repeat(200),
    evidence: [{ "@odata.type": "#microsoft.graph.security.processEvidence", remediationStatus: "none" }],
  }));
  const incidents = Array.from({ length: 5 }, (_, i) => ({
    id: String(100 + i),
    displayName: `Multi-stage incident ${i + 1}`,
    severity: pick(severities, i + 1),
    status: i === 4 ? "resolved" : "active",
    classification: "unknown",
    determination: "unknown",
    assignedTo: i % 2 === 0 ? "analyst@contoso.com" : null,
    createdDateTime: at(i * 7),
    lastUpdateDateTime: at(i * 7 + 2),
  }));
  const riskyUsers = Array.from({ length: 5 }, (_, i) => ({
    id: `0000000${i}-1111-2222-3333-444444444444`,
    userPrincipalName: `user${i}@contoso.com`,
    userDisplayName: `User ${i}`,
    riskLevel: pick(["high", "medium", "low"], i),
    riskState: pick(["atRisk", "confirmedCompromised", "remediated"], i),
    riskDetail: "none",
    riskLastUpdatedDateTime: at(i * 3),
  }));
  const signIns = Array.from({ length: 6 }, (_, i) => ({
    id: `66ea54eb-6301-4ee5-be62-ff5a759b8${String(i).padStart(3, "0")}`,
    createdDateTime: at(i * 2),
    userPrincipalName: `user${i % 3}@contoso.com`,
    appDisplayName: pick(["Azure Portal", "Office 365 Exchange Online"], i),
    ipAddress: `203.0.113.${10 + i}`,
    clientAppUsed: "Browser",
    conditionalAccessStatus: pick(["success", "failure", "notApplied"], i),
    riskLevelDuringSignIn: pick(["none", "low", "high"], i),
    status: { errorCode: i % 2 === 0 ? 0 : 50126, failureReason: i % 2 === 0 ? null : "Invalid username or password" },
    location: { city: pick(["Seattle", "Redmond", "Lisbon"], i), countryOrRegion: pick(["US", "US", "PT"], i) },
  }));
  return { alerts, incidents, riskyUsers, signIns };
}

// ---------------------------------------------------------------------------------------------
// A small OData $filter evaluator: comparisons, and/or/not, parentheses, `in (...)`. Test code only;
// anything outside it answers 400 like Graph does for a filter it cannot parse.

type Token = { t: "ident" | "string" | "number" | "datetime" | "literal" | "op" | "punct"; v: string };

class FilterSyntaxError extends Error {}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    if (rest[0] === "'") {
      let j = 1;
      let value = "";
      for (;;) {
        if (j >= rest.length) throw new FilterSyntaxError("unterminated string literal");
        if (rest[j] === "'") {
          if (rest[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += rest[j];
        j += 1;
      }
      tokens.push({ t: "string", v: value });
      i += j + 1;
      continue;
    }
    const datetime = /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})/.exec(rest);
    if (datetime) {
      tokens.push({ t: "datetime", v: datetime[0] });
      i += datetime[0].length;
      continue;
    }
    const number = /^-?\d+(\.\d+)?/.exec(rest);
    if (number) {
      tokens.push({ t: "number", v: number[0] });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][\w/]*/.exec(rest);
    if (word) {
      const w = word[0];
      if (["eq", "ne", "gt", "ge", "lt", "le", "and", "or", "not", "in"].includes(w)) tokens.push({ t: "op", v: w });
      else if (["true", "false", "null"].includes(w)) tokens.push({ t: "literal", v: w });
      else tokens.push({ t: "ident", v: w });
      i += w.length;
      continue;
    }
    if ("(),".includes(rest[0] ?? "")) {
      tokens.push({ t: "punct", v: rest[0] as string });
      i += 1;
      continue;
    }
    throw new FilterSyntaxError(`unexpected character '${rest[0]}'`);
  }
  return tokens;
}

type Predicate = (item: Item) => boolean;

function fieldValue(item: Item, path: string): unknown {
  let value: unknown = item;
  for (const part of path.split("/")) {
    value = typeof value === "object" && value !== null ? (value as Item)[part] : undefined;
  }
  return value;
}

function literalValue(token: Token): unknown {
  if (token.t === "string") return token.v;
  if (token.t === "number") return Number(token.v);
  if (token.t === "datetime") return token.v;
  if (token.t === "literal") return token.v === "null" ? null : token.v === "true";
  throw new FilterSyntaxError(`expected a literal, found '${token.v}'`);
}

function compare(left: unknown, op: string, right: unknown): boolean {
  const asDate = (v: unknown) => (typeof v === "string" && /^\d{4}-\d{2}-\d{2}T/.test(v) ? Date.parse(v) : v);
  const a = asDate(left);
  const b = asDate(right);
  const norm = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : v);
  switch (op) {
    case "eq":
      return norm(a) === norm(b);
    case "ne":
      return norm(a) !== norm(b);
  }
  if (a === null || a === undefined || b === null) return false;
  const x = a as number | string;
  const y = b as number | string;
  if (op === "gt") return x > y;
  if (op === "ge") return x >= y;
  if (op === "lt") return x < y;
  if (op === "le") return x <= y;
  throw new FilterSyntaxError(`unknown operator ${op}`);
}

export function parseFilter(text: string): Predicate {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => {
    const token = tokens[pos++];
    if (!token) throw new FilterSyntaxError("unexpected end of filter");
    return token;
  };
  const expect = (v: string) => {
    const token = next();
    if (token.v !== v) throw new FilterSyntaxError(`expected '${v}', found '${token.v}'`);
  };
  /** A left-associative chain of one boolean operator. */
  const chain = (word: "and" | "or", operand: () => Predicate): Predicate => {
    let left = operand();
    while (peek()?.v === word) {
      next();
      const l = left;
      const r = operand();
      left = word === "and" ? (item) => l(item) && r(item) : (item) => l(item) || r(item);
    }
    return left;
  };
  const parseOr = (): Predicate => chain("or", parseAnd);
  const parseAnd = (): Predicate => chain("and", parseUnary);
  const parseUnary = (): Predicate => {
    if (peek()?.v === "not") {
      next();
      const inner = parseUnary();
      return (item) => !inner(item);
    }
    if (peek()?.v === "(") {
      next();
      const inner = parseOr();
      expect(")");
      return inner;
    }
    const field = next();
    if (field.t !== "ident") throw new FilterSyntaxError(`expected a property name, found '${field.v}'`);
    const op = next();
    if (op.v === "in") {
      expect("(");
      const values: unknown[] = [literalValue(next())];
      while (peek()?.v === ",") {
        next();
        values.push(literalValue(next()));
      }
      expect(")");
      return (item) => values.some((v) => compare(fieldValue(item, field.v), "eq", v));
    }
    if (op.t !== "op") throw new FilterSyntaxError(`expected an operator after ${field.v}, found '${op.v}'`);
    const value = literalValue(next());
    return (item) => compare(fieldValue(item, field.v), op.v, value);
  };
  const predicate = parseOr();
  if (pos !== tokens.length) throw new FilterSyntaxError(`unexpected '${tokens[pos]?.v}'`);
  return predicate;
}

// ---------------------------------------------------------------------------------------------

export interface GraphTestServer {
  /** http://127.0.0.1:PORT — pass as graphBaseUrl / --graph-base-url. */
  baseUrl: string;
  /** Every request received, token requests included, in arrival order. */
  requests: RecordedRequest[];
  graphRequests(): RecordedRequest[];
  /** The next `times` Graph requests get this fault (queued after earlier injections). */
  inject(fault: Fault, times?: number): void;
  /** Forgets recorded requests and pending faults (fixture data stays as changed). */
  reset(): void;
  /** The token the server accepts (and its token endpoint issues). */
  token: string;
  /** App Service managed identity endpoint + header, for IDENTITY_ENDPOINT / IDENTITY_HEADER. */
  identityEndpoint: string;
  identityHeader: string;
  data: Fixtures;
  close(): Promise<void>;
}

export interface GraphTestServerOptions {
  /** Page size when the request has no $top. Default 3. */
  pageSize?: number;
  fixtures?: Fixtures;
  /** Accepted bearer token; default a random one. */
  token?: string;
}

/** Collection routes: path under /v1.0 → fixture list. */
const COLLECTIONS: Record<string, keyof Fixtures> = {
  "/security/alerts_v2": "alerts",
  "/security/incidents": "incidents",
  "/identityProtection/riskyUsers": "riskyUsers",
  "/auditLogs/signIns": "signIns",
};

/** Properties clients may PATCH, per collection (others answer 400 as Graph would). */
const PATCHABLE: Partial<Record<keyof Fixtures, string[]>> = {
  alerts: ["status", "classification", "determination", "assignedTo"],
  incidents: ["status", "classification", "determination", "assignedTo", "customTags", "resolvingComment"],
};

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const requestId = randomUUID();
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    "request-id": requestId,
    ...(body === undefined ? {} : { "content-type": "application/json; odata.metadata=minimal" }),
    ...headers,
  });
  res.end(text);
}

function graphError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  const requestId = randomUUID();
  res.writeHead(status, { "request-id": requestId, "content-type": "application/json", ...headers });
  res.end(JSON.stringify({ error: { code, message, innerError: { "request-id": requestId, date: new Date().toISOString() } } }));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startGraphTestServer(options: GraphTestServerOptions = {}): Promise<GraphTestServer> {
  const pageSize = options.pageSize ?? 3;
  const data = options.fixtures ?? defaultFixtures();
  const token = options.token ?? `test-token-${randomUUID()}`;
  const identityHeader = `identity-${randomUUID()}`;
  const requests: RecordedRequest[] = [];
  const faults: Fault[] = [];
  let baseUrl = "";

  function listCollection(res: ServerResponse, path: string, rawQuery: string, items: Item[]): void {
    const query = new URLSearchParams(rawQuery);
    let rows = items;
    const filter = query.get("$filter");
    if (filter !== null) {
      let predicate: Predicate;
      try {
        predicate = parseFilter(filter);
      } catch (e) {
        graphError(res, 400, "BadRequest", `Invalid filter clause: ${(e as Error).message}`);
        return;
      }
      rows = rows.filter(predicate);
    }
    const orderby = query.get("$orderby");
    if (orderby) {
      const keys = orderby.split(",").map((k) => k.trim().split(/\s+/) as [string, string?]);
      rows = [...rows].sort((a, b) => {
        for (const [field, dir] of keys) {
          const x = fieldValue(a, field) as string | number;
          const y = fieldValue(b, field) as string | number;
          if (x === y) continue;
          const order = x < y ? -1 : 1;
          return dir?.toLowerCase() === "desc" ? -order : order;
        }
        return 0;
      });
    }
    const top = query.get("$top");
    const size = top !== null ? Number(top) : pageSize;
    if (!Number.isInteger(size) || size < 1) {
      graphError(res, 400, "BadRequest", `Invalid $top value '${top}'`);
      return;
    }
    const offset = Number(query.get("$skiptoken") ?? "0");
    const page = rows.slice(offset, offset + size);
    const select = query.get("$select");
    const shaped = select ? page.map((row) => Object.fromEntries(select.split(",").map((f) => [f, row[f] ?? null]))) : page;
    const body: Record<string, unknown> = { "@odata.context": `${baseUrl}/v1.0/$metadata#${path}`, value: shaped };
    if (query.get("$count") === "true") body["@odata.count"] = rows.length;
    if (offset + size < rows.length) {
      // Like Graph: the request's own query string, as received, plus a $skiptoken.
      const kept = rawQuery.split("&").filter((pair) => pair !== "" && !pair.startsWith("$skiptoken="));
      body["@odata.nextLink"] = `${baseUrl}/v1.0${path}?${[...kept, `$skiptoken=${offset + size}`].join("&")}`;
    }
    send(res, 200, body);
  }

  async function handleGraph(req: IncomingMessage, res: ServerResponse, url: URL, body: string): Promise<void> {
    if (req.headers.authorization !== `Bearer ${token}`) {
      graphError(res, 401, "InvalidAuthenticationToken", "Access token is empty or invalid.");
      return;
    }
    const fault = faults.shift();
    if (fault?.kind === "slow") await sleep(fault.delayMs);
    else if (fault?.kind === "status") {
      const headers: Record<string, string> = fault.retryAfter !== undefined ? { "Retry-After": fault.retryAfter } : {};
      graphError(res, fault.status, fault.code ?? (fault.status === 429 ? "TooManyRequests" : "ServiceUnavailable"), fault.message ?? "Injected fault.", headers);
      return;
    } else if (fault?.kind === "malformed") {
      res.writeHead(200, { "content-type": "application/json", "request-id": randomUUID() });
      res.end('{"value": [{"id": "1", "title": ');
      return;
    } else if (fault?.kind === "truncated") {
      res.writeHead(200, { "content-type": "application/json", "content-length": "5000" });
      res.write('{"value": [');
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }

    const version = url.pathname.startsWith("/v1.0/") ? "/v1.0" : url.pathname.startsWith("/beta/") ? "/beta" : null;
    if (!version) {
      graphError(res, 400, "BadRequest", "Invalid version.");
      return;
    }
    const path = decodeURIComponent(url.pathname.slice(version.length));
    const method = req.method ?? "GET";

    if (path === "/security/microsoft.graph.security.runHuntingQuery" || path === "/security/runHuntingQuery") {
      if (method !== "POST") return graphError(res, 405, "MethodNotAllowed", "Use POST.");
      let query: unknown;
      try {
        query = (JSON.parse(body) as { query?: unknown }).query;
      } catch {
        return graphError(res, 400, "BadRequest", "The request body is not valid JSON.");
      }
      if (typeof query !== "string" || query.trim() === "") return graphError(res, 400, "BadRequest", "Query is required.");
      return send(res, 200, {
        schema: [{ name: "Timestamp", type: "DateTime" }, { name: "DeviceName", type: "String" }],
        results: [{ Timestamp: at(1), DeviceName: "host-1" }, { Timestamp: at(2), DeviceName: "host-2" }],
      });
    }

    for (const [prefix, key] of Object.entries(COLLECTIONS)) {
      const items = data[key];
      if (path === prefix) {
        if (method !== "GET") return graphError(res, 405, "MethodNotAllowed", `${method} is not supported here.`);
        return listCollection(res, path, url.search.slice(1), items);
      }
      if (path.startsWith(`${prefix}/`) && !path.slice(prefix.length + 1).includes("/")) {
        const id = path.slice(prefix.length + 1);
        const item = items.find((i) => i.id === id);
        if (!item) return graphError(res, 404, "NotFound", `Resource '${id}' does not exist.`);
        if (method === "GET") return send(res, 200, item);
        if (method === "PATCH" && PATCHABLE[key]) {
          let patch: Item;
          try {
            patch = JSON.parse(body) as Item;
          } catch {
            return graphError(res, 400, "BadRequest", "The request body is not valid JSON.");
          }
          const unknown = Object.keys(patch).filter((k) => !PATCHABLE[key]?.includes(k));
          if (unknown.length > 0) return graphError(res, 400, "BadRequest", `Property '${unknown[0]}' cannot be updated.`);
          Object.assign(item, patch);
          return send(res, 200, item);
        }
        return graphError(res, 405, "MethodNotAllowed", `${method} is not supported here.`);
      }
    }
    graphError(res, 404, "UnknownResource", `Resource not found for the segment '${path}'.`);
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const isToken = url.pathname === "/msi/token";
      requests.push({ kind: isToken ? "token" : "graph", method: req.method ?? "", url: req.url ?? "", headers: { ...req.headers }, body });
      if (isToken) {
        if (req.headers["x-identity-header"] !== identityHeader) return graphError(res, 401, "Unauthorized", "Bad identity header.");
        return send(res, 200, {
          access_token: token,
          expires_on: String(Math.floor(Date.now() / 1000) + 3600),
          resource: url.searchParams.get("resource"),
          token_type: "Bearer",
        });
      }
      await handleGraph(req, res, url, body);
    })().catch((e: unknown) => {
      if (!res.headersSent) graphError(res, 500, "InternalServerError", `test server: ${(e as Error).message}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    requests,
    graphRequests: () => requests.filter((r) => r.kind === "graph"),
    inject: (fault, times = 1) => {
      for (let i = 0; i < times; i++) faults.push(fault);
    },
    reset: () => {
      requests.length = 0;
      faults.length = 0;
    },
    token,
    identityEndpoint: `${baseUrl}/msi/token`,
    identityHeader,
    data,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// The dry-run sentinel: one Graph test server for the whole run that dry-run suites use as their
// Graph base URL. Dry-run must send nothing, so its teardown fails the run if anything arrived.

/** Carries the sentinel's base URL from global setup to the test workers (forked after setup). */
export const DRY_RUN_SENTINEL_ENV = "SECGRAPH_TEST_DRY_RUN_GRAPH";

/** Global-setup step: starts the sentinel; the returned teardown throws when it received any request. */
export async function startDryRunSentinel(): Promise<() => Promise<void>> {
  const sentinel = await startGraphTestServer();
  process.env[DRY_RUN_SENTINEL_ENV] = sentinel.baseUrl;
  return async () => {
    const seen = sentinel.requests.map((r) => `${r.method} ${r.url}`);
    await sentinel.close();
    delete process.env[DRY_RUN_SENTINEL_ENV];
    if (seen.length > 0) {
      throw new Error(`the dry-run Graph sentinel received ${seen.length} request(s), but dry-run must send nothing: ${seen.slice(0, 5).join(", ")}`);
    }
  };
}

/** For dry-run suites: pass this as graphBaseUrl / --graph-base-url; any request sent there fails the run. */
export function dryRunSentinelUrl(): string {
  const url = process.env[DRY_RUN_SENTINEL_ENV];
  if (!url) throw new Error(`${DRY_RUN_SENTINEL_ENV} is not set: test/support/global-setup.ts must run startDryRunSentinel()`);
  return url;
}
