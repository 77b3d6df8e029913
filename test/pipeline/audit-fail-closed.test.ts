/**
 * The audit log fails closed: no call (read, write or dry-run) goes ahead without its record fully
 * written and fsync'ed. Failing writes are injected (ENOSPC, short writes) and real (/dev/full);
 * concurrent calls share fsyncs (group commit); an over-permissive log is tightened.
 */
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FileAuditLog, nodeAuditFileIO, type AuditEntry, type AuditFileIO } from "../../src/pipeline/index.js";
import { startGraphTestServer, type GraphTestServer } from "../support/graph-server.js";
import { tempDir } from "../server/helpers.js";
import { liveSession, textOf } from "./support.js";

let graph: GraphTestServer;
beforeAll(async () => {
  graph = await startGraphTestServer();
});
afterAll(async () => {
  await graph.close();
});
beforeEach(() => graph.reset());

/** Real writes until `okBytes` have gone out, then one short write, then ENOSPC (what a filling disk does). */
function fillingDisk(okBytes: number): AuditFileIO & { fsyncs: number } {
  let written = 0;
  let short = false;
  const io = {
    fsyncs: 0,
    async write(fd: number, data: Buffer, offset: number) {
      const room = okBytes - written;
      if (room <= 0 || short) {
        if (!short && room > 0) short = true;
        throw Object.assign(new Error("no space left on device"), { code: "ENOSPC" });
      }
      const n = await nodeAuditFileIO.write(fd, data.subarray(0, offset + Math.min(room, data.length - offset)), offset);
      written += n;
      if (n < data.length - offset) short = true;
      return n;
    },
    async fsync(fd: number) {
      io.fsyncs++;
      return nodeAuditFileIO.fsync(fd);
    },
  };
  return io;
}

const lines = (path: string) => readFileSync(path, "utf8").split("\n").filter(Boolean);
function records(path: string): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (const line of lines(path)) {
    try {
      out.push(JSON.parse(line) as AuditEntry);
    } catch {
      // a torn fragment of a refused call's record
    }
  }
  return out;
}

describe("audit fails closed", () => {
  it("under a filling disk: 0 live calls without a complete record, and the refusals say why", async () => {
    const path = join(tempDir(), "audit.jsonl");
    const audit = new FileAuditLog(path, { io: fillingDisk(1500) });
    const session = await liveSession(graph, { audit });
    try {
      const answers = [];
      for (let i = 1; i <= 30; i++) answers.push(await session.call("alerts_get", { alertId: `${graph.data.alerts[i % 7]!.id}` }));
      // Half in flight at once, too.
      answers.push(...(await Promise.all(Array.from({ length: 30 }, (_, i) => session.call("incidents_get", { incidentId: String(100 + (i % 5)) })))));
      const refused = answers.filter((a) => a.isError);
      expect(refused.length).toBeGreaterThan(40);
      for (const r of refused) expect(textOf(r)).toMatch(/audit log could not record this call|audit record could not be written/);
      // Every request Graph saw has a complete "sending" record naming it.
      const sent = graph.graphRequests();
      const onRecord = new Set(records(path).filter((r) => r.outcome === "sending").map((r) => new URL(r.request!.url).pathname));
      const unrecorded = sent.filter((r) => !onRecord.has(new URL(r.url, graph.baseUrl).pathname));
      expect(sent.length).toBeGreaterThan(0); // the first calls fit on the disk: the check can fail
      expect(unrecorded).toHaveLength(0);
    } finally {
      await session.close();
      audit.close();
    }
  });

  it("with the log on /dev/full: 0 live reads sent, 0 dry-runs answered", async () => {
    if (!existsSync("/dev/full")) return;
    const audit = new FileAuditLog("/dev/full");
    const live = await liveSession(graph, { audit });
    const dry = await liveSession(graph, { audit, executor: undefined });
    try {
      const read = await live.call("alerts_list", { top: 2 });
      const write = await live.call("alerts_update", { alertId: graph.data.alerts[0]!.id, status: "resolved" });
      const dryRun = await dry.call("alerts_list", { top: 2 });
      for (const r of [read, write, dryRun]) {
        expect(r.isError).toBe(true);
        expect(textOf(r)).toMatch(/ENOSPC/);
      }
      expect(graph.graphRequests()).toHaveLength(0);
    } finally {
      await live.close();
      await dry.close();
    }
  });

  it("a torn record never swallows the next one", async () => {
    const path = join(tempDir(), "audit.jsonl");
    let fail = true;
    const io: AuditFileIO = {
      write: async (fd, data, offset) => {
        if (!fail) return nodeAuditFileIO.write(fd, data, offset);
        fail = false;
        await nodeAuditFileIO.write(fd, data.subarray(0, offset + 10), offset);
        throw Object.assign(new Error("disk full"), { code: "ENOSPC" });
      },
      fsync: nodeAuditFileIO.fsync,
    };
    const log = new FileAuditLog(path, { io });
    const entry = (n: number): AuditEntry => ({ time: "t", session: "s", tool: "x", operation: null, arguments: { n }, request: null, mode: "dry-run", outcome: "dry-run" });
    await expect(log.append(entry(1))).rejects.toThrow(/ENOSPC/);
    await log.append(entry(2));
    log.close();
    expect(lines(path)).toHaveLength(2);
    expect(JSON.parse(lines(path)[1]!)).toMatchObject({ arguments: { n: 2 } });
  });

  it("concurrent calls share fsyncs (group commit), and every answered call is on record", async () => {
    const path = join(tempDir(), "audit.jsonl");
    const io = fillingDisk(Number.MAX_SAFE_INTEGER);
    const audit = new FileAuditLog(path, { io });
    const session = await liveSession(graph, { audit, executor: undefined });
    try {
      const answers = await Promise.all(Array.from({ length: 64 }, (_, i) => session.call("alerts_list", { top: i + 1 })));
      expect(answers.every((a) => !a.isError)).toBe(true);
      expect(records(path)).toHaveLength(64);
      expect(io.fsyncs).toBeLessThan(64);
      expect(io.fsyncs).toBeGreaterThan(0);
    } finally {
      await session.close();
      audit.close();
    }
  });

  it("tightens an existing group/world-readable log to 0600", () => {
    const path = join(tempDir(), "audit.jsonl");
    writeFileSync(path, "");
    chmodSync(path, 0o644);
    new FileAuditLog(path).open();
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});
