/**
 * Authenticated Streamable HTTP: dry-run tools/call throughput with 16 concurrent SDK Clients (one
 * session each) under the shared bearer token and under OAuth JWTs from a loopback issuer, with the
 * fsync'ed file audit; and what the authentication check itself costs per request.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { loadCatalog } from "../src/catalog/load.js";
import { silentLogger } from "../src/log.js";
import { FileAuditLog } from "../src/pipeline/index.js";
import { OAuthResourceServer } from "../src/server/auth/oauth.js";
import { generateToken, SharedTokenAuth } from "../src/server/auth/shared-token.js";
import type { HttpAuthenticator } from "../src/server/auth/types.js";
import { serveHttp } from "../src/server/http.js";
import { createServer } from "../src/server/server.js";
import { startIssuer } from "../test/auth/oidc-issuer.js";

const CLIENTS = 16;
const CALLS_PER_CLIENT = 150;
const AUDIENCE = "api://secgraph-bench";
const SCOPE = "SecGraph.Access";

async function throughput(auth: HttpAuthenticator, tokenFor: (i: number) => Promise<string>, dir: string, label: string): Promise<string> {
  const catalog = loadCatalog();
  const audit = new FileAuditLog(join(dir, `${label}.jsonl`));
  audit.open();
  const serving = await serveHttp(() => createServer({ catalog, audit }), { port: 0, auth, logger: silentLogger, rateLimitPerMinute: 0, maxSessions: CLIENTS + 1 });
  const url = new URL(serving.url);
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async (_, i) => {
      const c = new Client({ name: `bench-${i}`, version: "0" });
      await c.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { authorization: `Bearer ${await tokenFor(i)}` } } }));
      return c;
    }),
  );
  const call = (c: Client, n: number) => c.callTool({ name: "alerts_list", arguments: { top: (n % 50) + 1 } });
  await Promise.all(clients.map((c) => call(c, 0))); // warm: ajv compile, JIT
  const started = performance.now();
  await Promise.all(clients.map(async (c) => {
    for (let n = 0; n < CALLS_PER_CLIENT; n++) await call(c, n);
  }));
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(clients.map((c) => c.close()));
  await serving.close();
  audit.close();
  const calls = CLIENTS * CALLS_PER_CLIENT;
  return `${label.padEnd(34)} ${String(calls).padStart(6)} ${String(Math.round(calls / seconds)).padStart(8)}`;
}

/** Median µs per authenticate() over `n` runs (after a warm-up), keys cached. */
async function checkCost(auth: HttpAuthenticator, header: string, n = 2000): Promise<number> {
  for (let i = 0; i < 100; i++) await auth.authenticate(header);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const outcome = await auth.authenticate(header);
    times.push(performance.now() - t);
    if (!outcome.ok) throw new Error(`bench token refused: ${outcome.description}`);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(n / 2)]! * 1000;
}

export default async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "secgraph-http-bench-"));
  const issuer = await startIssuer(AUDIENCE);
  try {
    const token = generateToken();
    const shared = new SharedTokenAuth(token);
    const oauth = new OAuthResourceServer({ issuer: issuer.issuer, audiences: [AUDIENCE], scope: SCOPE });
    const jwtFor = (i: number) => issuer.sign({ oid: `00000000-0000-0000-0000-${String(i).padStart(12, "0")}`, upn: `analyst${i}@contoso.example`, scp: SCOPE }, { expiresIn: "1h" });

    const rows = [
      await throughput(shared, () => Promise.resolve(token), dir, "shared bearer token"),
      await throughput(oauth, jwtFor, dir, "OAuth JWT (RS256, JWKS cached)"),
    ];
    process.stdout.write(`\ndry-run tools/call over HTTP, ${CLIENTS} clients in parallel, fsync'ed file audit\n`);
    process.stdout.write(`${"authentication".padEnd(34)} ${"calls".padStart(6)} ${"calls/s".padStart(8)}\n${rows.join("\n")}\n`);

    const sharedUs = await checkCost(shared, `Bearer ${token}`);
    const jwtUs = await checkCost(oauth, `Bearer ${await jwtFor(0)}`);
    process.stdout.write(`\nauthentication check per request (median of 2000)\n`);
    process.stdout.write(`shared token (SHA-256 + timingSafeEqual)   ${sharedUs.toFixed(1).padStart(7)} µs\n`);
    process.stdout.write(`JWT (jose jwtVerify RS256 + claims)        ${jwtUs.toFixed(1).padStart(7)} µs\n`);
  } finally {
    await issuer.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
