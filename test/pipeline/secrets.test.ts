/**
 * The attack table's secrets row: 100 seeded secrets (JWTs, bearer tokens, password=/secret: pairs,
 * long random tokens inside argument values, and opaque tokens Graph echoes back in its error
 * messages) reach 0 times the audit log, stderr or the tool errors — while the requests Graph
 * received show they really were sent (so the check can fail).
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.js";
import { FileAuditLog, createRedactor, looksLikeToken } from "../../src/pipeline/index.js";
import { startGraphTestServer, type GraphTestServer } from "../support/graph-server.js";
import { tempDir } from "../server/helpers.js";
import { liveSession, textOf } from "./support.js";

let graph: GraphTestServer;
beforeAll(async () => {
  graph = await startGraphTestServer({ token: `opaque-${randomBytes(18).toString("base64url")}` });
});
afterAll(async () => {
  await graph.close();
});

const b64url = (n: number) => randomBytes(n).toString("base64url");
/** A random token with upper, lower and digits (what real opaque tokens look like). */
const opaque = () => `${b64url(30)}Aa1`;
const jwt = () => `eyJ${b64url(12)}.eyJ${b64url(40)}.${b64url(32)}`;
const word = () => randomBytes(9).toString("hex");

/** [secret, how it appears in a KQL query or comment]. 80 in argument values. */
function seededArguments(): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < 20; i++) { const s = jwt(); out.push([s, `DeviceProcessEvents | where ProcessCommandLine has "${s}"`]); }
  for (let i = 0; i < 20; i++) { const s = opaque(); out.push([s, `DeviceNetworkEvents | where AdditionalFields has "Authorization: Bearer ${s}"`]); }
  for (let i = 0; i < 10; i++) { const s = word(); out.push([s, `DeviceProcessEvents | where ProcessCommandLine has "net use password=${s}"`]); }
  for (let i = 0; i < 10; i++) { const s = word(); out.push([s, `DeviceProcessEvents | where ProcessCommandLine contains "client_secret: ${s}"`]); }
  for (let i = 0; i < 20; i++) { const s = opaque(); out.push([s, `DeviceFileEvents | where FileName has "${s}"`]); }
  return out;
}

describe("secrets never reach the audit log, stderr or tool errors", () => {
  it("0 of 100 seeded secrets leak", async () => {
    const path = join(tempDir(), "audit.jsonl");
    let stderr = "";
    const redactor = createRedactor([graph.token]);
    const logger = createLogger("debug", (line) => void (stderr += line));
    const audit = new FileAuditLog(path, { redactor });
    const session = await liveSession(graph, { audit, logger, redactor });
    const errors: string[] = [];
    const secrets: string[] = [];
    try {
      for (const [secret, query] of seededArguments()) {
        secrets.push(secret);
        const r = await session.call("hunting_run_query", { query });
        if (r.isError) errors.push(JSON.stringify(r));
      }
      // 20 echoed by Graph in its error message, one of them the session's own token without "Bearer ".
      for (let i = 0; i < 20; i++) {
        const secret = i === 0 ? graph.token : opaque();
        secrets.push(secret);
        graph.inject({ kind: "status", status: 400, code: "BadRequest", message: `The token ${secret} is not valid for this tenant.` });
        const r = await session.call("alerts_list", { top: 1 });
        expect(r.isError).toBe(true);
        errors.push(JSON.stringify(r), textOf(r));
      }
    } finally {
      await session.close();
      audit.close();
    }
    expect(new Set(secrets).size).toBe(100);
    const sent = graph.graphRequests().map((r) => r.body).join("\n");
    expect(secrets.slice(0, 80).filter((s) => sent.includes(s))).toHaveLength(80);
    const log = readFileSync(path, "utf8");
    expect(log.split("\n").filter(Boolean).length).toBeGreaterThanOrEqual(200);
    const leaks = secrets.filter((s) => log.includes(s) || stderr.includes(s) || errors.some((e) => e.includes(s)));
    expect(leaks).toEqual([]);
  }, 60_000);

  it("keeps identifiers a SOC searches for readable: hashes, GUIDs, alert ids, paths", () => {
    const r = createRedactor();
    const kept = [
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      "0a1b2c3d-1111-2222-3333-444444444444",
      "da637578995287051192_756343937",
      "https://graph.microsoft.com/v1.0/security/alerts_v2/da637578995287051192_756343937",
      "DeviceProcessEvents | where FileName =~ 'mimikatz.exe'",
    ];
    for (const text of kept) expect(r.text(text)).toBe(text);
    expect(looksLikeToken(opaque())).toBe(true);
  });
});
