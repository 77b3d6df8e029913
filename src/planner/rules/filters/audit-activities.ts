/**
 * Entra's own directory-audit activity names (spec/audit-activities.json, facts extracted from the
 * Entra audit activity reference with its path and commit): a request that writes one ("show
 * Update user audits", "AUDIT LOG ADD USER LAST 24 HOURS", "Remove member from role, last 7
 * days") names the activity, whatever its case, and its verb is a name, not a command.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { escapeRegExp } from "../../regex.js";

/** spec/ sits at the package root, four levels above src/planner/rules/filters/ and dist/planner/rules/filters/. */
const ACTIVITIES_PATH = new URL("../../../../spec/audit-activities.json", import.meta.url);

const ActivitiesFile = z.object({
  about: z.string(),
  source: z.object({ repository: z.string(), path: z.string(), commit: z.string().regex(/^[0-9a-f]{40}$/) }),
  services: z.record(z.string(), z.array(z.object({ category: z.string(), activity: z.string().min(1) }))),
});

interface Matcher {
  /** The activity name as Entra writes it. */
  name: string;
  pattern: RegExp;
}

let matchers: Matcher[] | undefined;

/** Dashes of any kind read alike ("Update application – Certificates …"); the length is kept. */
const flatten = (text: string) => text.toLowerCase().replace(/[–—-]/g, "-");

/**
 * Names of two words or more, longest first (so "Update application – Certificates and secrets
 * management" wins over "Update application"); one-word names ("Export", "Other") are ordinary words.
 */
function loadMatchers(): Matcher[] {
  if (matchers) return matchers;
  const file = ActivitiesFile.parse(JSON.parse(readFileSync(ACTIVITIES_PATH, "utf8")));
  const names = new Map<string, string>();
  for (const rows of Object.values(file.services)) {
    for (const { activity } of rows) {
      const name = activity.trim().replace(/\s+/g, " ");
      if (name.split(/\s+/).length < 2 || /[()/:]/.test(name)) continue;
      if (!names.has(flatten(name))) names.set(flatten(name), name);
    }
  }
  matchers = [...names.entries()]
    .sort((a, b) => b[0].length - a[0].length)
    .map(([flat, name]) => ({ name, pattern: new RegExp(`(?<![\\w-])${escapeRegExp(flat).replace(/ /g, "\\s+").replace(/-/g, "\\s*-\\s*")}(?![\\w-])`) }));
  return matchers;
}

/** The Entra activity the text writes out, with where it stands, or undefined. */
export function writtenActivity(text: string): { name: string; index: number; length: number } | undefined {
  const flat = flatten(text);
  for (const { name, pattern } of loadMatchers()) {
    const m = pattern.exec(flat);
    if (m) return { name, index: m.index, length: m[0].length };
  }
  return undefined;
}
