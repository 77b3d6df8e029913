/** Credentials: bring-your-own-token, the @azure/identity chain's failure message, caching, redaction. */
import type { AccessToken, TokenCredential } from "@azure/identity";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/catalog/load.js";
import type { Operation } from "../../src/catalog/types.js";
import { CachedTokenProvider, CredentialSetupError, createCredential, redactSecrets } from "../../src/graph/auth.js";
import { createGraphExecutor } from "../../src/graph/executor.js";
import { GraphCallError } from "../../src/graph/graph-error.js";
import { createLogger } from "../../src/log.js";
import { startGraphTestServer, type GraphTestServer } from "../support/graph-server.js";

const alertsList = loadCatalog().byName.get("alerts_list") as Operation;
const CREDENTIAL_VARIABLES = ["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PATH", "AZURE_USERNAME", "IDENTITY_ENDPOINT", "IDENTITY_HEADER", "MSI_ENDPOINT", "SECGRAPH_ACCESS_TOKEN"];

let server: GraphTestServer;
const savedEnv = { ...process.env };
const logLines: string[] = [];
const logger = createLogger("debug", (line) => logLines.push(line));

beforeAll(async () => {
  server = await startGraphTestServer();
  for (const name of CREDENTIAL_VARIABLES) delete process.env[name];
  // Keep the Azure CLI credential from finding a real `az` login on a developer machine.
  process.env.PATH = "/nonexistent";
});
afterAll(async () => {
  process.env = savedEnv;
  await server.close();
});
beforeEach(() => {
  server.reset();
  logLines.length = 0;
});

const settings = () => ({ graphBaseUrl: server.baseUrl, maxPages: 2, maxItems: 100, requestTimeoutMs: 5_000 });
const listAlerts = () => ({ method: "GET" as const, url: `${server.baseUrl}/v1.0/security/alerts_v2?$top=2`, body: null });

function jwt(claims: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part(claims)}.signature`;
}

describe("bring-your-own-token (SECGRAPH_ACCESS_TOKEN)", () => {
  it("sends the given token, also when pasted with its 'Bearer ' prefix", async () => {
    const live = createGraphExecutor(settings(), logger, { env: { SECGRAPH_ACCESS_TOKEN: `Bearer ${server.token}\n` } });
    const { status } = await live.execute(listAlerts(), alertsList);
    expect(status).toBe(200);
    expect(server.graphRequests()[0]?.headers.authorization).toBe(`Bearer ${server.token}`);
    expect(server.requests.filter((r) => r.kind === "token")).toHaveLength(0);
  });

  it("reports an expired JWT before sending anything", async () => {
    const expired = jwt({ exp: Math.floor(Date.now() / 1000) - 60, aud: "https://graph.microsoft.com" });
    const live = createGraphExecutor(settings(), logger, { env: { SECGRAPH_ACCESS_TOKEN: expired } });
    await expect(live.execute(listAlerts(), alertsList)).rejects.toThrow(/SECGRAPH_ACCESS_TOKEN expired at/);
    expect(server.requests).toHaveLength(0);
  });

  it("maps a rejected token to a 401 sentence that never contains the token", async () => {
    const secret = jwt({ exp: Math.floor(Date.now() / 1000) + 3600, marker: "do-not-leak" });
    const live = createGraphExecutor(settings(), logger, { env: { SECGRAPH_ACCESS_TOKEN: secret } });
    const error = (await live.execute(listAlerts(), alertsList).catch((e: unknown) => e)) as GraphCallError;
    expect(error).toBeInstanceOf(GraphCallError);
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/token was rejected/);
    expect(JSON.stringify(error.toJSON())).not.toContain(secret);
    expect(logLines.join("")).not.toContain(secret);
    expect(logLines.length).toBeGreaterThan(0);
  });
});

describe("the @azure/identity chain", () => {
  it("fails with one sentence naming what to set when no source has credentials", async () => {
    const live = createGraphExecutor(settings(), logger, { env: {} });
    const error = (await live.execute(listAlerts(), alertsList).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(CredentialSetupError);
    for (const hint of ["SECGRAPH_ACCESS_TOKEN", "AZURE_TENANT_ID", "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PATH", "managed identity", "az login"]) {
      expect(error.message).toContain(hint);
    }
    expect(error.message).not.toContain("\n");
    expect(server.requests).toHaveLength(0);
  }, 30_000);

  it("offers device code only when someone can answer it", () => {
    expect(createCredential({ env: {} }).source).not.toContain("device code");
    expect(createCredential({ env: {}, deviceCodePrompt: () => undefined }).source).toContain("device code");
    expect(createCredential({ env: { SECGRAPH_ACCESS_TOKEN: "t" } }).source).toBe("SECGRAPH_ACCESS_TOKEN");
  });
});

describe("CachedTokenProvider", () => {
  class CountingCredential implements TokenCredential {
    calls = 0;
    constructor(private readonly lifetimeMs: number) {}
    async getToken(): Promise<AccessToken> {
      this.calls += 1;
      return { token: `t${this.calls}`, expiresOnTimestamp: Date.now() + this.lifetimeMs };
    }
  }

  it("asks the credential once for concurrent and repeated requests", async () => {
    const credential = new CountingCredential(3_600_000);
    const provider = new CachedTokenProvider(credential, "https://graph.microsoft.com/.default");
    const tokens = await Promise.all([provider.getAccessToken(), provider.getAccessToken(), provider.getAccessToken()]);
    expect(await provider.getAccessToken()).toBe("t1");
    expect(tokens).toEqual(["t1", "t1", "t1"]);
    expect(credential.calls).toBe(1);
  });

  it("refreshes a token that is about to expire", async () => {
    const credential = new CountingCredential(60_000);
    const provider = new CachedTokenProvider(credential, "https://graph.microsoft.com/.default");
    expect(await provider.getAccessToken()).toBe("t1");
    expect(await provider.getAccessToken()).toBe("t2");
  });
});

describe("redactSecrets", () => {
  it("removes bearer tokens, JWTs and secret-named values", () => {
    const token = jwt({ sub: "x" });
    const text = redactSecrets(`Authorization: Bearer abc.def-ghi ${token} client_secret=hunter2&x=1 {"access_token":"zzz"}`);
    for (const secret of ["abc.def-ghi", token, "hunter2", "zzz"]) expect(text).not.toContain(secret);
    expect(text).toContain("x=1");
  });
});
