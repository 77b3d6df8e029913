/**
 * The edges of harvesting that write: the catalog folder replaced in one rename (never half-written),
 * and the --check comparison that explains what is stale.
 */
import { existsSync } from "node:fs";
import { cp, mkdtemp, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";

/** Catalog files are the .json files of the folder; anything else there (notes) is carried over. */
function isCatalogFile(name: string): boolean {
  return name.endsWith(".json");
}

/**
 * Writes every file into a fresh folder beside `outDir`, then swaps it in with renames, so a
 * reader sees the old catalog or the new one, never a mix or a truncated file.
 */
export async function writeCatalog(outDir: string, files: Map<string, string>): Promise<void> {
  const target = resolve(outDir);
  const parent = dirname(target);
  const staging = await mkdtemp(join(parent, `.${basename(target)}.new-`));
  try {
    if (existsSync(target)) {
      for (const entry of await readdir(target)) {
        if (!isCatalogFile(entry)) await cp(join(target, entry), join(staging, entry), { recursive: true });
      }
    }
    for (const [name, text] of files) await writeFile(join(staging, name), text, "utf8");
    if (existsSync(target)) {
      const retired = `${staging}.old`;
      await rename(target, retired);
      await rename(staging, target);
      await rm(retired, { recursive: true, force: true });
    } else {
      await rename(staging, target);
    }
  } catch (e) {
    await rm(staging, { recursive: true, force: true });
    throw e;
  }
}

export interface StaleReport {
  missing: string[];
  extra: string[];
  /** File → first differing line (1-based) and how many lines differ. */
  changed: { file: string; line: number; differingLines: number }[];
}

function lineDiff(expected: string, actual: string): { line: number; differingLines: number } {
  const a = expected.split("\n");
  const b = actual.split("\n");
  let first = 0;
  let count = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      if (count === 0) first = i + 1;
      count++;
    }
  }
  return { line: first, differingLines: count };
}

/** Compares generated files with the folder; null when identical. */
export async function compareCatalog(outDir: string, files: Map<string, string>): Promise<StaleReport | null> {
  const present = existsSync(outDir) ? (await readdir(outDir)).filter(isCatalogFile).sort() : [];
  const report: StaleReport = { missing: [], extra: present.filter((f) => !files.has(f)), changed: [] };
  for (const [name, text] of files) {
    if (!present.includes(name)) {
      report.missing.push(name);
      continue;
    }
    const actual = await readFile(join(outDir, name), "utf8");
    if (actual !== text) report.changed.push({ file: name, ...lineDiff(text, actual) });
  }
  return report.missing.length + report.extra.length + report.changed.length === 0 ? null : report;
}

export function describeStale(outDir: string, report: StaleReport): string {
  const parts: string[] = [];
  for (const c of report.changed) parts.push(`${c.file} differs from line ${c.line} (${c.differingLines} ${c.differingLines === 1 ? "line" : "lines"})`);
  if (report.missing.length > 0) parts.push(`missing ${report.missing.join(", ")}`);
  if (report.extra.length > 0) parts.push(`not generated ${report.extra.join(", ")}`);
  return `${outDir} is stale: ${parts.join("; ")}`;
}
