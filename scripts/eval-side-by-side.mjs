#!/usr/bin/env node
// Prints one Markdown table of committed eval reports side by side (headline metrics, then full-call
// accuracy per tag), so the README's comparison is produced by a command, not typed by hand.
// Usage: node scripts/eval-side-by-side.mjs NAME=evals/reports/.../report.json ...
import { readFileSync } from "node:fs";

const columns = process.argv.slice(2).map((arg) => {
  const eq = arg.indexOf("=");
  if (eq < 1) {
    process.stderr.write(`eval-side-by-side: expected NAME=PATH, got ${JSON.stringify(arg)}\n`);
    process.exit(2);
  }
  const path = arg.slice(eq + 1);
  try {
    const run = JSON.parse(readFileSync(path, "utf8")).runs[0];
    return { name: arg.slice(0, eq), metrics: run.metrics, perTag: run.perTag ?? {} };
  } catch (e) {
    process.stderr.write(`eval-side-by-side: cannot read ${path}: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  }
});
if (columns.length === 0) {
  process.stderr.write("usage: node scripts/eval-side-by-side.mjs NAME=report.json ...\n");
  process.exit(2);
}
const pct = (m) => (m && m.n > 0 ? `${(100 * m.value).toFixed(1)} % (${m.k}/${m.n})` : "–");
const row = (label, cells) => `| ${label} | ${cells.join(" | ")} |`;
const lines = [row("metric", columns.map((c) => c.name)), row("---", columns.map(() => "---"))];
for (const [key, label] of [
  ["fullCallAccuracy", "full-call accuracy"],
  ["routingAccuracy", "routing (in-scope)"],
  ["schemaValidity", "valid proposed calls"],
  ["declinePrecision", "decline precision"],
  ["declineRecall", "decline recall"],
]) lines.push(row(label, columns.map((c) => pct(c.metrics[key]))));
lines.push(row("invented operations / parameters", columns.map((c) => `${c.metrics.inventedOperations?.k ?? c.metrics.inventedOperations ?? 0} / ${c.metrics.inventedParameters?.k ?? c.metrics.inventedParameters ?? 0}`)));
const tags = [...new Set(columns.flatMap((c) => Object.keys(c.perTag)))].sort();
for (const tag of tags) lines.push(row(`tag \`${tag}\``, columns.map((c) => pct(c.perTag[tag]))));
process.stdout.write(lines.join("\n") + "\n");
