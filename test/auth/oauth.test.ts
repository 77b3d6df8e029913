/**
 * --auth oauth through a real MCP Client over HTTP, against a loopback OpenID issuer with keys this
 * test generates: good tokens, every kind of bad one, key rotation, an issuer that is down, two
 * callers audited as themselves, and on-behalf-of exchanges for live calls.
 */
import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { createHttpHeaders, type HttpClient } from "@azure/core-rest-pipeline";
import { sessionFactory } from "../../src/commands/serve-http.js";
import { resolveSettings } from "../../src/config.js";
import { CallerOnBehalfOfCredential, type OnBehalfOfSettings } from "../../src/graph/auth.js";
import { silentLogger } from "../../src/log.js";
import { MemoryConfirmationCodes, type CodeNotice } from "../../src/pipeline/index.js";
import { MemoryAuditLog } from "../../src/server/audit.js";
import { OAuthResourceServer, type OAuthOptions } from "../../src/server/auth/oauth.js";
import { serveHttp, type HttpServing } from "../../src/server/http.js";
import { startGraphTestServer, type GraphTestServer } from "../support/graph-server.js";
import { fixtureCatalog } from "../server/helpers.js";
import { newKey, startIssuer, unsignedToken, type TestIssuer } from "./oidc-issuer.js";

const AUDIENCE = "api://secgraph-test";
const SCOPE = "SecGraph.Access";
const ALICE = { oid: "11111111-1111-1111-1111-111111111111", upn: "alice@contoso.example", scp: SCOPE, azp: "host-app" };
const BOB = { oid: "22222222-2222-2222-2222-222222222222", upn: "bob@contoso.example", scp: `User.Read ${SCOPE}`, azp: "host-app" };
const INIT = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "x", version: "0" } } };

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

interface Setup {
  issuer: TestIssuer;
  audit: MemoryAuditLog;
  serving: HttpServing;
  url: URL;
}

async function setup(options: { oauth?: Partial<OAuthOptions>; live?: { graph: GraphTestServer; obo: OnBehalfOfSettings }; issuer?: TestIssuer } = {}): Promise<Setup> {
  const issuer = options.issuer ?? (await startIssuer(AUDIENCE));
  if (!options.issuer) open.push(issuer);
  const auth = new OAuthResourceServer({ issuer: issuer.issuer, audiences: [AUDIENCE], scope: SCOPE, jwksCooldownMs: 0, ...options.oauth });
  const audit = new MemoryAuditLog();
  const settings = resolveSettings({ flags: { transport: "http", auth: "oauth", live: options.live !== undefined, graphBaseUrl: options.live?.graph.baseUrl } });
  const newSession = sessionFactory(settings, { catalog: fixtureCatalog(), audit, graphBaseUrl: settings.graphBaseUrl }, {}, silentLogger, auth, options.live?.obo);
  const serving = await serveHttp(newSession, { port: 0, auth, logger: silentLogger });
  open.push(serving);
  return { issuer, audit, serving, url: new URL(serving.url) };
}

async function client(url: URL, token: string): Promise<Client> {
  const c = new Client({ name: "oauth-test", version: "0" });
  await c.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  open.push(c);
  return c;
}

const post = (url: URL, headers: Record<string, string>, body: unknown = INIT) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers }, body: JSON.stringify(body) });

