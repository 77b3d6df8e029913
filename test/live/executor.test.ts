/**
 * The real executor and the real Graph client against the loopback Graph test server, signed in
 * through a real @azure/identity chain (managed identity, App Service style, served by the same
 * loopback server).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/catalog/load.js";
import type { Operation } from "../../src/catalog/types.js";
import { createGraphExecutor, type ExecutorOverrides, type LiveSettings } from "../../src/graph/executor.js";
import { GraphCallError } from "../../src/graph/graph-error.js";
import { collectPages, continuationRequest, type PagedResult } from "../../src/graph/paging.js";
import { silentLogger } from "../../src/log.js";
import { startGraphTestServer, type GraphTestServer } from "../support/graph-server.js";

const catalog = loadCatalog();
const op = (name: string): Operation => {
  const found = catalog.byName.get(name);
  if (!found) throw new Error(`catalog has no ${name}`);
  return found;
};

let server: GraphTestServer;
const savedEnv = { ...process.env };

beforeAll(async () => {
  server = await startGraphTestServer({ pageSize: 3 });
  // The managed identity source of the real credential chain reads these from the process environment.
  process.env.IDENTITY_ENDPOINT = server.identityEndpoint;
  process.env.IDENTITY_HEADER = server.identityHeader;
  for (const name of ["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "SECGRAPH_ACCESS_TOKEN"]) delete process.env[name];
});
afterAll(async () => {
  process.env = savedEnv;
  await server.close();
});
beforeEach(() => {
  server.reset();
});

function executor(settings: Partial<LiveSettings> = {}, overrides: ExecutorOverrides = {}) {
  return createGraphExecutor(
    { graphBaseUrl: server.baseUrl, maxPages: 5, maxItems: 500, requestTimeoutMs: 5_000, ...settings },
    silentLogger,
    { env: {}, ...overrides },
  );
}

const get = (path: string) => ({ method: "GET" as const, url: `${server.baseUrl}/v1.0${path}`, body: null });

async function failure(promise: Promise<unknown>): Promise<GraphCallError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GraphCallError);
  return error as GraphCallError;
}

describe("paging", () => {
  it("returns every item of a three-page list within the caps, signed in through the real credential chain", async () => {
    const { status, result } = await executor().execute(get("/security/alerts_v2"), op("alerts_list"));
    const paged = result as PagedResult;
    expect(status).toBe(200);
    expect(paged.items.map((a) => (a as { id: string }).id)).toEqual(server.data.alerts.map((a) => a.id));
    expect(paged.nextLink).toBeNull();
    expect(server.graphRequests()).toHaveLength(3);
    expect(server.requests.filter((r) => r.kind === "token").length).toBeLessThanOrEqual(1);
    expect(server.graphRequests().every((r) => r.headers.authorization === `Bearer ${server.token}`)).toBe(true);
  });

  it("stops at maxPages with a cursor that continues exactly after the returned items", async () => {
    const live = executor({ maxPages: 2 });
    const first = (await live.execute(get("/security/alerts_v2"), op("alerts_list"))).result as PagedResult;
    expect(first.items).toHaveLength(6);
    expect(first.nextLink).toMatch(/\$skiptoken=6/);
    const rest = (await live.execute(continuationRequest(first.nextLink as string, server.baseUrl), op("alerts_list"))).result as PagedResult;
    expect([...first.items, ...rest.items].map((a) => (a as { id: string }).id)).toEqual(server.data.alerts.map((a) => a.id));
    expect(rest.nextLink).toBeNull();
  });

  it("stops before the next page once maxItems is reached, keeping pages whole", async () => {
    const paged = (await executor({ maxItems: 4 }).execute(get("/security/alerts_v2"), op("alerts_list"))).result as PagedResult;
    expect(paged.items).toHaveLength(6);
    expect(server.graphRequests()).toHaveLength(2);
    expect(paged.nextLink).not.toBeNull();
  });

  it("applies $filter, $orderby, $select and $count on the server side and reports the count", async () => {
    const url = `${server.baseUrl}/v1.0/auditLogs/signIns?$filter=status/errorCode%20ne%200%20and%20location/city%20eq%20'Redmond'&$orderby=createdDateTime%20desc&$select=id,createdDateTime&$count=true`;
    const paged = (await executor().execute({ method: "GET", url, body: null }, op("signins_list"))).result as PagedResult;
    const expected = server.data.signIns
      .filter((s) => (s.status as { errorCode: number }).errorCode !== 0 && (s.location as { city: string }).city === "Redmond")
      .sort((a, b) => String(b.createdDateTime).localeCompare(String(a.createdDateTime)))
      .map((s) => ({ id: s.id, createdDateTime: s.createdDateTime }));
    expect(expected.length).toBeGreaterThan(0);
    expect(paged.items).toEqual(expected);
    expect(paged.count).toBe(expected.length);
  });

  it("refuses a nextLink that points away from the Graph origin", async () => {
    const pages: Record<string, unknown> = {
      "https://graph.example/v1.0/a": { value: [1], "@odata.nextLink": "https://evil.example/steal" },
    };
    const error = await failure(collectPages("https://graph.example/v1.0/a", async (u) => pages[u], { maxPages: 5, maxItems: 10 }, "https://graph.example"));
    expect(error.kind).toBe("malformed");
    expect(error.message).toContain("evil.example");
    expect(() => continuationRequest("https://evil.example/v1.0/x", "https://graph.microsoft.com")).toThrow(/refusing/);
  });
});

describe("the wire", () => {
  it("sends the compiled URL byte-for-byte, query order and encoding included", async () => {
    // GraphRequest would re-order this (OData options first); the pin keeps it as compiled.
    const pathAndQuery = "/v1.0/security/alerts_v2?foo=1&$filter=severity%20eq%20%27high%27%20and%20title%20ne%20%27a%2Bb%20%27%27c%27%27%27&$top=2";
    await executor().execute({ method: "GET", url: `${server.baseUrl}${pathAndQuery}`, body: null }, op("alerts_list"));
    expect(server.graphRequests()[0]?.url).toBe(pathAndQuery);
  });

  it("changes a URL only where fetch's WHATWG normalisation does (a raw ' becomes %27)", async () => {
    const compiled = `${server.baseUrl}/v1.0/security/alerts_v2?$top=2&$filter=severity eq 'high'`;
    await executor().execute({ method: "GET", url: compiled, body: null }, op("alerts_list"));
    const normalised = new URL(compiled);
    expect(server.graphRequests()[0]?.url).toBe(normalised.pathname + normalised.search);
  });

  it("sends PATCH bodies as JSON and returns Graph's answer", async () => {
    const alert = server.data.alerts[0] as { id: string };
    const { status, result } = await executor().execute(
      { method: "PATCH", url: `${server.baseUrl}/v1.0/security/alerts_v2/${alert.id}`, body: { status: "resolved", classification: "truePositive" } },
      op("alerts_update"),
    );
    expect(status).toBe(200);
    expect(result).toMatchObject({ id: alert.id, status: "resolved", classification: "truePositive" });
    const sent = server.graphRequests()[0];
    expect(sent?.method).toBe("PATCH");
    expect(JSON.parse(sent?.body ?? "")).toEqual({ status: "resolved", classification: "truePositive" });
    expect(sent?.headers["content-type"]).toMatch(/application\/json/);
  });

  it("runs a hunting query (a read-only POST)", async () => {
    const { result } = await executor().execute(
      { method: "POST", url: `${server.baseUrl}/v1.0/security/microsoft.graph.security.runHuntingQuery`, body: { query: "DeviceProcessEvents | take 2" } },
      op("hunting_run_query"),
    );
    expect((result as { results: unknown[] }).results).toHaveLength(2);
  });

  it("refuses a request URL outside the configured Graph origin before sending anything", async () => {
    const error = await failure(executor().execute({ method: "GET", url: "https://graph.microsoft.com/v1.0/security/alerts_v2", body: null }, op("alerts_list")));
    expect(error.kind).toBe("refused");
    expect(server.requests).toHaveLength(0);
  });

  it("rejects plain http for anything but loopback", () => {
    expect(() => createGraphExecutor({ graphBaseUrl: "http://graph.example.com", maxPages: 1, maxItems: 1, requestTimeoutMs: 1000 }, silentLogger, { env: {} })).toThrow(/https/);
  });
});

describe("throttling and faults", () => {
  it("survives five consecutive 429s with Retry-After: 1", async () => {
    server.inject({ kind: "status", status: 429, retryAfter: "1" }, 5);
    const started = Date.now();
    const { status, result } = await executor().execute(get("/security/incidents"), op("incidents_list"));
    expect(status).toBe(200);
    expect((result as PagedResult).items).toHaveLength(server.data.incidents.length);
    expect(server.graphRequests()).toHaveLength(5 + 2);
    // Retry-After was honoured: five waits of one second each.
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_900);
  }, 20_000);

  it("gives up after a bounded number of retries and says Graph is throttling", async () => {
    server.inject({ kind: "status", status: 429, retryAfter: "0" }, 10);
    const error = await failure(executor({}, { maxRetries: 4 }).execute(get("/security/incidents/100"), op("incidents_get")));
    expect(server.graphRequests()).toHaveLength(1 + 4);
    expect(error.kind).toBe("throttled");
    expect(error.message).toMatch(/throttling/);
  });

  it("reports a Retry-After beyond the cap instead of waiting it out", async () => {
    server.inject({ kind: "status", status: 429, retryAfter: "120" });
    const error = await failure(executor().execute(get("/security/incidents"), op("incidents_list")));
    expect(error.kind).toBe("throttled");
    expect(error.retryAfterSeconds).toBe(120);
    expect(error.message).toMatch(/429.*Retry-After: 120/);
    expect(server.graphRequests()).toHaveLength(1);
  });

  it("retries a 503 on an idempotent read (backoff delay set to zero for speed)", async () => {
    server.inject({ kind: "status", status: 503 });
    const { status } = await executor({}, { backoffDelaySeconds: 0 }).execute(get("/identityProtection/riskyUsers"), op("risky_users_list"));
    expect(status).toBe(200);
    expect(server.graphRequests()).toHaveLength(1 + 2);
  });

  it("never retries a non-idempotent POST on a 5xx", async () => {
    server.inject({ kind: "status", status: 503 }, 3);
    const operation = op("risky_users_dismiss");
    expect(operation.idempotent || operation.readOnly).toBe(false);
    const error = await failure(
      executor({}, { backoffDelaySeconds: 0 }).execute(
        { method: "POST", url: `${server.baseUrl}/v1.0/identityProtection/riskyUsers/microsoft.graph.dismiss`, body: { userIds: ["x"] } },
        operation,
      ),
    );
    expect(error.status).toBe(503);
    expect(server.graphRequests()).toHaveLength(1);
  });

  it("retries a non-idempotent POST only when Graph throttled it with Retry-After", async () => {
    server.inject({ kind: "status", status: 429, retryAfter: "0" });
    server.inject({ kind: "status", status: 429 });
    const error = await failure(
      executor().execute(
        { method: "POST", url: `${server.baseUrl}/v1.0/security/alerts_v2/x/comments`, body: { comment: "c" } },
        op("alerts_comment_create"),
      ),
    );
    // First 429 (Retry-After: 0) retried; the second, without Retry-After, is returned.
    expect(server.graphRequests()).toHaveLength(2);
    expect(error.status).toBe(429);
  });

  it("passes a 400 through with Graph's message and request-id", async () => {
    const url = `${server.baseUrl}/v1.0/security/alerts_v2?$filter=severity%20eq%20'high`;
    const error = await failure(executor().execute({ method: "GET", url, body: null }, op("alerts_list")));
    expect(error.status).toBe(400);
    expect(error.code).toBe("BadRequest");
    expect(error.graphMessage).toMatch(/Invalid filter clause/);
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.message).toContain(error.requestId);
    expect(error.message).toContain("Invalid filter clause");
  });

  it("maps a 404 with advice to check the id", async () => {
    const error = await failure(executor().execute(get("/security/incidents/999"), op("incidents_get")));
    expect(error.status).toBe(404);
    expect(error.message).toMatch(/check the id/);
  });

  it("turns malformed JSON into an error, not a crash", async () => {
    server.inject({ kind: "malformed" });
    const error = await failure(executor().execute(get("/security/incidents/100"), op("incidents_get")));
    expect(error.kind).toBe("malformed");
    expect(error.message).toMatch(/malformed JSON/);
  });

  it("turns a truncated response into an error, not a crash", async () => {
    server.inject({ kind: "truncated" });
    const error = await failure(executor().execute(get("/security/incidents/100"), op("incidents_get")));
    expect(["network", "malformed"]).toContain(error.kind);
  });

  it("times out a slow answer per request", async () => {
    server.inject({ kind: "slow", delayMs: 1_500 });
    const error = await failure(executor({ requestTimeoutMs: 300 }).execute(get("/security/incidents/100"), op("incidents_get")));
    expect(error.kind).toBe("timeout");
    expect(error.message).toMatch(/300 ms/);
  });

  it("reports an unreachable Graph as a network error naming the address", async () => {
    const gone = await startGraphTestServer();
    await gone.close();
    const live = createGraphExecutor({ graphBaseUrl: gone.baseUrl, maxPages: 1, maxItems: 10, requestTimeoutMs: 2_000 }, silentLogger, { env: { SECGRAPH_ACCESS_TOKEN: "t" } });
    const error = await failure(live.execute({ method: "GET", url: `${gone.baseUrl}/v1.0/security/incidents/100`, body: null }, op("incidents_get")));
    expect(error.kind).toBe("network");
    expect(error.message).toContain(gone.baseUrl);
  });

  it("caps the bytes read from one response", async () => {
    const error = await failure(executor({}, { maxResponseBytes: 200 }).execute(get("/security/alerts_v2"), op("alerts_list")));
    expect(error.kind).toBe("too-large");
  });
});
