/**
 * `npm run bench`: runs every bench/*.bench.ts in name order and prints its numbers.
 * Each bench module exports `default async function(): Promise<void>` that prints a short table.
 * `npm run bench -- NAME` runs only benches whose file name contains NAME.
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
for (const f of files) {
  process.stdout.write(`\n## ${f.replace(/\.bench\.ts$/, "")}\n`);
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { default: () => Promise<void> };
  await mod.default();
}
