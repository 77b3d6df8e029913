/**
 * Compile throughput: prepareCall (lookup + ajv validation + $filter parse/check/print + URL
 * encoding) per second for representative calls against the generated catalog, after warm-up
 * (the per-operation ajv validator is compiled on first use and cached; that cost is shown apart).
 */
import { loadCatalog } from "../src/catalog/load.js";
import { prepareCall } from "../src/graph/compile.js";
import { ArgValidator } from "../src/graph/validate.js";

const NOW = new Date("2026-11-21T12:00:00Z");
const CALLS: [string, string, Record<string, unknown>][] = [
  ["get by id", "alerts_get", { alertId: "da637578995287051192_756343937" }],
  ["list, top only", "alerts_list", { top: 50 }],
  ["list, raw filter", "alerts_list", { filter: "(severity eq 'high' or severity eq 'medium') and status ne 'resolved' and createdDateTime ge 2026-11-20T00:00:00Z", top: 50 }],
  ["list, structured filter", "signins_list", { where: [{ field: "status/errorCode", op: "eq", value: 50126 }, { field: "createdDateTime", op: "ge", value: "-P1D" }, { field: "location/city", op: "in", value: ["Paris", "Zürich"] }] }],
  ["list, any() lambda", "directory_audits_list", { filter: "targetResources/any(t: t/displayName eq 'o''brien') and activityDateTime ge 2026-11-20T00:00:00Z" }],
  ["update (PATCH body)", "alerts_update", { alertId: "a1", status: "resolved", classification: "truePositive" }],
  ["hunting query (POST body)", "hunting_run_query", { query: "DeviceProcessEvents | where FileName =~ 'mimikatz.exe' | take 10" }],
];

export default async function bench(): Promise<void> {
  const catalog = loadCatalog();
  const validator = new ArgValidator(catalog);
  process.stdout.write(`${"call".padEnd(28)} ${"first (ms)".padStart(11)} ${"calls/s".padStart(10)} ${"µs/call".padStart(9)}\n`);
  for (const [label, name, args] of CALLS) {
    const firstStart = performance.now();
    prepareCall(catalog, validator, name, args, { now: NOW });
    const first = performance.now() - firstStart;
    // Run for about half a second; report the median of three such rounds.
    const rates: number[] = [];
    for (let round = 0; round < 3; round++) {
      let n = 0;
      const start = performance.now();
      while (performance.now() - start < 500) {
        for (let i = 0; i < 100; i++) prepareCall(catalog, validator, name, args, { now: NOW });
        n += 100;
      }
      rates.push(n / ((performance.now() - start) / 1000));
    }
    const rate = rates.sort((a, b) => a - b)[1]!;
    process.stdout.write(`${label.padEnd(28)} ${first.toFixed(2).padStart(11)} ${Math.round(rate).toString().padStart(10)} ${(1e6 / rate).toFixed(1).padStart(9)}\n`);
  }
}
