/**
 * Live-path overhead: the real executor and Graph client against the loopback Graph test server
 * (so the numbers are our client-side cost plus a local round trip, not Graph's latency).
 */
import { loadCatalog } from "../src/catalog/load.js";
import type { Operation } from "../src/catalog/types.js";
import { createGraphExecutor } from "../src/graph/executor.js";
import { wrapUntrusted } from "../src/graph/untrusted.js";
import { silentLogger } from "../src/log.js";
import { startGraphTestServer } from "../test/support/graph-server.js";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export default async function bench(): Promise<void> {
  const graph = await startGraphTestServer({ pageSize: 3 });
  const catalog = loadCatalog();
  const op = (name: string) => catalog.byName.get(name) as Operation;
  const live = createGraphExecutor(
    { graphBaseUrl: graph.baseUrl, maxPages: 5, maxItems: 500, requestTimeoutMs: 10_000 },
    silentLogger,
    { env: { SECGRAPH_ACCESS_TOKEN: graph.token } },
  );
  const cases: [string, () => Promise<unknown>][] = [
    ["get by id (1 request)", () => live.execute({ method: "GET", url: `${graph.baseUrl}/v1.0/security/incidents/100`, body: null }, op("incidents_get"))],
    ["list, 3 pages (3 requests)", () => live.execute({ method: "GET", url: `${graph.baseUrl}/v1.0/security/alerts_v2`, body: null }, op("alerts_list"))],
  ];
  const rows: string[] = [];
  try {
    for (const [name, run] of cases) {
      for (let i = 0; i < 20; i++) await run(); // warm-up: connections, JIT
      const times: number[] = [];
      for (let i = 0; i < 200; i++) {
        const started = performance.now();
        await run();
        times.push(performance.now() - started);
      }
      rows.push(`| ${name} | ${median(times).toFixed(2)} | ${(1000 / median(times)).toFixed(0)} |`);
    }
    const page = { items: graph.data.alerts, nextLink: null };
    const times: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const started = performance.now();
      wrapUntrusted(page);
      times.push(performance.now() - started);
    }
    rows.push(`| untrusted envelope, 7 alerts | ${median(times).toFixed(3)} | ${(1000 / median(times)).toFixed(0)} |`);
  } finally {
    await graph.close();
  }
  process.stdout.write(["| live call (loopback Graph) | median ms | calls/s |", "|---|---:|---:|", ...rows].join("\n") + "\n");
}
