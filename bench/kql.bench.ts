/**
 * KQL check speed: the language service's load time, the first analysis (warm-up), then p50/p95 of
 * the check over the valid and invalid test hunts (test/graph/kql/cases.ts), 20 rounds each, and the
 * check of a query at the byte cap. Goal (issue 12): p50 ≤ 20 ms after warm-up. On a shared machine
 * wall time includes waiting for a core, so the CPU time the check itself used is shown next to it.
 */
import { performance } from "node:perf_hooks";
import { KqlChecker, MAX_QUERY_BYTES } from "../src/graph/kql/index.js";
import { INVALID, VALID } from "../test/graph/kql/cases.js";

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export default async function bench(): Promise<void> {
  const checker = new KqlChecker();
  const started = performance.now();
  const loadMs = checker.warm();
  const warmMs = performance.now() - started;
  process.stdout.write(`language service load: ${loadMs.toFixed(0)} ms; load + first analysis: ${warmMs.toFixed(0)} ms\n`);

  const rows: [string, string[]][] = [
    ["valid hunts", VALID.map((c) => c.query)],
    ["refused queries", INVALID.map((c) => c.query)],
    ["at the byte cap", [`DeviceInfo | where DeviceName has "${"a".repeat(MAX_QUERY_BYTES - 40)}"`]],
  ];
  process.stdout.write(`${"queries".padEnd(18)} ${"checks".padStart(7)} ${"p50 (ms)".padStart(9)} ${"p95 (ms)".padStart(9)} ${"max (ms)".padStart(9)} ${"cpu p50".padStart(8)}\n`);
  for (const [label, queries] of rows) {
    const times: number[] = [];
    const cpu: number[] = [];
    for (let round = 0; round < 20; round++) {
      for (const q of queries) {
        const t = performance.now();
        const c = process.cpuUsage();
        checker.check(q);
        const used = process.cpuUsage(c);
        times.push(performance.now() - t);
        cpu.push((used.user + used.system) / 1000);
      }
    }
    times.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    process.stdout.write(`${label.padEnd(18)} ${String(times.length).padStart(7)} ${percentile(times, 50).toFixed(2).padStart(9)} ${percentile(times, 95).toFixed(2).padStart(9)} ${times.at(-1)!.toFixed(2).padStart(9)} ${percentile(cpu, 50).toFixed(2).padStart(8)}\n`);
  }
}