describe("--auth oauth", () => {
  it("lets a Client with a good token call tools, and audits the caller (oid, upn), never the token", async () => {
    const { issuer, audit, url } = await setup();
    const token = await issuer.sign(ALICE);
    const c = await client(url, token);
    const result = (await c.callTool({ name: "alerts_get", arguments: { alertId: "a1" } })) as CallToolResult;
    expect(result.structuredContent).toMatchObject({ mode: "dry-run" });
    expect(audit.entries).toHaveLength(1);
    expect(audit.entries[0]?.caller).toEqual({ oid: ALICE.oid, upn: ALICE.upn });
    expect(JSON.stringify(audit.entries)).not.toContain(token.split(".")[2]!);
  });

  it("publishes RFC 9728 metadata naming the issuer, and 401s point to it", async () => {
    const { issuer, url } = await setup();
    for (const path of ["/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp"]) {
      const meta = await fetch(new URL(path, url));
      expect(meta.status).toBe(200);
      expect(await meta.json()).toEqual({ resource: url.href, authorization_servers: [issuer.issuer], bearer_methods_supported: ["header"], scopes_supported: [SCOPE], resource_name: "secgraph-mcp" });
    }
    const res = await post(url, {});
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe(`Bearer realm="secgraph-mcp", resource_metadata="${new URL("/.well-known/oauth-protected-resource", url).href}", scope="${SCOPE}"`);
  });

  it("refuses wrong audience, wrong issuer, an unknown key, an expired token, a future nbf and alg none with 401 + WWW-Authenticate", async () => {
    const { issuer, audit, url } = await setup();
    const stranger = await newKey("key-1"); // same kid, other key: the signature must not verify
    const cases: [string, Promise<string> | string, RegExp][] = [
      ["wrong audience", issuer.sign(ALICE, { audience: "api://someone-else" }), /another audience/],
      ["wrong issuer", issuer.sign(ALICE, { issuer: "https://login.example/other/v2.0" }), /another issuer/],
      ["wrong key", issuer.sign(ALICE, { key: stranger }), /signature/],
      ["unknown kid", newKey("key-9").then((k) => issuer.sign(ALICE, { key: k })), /signature/],
      ["expired", issuer.sign(ALICE, { expiresIn: Math.floor(Date.now() / 1000) - 120 }), /expired/],
      ["not yet valid", issuer.sign({ ...ALICE, nbf: Math.floor(Date.now() / 1000) + 600 }), /not valid yet/],
      ["alg none", unsignedToken({ ...ALICE, iss: issuer.issuer, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 600, iat: Math.floor(Date.now() / 1000) }), /algorithm|not a valid/],
      ["not a JWT", "abc.def.ghi", /not a valid signed JWT/],
    ];
    for (const [name, tokenPromise, description] of cases) {
      const token = await tokenPromise;
      const res = await post(url, { authorization: `Bearer ${token}` });
      expect(res.status, name).toBe(401);
      const header = res.headers.get("www-authenticate") ?? "";
      expect(header, name).toMatch(/^Bearer realm="secgraph-mcp", error="invalid_token", error_description="[^"]+", resource_metadata="http:[^"]+\/.well-known\/oauth-protected-resource", scope="SecGraph.Access"$/);
      expect(header, name).toMatch(description);
      await expect(client(url, token), name).rejects.toMatchObject({ code: 401 });
    }
    expect(audit.entries).toHaveLength(0);
  });

  it("answers 403 insufficient_scope when the token has neither the scope nor the app role", async () => {
    const { issuer, url } = await setup({ oauth: { role: "SecGraph.Operator" } });
    const noScope = await post(url, { authorization: `Bearer ${await issuer.sign({ ...ALICE, scp: "User.Read" })}` });
    expect(noScope.status).toBe(403);
    expect(noScope.headers.get("www-authenticate")).toMatch(/error="insufficient_scope"/);
    // An app-only token (client credentials) passes with the role instead of a scope.
    const app = await post(url, { authorization: `Bearer ${await issuer.sign({ oid: "app-oid", roles: ["SecGraph.Operator"], azp: "daemon" })}` });
    expect(app.status).toBe(200);
  });

  it("audits two callers as themselves and keeps each one's session out of the other's reach", async () => {
    const { issuer, audit, url } = await setup();
    const [aliceToken, bobToken] = await Promise.all([issuer.sign(ALICE), issuer.sign(BOB)]);
    const [alice, bob] = await Promise.all([client(url, aliceToken), client(url, bobToken)]);
    await alice.callTool({ name: "alerts_get", arguments: { alertId: "from-alice" } });
    await bob.callTool({ name: "alerts_get", arguments: { alertId: "from-bob" } });
    const who = Object.fromEntries(audit.entries.map((e) => [(e.arguments as { alertId: string }).alertId, e.caller?.upn]));
    expect(who).toEqual({ "from-alice": ALICE.upn, "from-bob": BOB.upn });

    // Bob holding Alice's session id (and a valid token of his own) is told the session does not exist.
    const aliceSession = (alice.transport as StreamableHTTPClientTransport).sessionId!;
    const hijack = await post(url, { authorization: `Bearer ${bobToken}`, "mcp-session-id": aliceSession, "mcp-protocol-version": "2025-06-18" }, { jsonrpc: "2.0", id: 9, method: "tools/call", params: { name: "alerts_get", arguments: { alertId: "hijack" } } });
    expect(hijack.status).toBe(404);
    expect(audit.entries.map((e) => (e.arguments as { alertId: string }).alertId)).not.toContain("hijack");
  });

  it("never lets one caller confirm another caller's pending write, even with the code", async () => {
    const issuer = await startIssuer(AUDIENCE);
    open.push(issuer);
    const auth = new OAuthResourceServer({ issuer: issuer.issuer, audiences: [AUDIENCE], scope: SCOPE });
    const notices: CodeNotice[] = [];
    let sent = 0;
    const executor = { execute: () => (sent++, Promise.resolve({ status: 204, result: null })) };
    // One code store for every session, as serve shares its file store.
    const deps = { catalog: fixtureCatalog(), audit: new MemoryAuditLog(), executor, allowWrites: true, confirmations: new MemoryConfirmationCodes(), notifyPerson: (n: CodeNotice) => void notices.push(n) };
    const settings = resolveSettings({ flags: { transport: "http", auth: "oauth" } });
    const serving = await serveHttp(sessionFactory(settings, deps, {}, silentLogger, auth), { port: 0, auth, logger: silentLogger });
    open.push(serving);
    const url = new URL(serving.url);
    const alice = await client(url, await issuer.sign(ALICE));
    const bob = await client(url, await issuer.sign(BOB));
    const write = { alertId: "da637578995287051192_756343937", status: "resolved" };
    const first = (await alice.callTool({ name: "alerts_update", arguments: write })) as CallToolResult;
    expect(first.structuredContent).toMatchObject({ confirmation: "required" });
    expect(notices).toHaveLength(1);
    const stolen = (await bob.callTool({ name: "alerts_update", arguments: { ...write, confirmationCode: notices[0]!.code } })) as CallToolResult;
    expect(stolen.structuredContent ?? {}).not.toMatchObject({ mode: "live", status: 204 });
    expect(sent).toBe(0);
    // The code was spent by the attempt; Alice asks for a new one and confirms with it.
    await alice.callTool({ name: "alerts_update", arguments: write });
    expect(notices).toHaveLength(2);
    const own = (await alice.callTool({ name: "alerts_update", arguments: { ...write, confirmationCode: notices[1]!.code } })) as CallToolResult;
    expect(own.isError, JSON.stringify(own.content)).toBeFalsy();
    expect(sent).toBe(1);
    expect(deps.audit.entries.filter((e) => e.outcome === "executed").map((e) => e.caller?.upn)).toEqual([ALICE.upn]);
  });

  it("writes one JSON access line per request with the caller and no token, and rate-limits callers separately", async () => {
    const issuer = await startIssuer(AUDIENCE);
    open.push(issuer);
    const auth = new OAuthResourceServer({ issuer: issuer.issuer, audiences: [AUDIENCE], scope: SCOPE });
    const lines: string[] = [];
    const serving = await serveHttp(() => { throw new Error("no session in this test"); }, { port: 0, auth, logger: silentLogger, rateLimitPerMinute: 60, accessLog: (r) => void lines.push(JSON.stringify(r)) });
    open.push(serving);
    const url = new URL(serving.url);
    const [aliceToken, bobToken] = await Promise.all([issuer.sign(ALICE), issuer.sign(BOB)]);
    const list = { jsonrpc: "2.0", id: 1, method: "tools/list" };
    const alice: number[] = [];
    for (let i = 0; i < 12; i++) alice.push((await post(url, { authorization: `Bearer ${aliceToken}` }, list)).status);
    expect(alice.slice(10)).toEqual([429, 429]);
    expect((await post(url, { authorization: `Bearer ${bobToken}` }, list)).status).toBe(400);
    await new Promise((r) => setTimeout(r, 20));
    expect(lines).toHaveLength(13);
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({ method: "POST", path: "/mcp", status: 400, caller: { oid: ALICE.oid, upn: ALICE.upn } });
    expect(typeof first.ms).toBe("number");
    expect(lines.join("\n")).not.toContain(aliceToken.split(".")[2]!);
  });

  it("picks up a rotated signing key by refetching the key set", async () => {
    const { issuer, url } = await setup();
    expect((await post(url, { authorization: `Bearer ${await issuer.sign(ALICE)}` })).status).toBe(200);
    const rotated = await newKey("key-2");
    issuer.published = [rotated];
    const fetchesBefore = issuer.jwksFetches;
    expect((await post(url, { authorization: `Bearer ${await issuer.sign(ALICE, { key: rotated })}` })).status).toBe(200);
    expect(issuer.jwksFetches).toBe(fetchesBefore + 1);
  });

  it("answers 503 (not 401, never a call) while the issuer is down, and recovers", async () => {
    const issuer = await startIssuer(AUDIENCE);
    open.push(issuer);
    const token = await issuer.sign(ALICE);
    issuer.down = true;
    const { audit, url } = await setup({ issuer });
    const res = await post(url, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("30");
    expect(await res.json()).toMatchObject({ error: { message: expect.stringMatching(/cannot be fetched|cannot be reached/) } });
    expect((await fetch(new URL("/readyz", url))).status).toBe(503);
    expect(audit.entries).toHaveLength(0);
    issuer.down = false;
    expect((await fetch(new URL("/readyz", url))).status).toBe(200);
    expect((await post(url, { authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it("refuses malformed Authorization headers and over-long tokens with a clear status", async () => {
    const { issuer, url } = await setup();
    const token = await issuer.sign(ALICE);
    for (const header of ["Bearer", `bearer:${token}`, `Basic ${token}`, `Bearer ${token} ${token}`, `Bearer ${token}\u00e9`.replace("\u00e9", "%")]) {
      const res = await post(url, { authorization: header });
      expect(res.status, header.slice(0, 20)).toBe(401);
      expect(res.headers.get("www-authenticate"), header.slice(0, 20)).toMatch(/error="invalid_(request|token)"/);
    }
    expect((await post(url, { authorization: `Bearer ${"A".repeat(9000)}` })).status).toBe(401);
    const huge = await new Promise<number>((resolve, reject) => {
      const req = request(url, { method: "POST", headers: { authorization: `Bearer ${"A".repeat(100_000)}`, "content-type": "application/json" } }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end(JSON.stringify(INIT));
    });
    expect(huge).toBe(431);
    expect((await post(url, { authorization: `Bearer ${token}` })).status).toBe(200);
  });
});

/** Sends @azure/identity's requests for https://login.test to the loopback issuer instead. */
function loopbackHttpClient(issuer: TestIssuer): HttpClient {
  const origin = new URL(issuer.issuer).origin;
  return {
    async sendRequest(req) {
      const u = new URL(req.url);
      const res = await fetch(`${origin}${u.pathname}${u.search}`, { method: req.method, headers: req.headers.toJSON(), body: typeof req.body === "string" ? req.body : undefined });
      return { request: req, status: res.status, headers: createHttpHeaders(Object.fromEntries(res.headers)), bodyAsText: await res.text() };
    },
  };
}

describe("on-behalf-of Graph access", () => {
  it("exchanges the caller's own token at the token endpoint (jwt-bearer, on_behalf_of, Graph scope)", async () => {
    const issuer = await startIssuer(AUDIENCE);
    open.push(issuer);
    const assertion = await issuer.sign(ALICE);
    const obo: OnBehalfOfSettings = { tenantId: "tenant-1", clientId: "server-app", clientSecret: "server-secret", authorityHost: "https://login.test", disableInstanceDiscovery: true, httpClient: loopbackHttpClient(issuer) };
    const token = await new CallerOnBehalfOfCredential(obo, () => assertion).getToken("https://graph.microsoft.com/.default");
    expect(token.token).toBe(`graph-token-for-${assertion.slice(-12)}`);
    const exchange = issuer.tokenRequests.at(-1);
    expect(exchange?.path).toBe("/tenant-1/oauth2/v2.0/token");
    expect(exchange?.form).toMatchObject({
      grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
      requested_token_use: "on_behalf_of",
      assertion,
      client_id: "server-app",
      client_secret: "server-secret",
    });
    expect(exchange?.form.scope?.split(" ")).toContain("https://graph.microsoft.com/.default");
    await expect(new CallerOnBehalfOfCredential(obo, () => undefined).getToken("https://graph.microsoft.com/.default")).rejects.toThrow(/no signed-in caller/);
  });

  it("sends each live call with the Graph token exchanged for that caller", async () => {
    const graph = await startGraphTestServer();
    open.push(graph);
    const issuer = await startIssuer(AUDIENCE, graph.token);
    open.push(issuer);
    const obo: OnBehalfOfSettings = { tenantId: "tenant-1", clientId: "server-app", clientSecret: "server-secret", authorityHost: "https://login.test", disableInstanceDiscovery: true, httpClient: loopbackHttpClient(issuer) };
    const { audit, url } = await setup({ issuer, live: { graph, obo } });
    const [aliceToken, bobToken] = await Promise.all([issuer.sign(ALICE), issuer.sign(BOB)]);
    const alice = await client(url, aliceToken);
    const bob = await client(url, bobToken);
    const a = (await alice.callTool({ name: "alerts_list", arguments: { top: 1 } })) as CallToolResult;
    const b = (await bob.callTool({ name: "alerts_list", arguments: { top: 2 } })) as CallToolResult;
    expect(a.isError, JSON.stringify(a.content)).toBeFalsy();
    expect(b.isError, JSON.stringify(b.content)).toBeFalsy();
    expect(issuer.tokenRequests.map((r) => r.form.assertion)).toEqual([aliceToken, bobToken]);
    const sent = graph.graphRequests();
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(new Set(sent.map((r) => r.headers.authorization))).toEqual(new Set([`Bearer ${graph.token}`]));
    expect(audit.entries.filter((e) => e.mode === "live").map((e) => e.caller?.upn)).toEqual(expect.arrayContaining([ALICE.upn, BOB.upn]));
  });
});
