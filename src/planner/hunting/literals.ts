/**
 * Literals the analyst wrote: quoted and parenthesised text, paths, registry keys, command switches,
 * extensions and wildcards, each matched as written on the column its shape calls for.
 */
import type { Slots } from "../slots/index.js";
import { columnIn, explicitTable, hasColumn, kqlString, TEXT_COLUMN } from "./tables.js";
import { isEnglish } from "./words.js";

/** A literal the analyst wrote: matched as written, on the column its shape calls for. */
export interface Literal {
  value: string;
  kind: "text" | "path" | "registry" | "extension" | "switch";
  /** From "starting with '…'" / "ending with '…'". */
  operator?: "startswith" | "endswith";
  /** "outside C:\Windows\System32", "not in …". */
  negated?: boolean;
}

const NEGATION_BEFORE = /\b(?:outside(?: of)?|not (?:in|from|under)|except(?: for)?|excluding|other than)\s+(?:the\s+)?$/i;

const STOP_IN_ASIDE = /\b(?:to|with|for|of|the|a|an|via|by|from|not|in|on|is|are|use|e\.g|i\.e)\b/i;
/** Characters of code rather than prose: a fragment holding one is matched as written. */
const CODE_CHARACTER = /[\\/*_:=$%]/;

/** A fragment worth matching: code-shaped, or a word no dictionary knows that the technique does not already stand for. */
const worthMatching = (fragment: string, covered: string) =>
  !/^\d+$/.test(fragment) && !covered.includes(fragment.toLowerCase()) && (CODE_CHARACTER.test(fragment) || !isEnglish(fragment));

/**
 * Parenthesised text: a list ("(wetransfer, mega)", "(README*.txt / *DECRYPT*)") is matched as
 * alternatives, other text word by word ("(sc stop eventlog)"); an aside ("(ransomware prep)",
 * "(OpenProcessApiCall to lsass.exe)") is not matched.
 */
function parenthesised(original: string, covered: string): Literal[][] {
  const out: Literal[][] = [];
  for (const m of original.matchAll(/\(([^()]{2,80})\)/g)) {
    const inner = m[1]!.trim();
    if (explicitTable(inner)) continue;
    const items = inner.split(/\s*(?:,|\s\/\s|\bor\b)\s*/).map((s) => s.trim()).filter((s) => s.length > 1);
    if (items.length > 1) {
      if (items.some((i) => worthMatching(i, covered)) && items.every((i) => !/\s/.test(i))) out.push(items.map((value) => ({ value, kind: "text" })));
    } else if (!STOP_IN_ASIDE.test(inner)) {
      for (const word of inner.split(/\s+/).filter((w) => worthMatching(w, covered))) out.push([{ value: word, kind: "text" }]);
    }
  }
  return out;
}

function operatorBefore(text: string, value: string): Literal["operator"] {
  const at = text.indexOf(value);
  const before = at < 0 ? "" : text.slice(Math.max(0, at - 30), at);
  if (/\b(?:start(?:s|ing)?|begin(?:s|ning)?) with\s+['"“]?$/i.test(before)) return "startswith";
  if (/\bend(?:s|ing)? with\s+['"“]?$/i.test(before)) return "endswith";
  return undefined;
}

/** File types analysts name by their extension without the dot ("hta files", "aspx pages", "lnk payloads"). */
const FILE_TYPES = new Set(
  "exe dll sys scr com bat cmd ps1 psm1 vbs vbe js jse wsf wsh hta lnk iso img vhd vhdx msi msix cab jar py sh elf aspx asp ashx jsp php docm xlsm pptm dotm xlam one chm cpl inf reg zip rar 7z gz tar dmp pfx pem key kdbx".split(" "),
);
const FILE_TYPE_WORD = /\b([a-z0-9]{2,5})\s+(?:files?|scripts?|payloads?|pages?|documents?|archives?|shortcuts?|images?|binaries|executables?|dumps?)\b/gi;

/** Paths, registry keys, switches and extensions written in the original request. */
export function shapedLiterals(original: string): Literal[] {
  const out: Literal[] = [];
  for (const m of original.matchAll(/\b(?:HKEY_[A-Z_]+|HKLM|HKCU|HKU|HKCR)\\([^\s'"()]+)/gi)) out.push({ value: m[1]!.replace(/\\+$/, ""), kind: "registry" });
  for (const m of original.matchAll(/\b[A-Za-z]:\\[^\s'"()]+/g)) {
    out.push({ value: m[0].replace(/\\+$/, ""), kind: "path", negated: NEGATION_BEFORE.test(original.slice(0, m.index)) });
  }
  for (const m of original.matchAll(/(?<=^|\s)[/-][A-Za-z][\w:.-]*(?=$|[\s,;?)])/g)) out.push({ value: m[0], kind: "switch" });
  for (const m of original.matchAll(/(?<![\w*])\.[a-z][a-z0-9]{1,5}\b/gi)) out.push({ value: m[0], kind: "extension" });
  for (const m of original.matchAll(FILE_TYPE_WORD)) if (FILE_TYPES.has(m[1]!.toLowerCase())) out.push({ value: `.${m[1]!.toLowerCase()}`, kind: "extension" });
  for (const m of original.matchAll(/\b[A-Za-z]+\.[A-Z][A-Za-z]+\b|\b\w+::/g)) out.push({ value: m[0], kind: "text" });
  for (const m of original.matchAll(/(?<![\w\\])[\w.-]*\*[\w.*-]*/g)) if (/[a-z]{2}/i.test(m[0])) out.push({ value: m[0], kind: "text" });
  // One literal per fragment: "*.exe" inside "C:\Users\Public\*.exe" is not matched twice.
  return out.filter((l, i) => !out.some((o, j) => j < i && o.value.toLowerCase().includes(l.value.toLowerCase())));
}

/**
 * The analyst's literals: quoted text as written, parenthesised text, then paths, keys, switches
 * and extensions; none that the technique (`covered`) or a condition (`used`) already matches.
 */
export function literalsOf(slots: Slots, covered: string, used: string): Literal[][] {
  const quoted: Literal[][] = slots.indicators.quoted
    .filter((q) => !used.toLowerCase().includes(q.toLowerCase()))
    .map((q) => [{ value: q, kind: "text", operator: operatorBefore(slots.text, q) }]);
  const usedLower = used.toLowerCase();
  // "*.duckdns.org" is the domain condition already.
  const unused = (l: Literal) => !usedLower.includes(l.value.toLowerCase().replace(/^[*.]+|[*.]+$/g, ""));
  const inParens = parenthesised(slots.original, covered).filter((group) => group.every(unused));
  const seen = [...quoted, ...inParens].flat().map((l) => l.value.toLowerCase());
  const shaped = shapedLiterals(slots.original).filter((l) => {
    const lower = l.value.toLowerCase();
    return !covered.includes(lower) && unused(l) && !seen.some((s) => s.includes(lower));
  });
  return [...quoted, ...inParens, ...alternatives(shaped, slots.original)];
}

/** Extensions written as alternatives (".js/.vbs", ".ps1, .bat or .cmd") are one group: any of them. */
function alternatives(literals: Literal[], original: string): Literal[][] {
  const out: Literal[][] = [];
  let end = -1;
  for (const literal of literals) {
    const at = original.toLowerCase().indexOf(literal.value.toLowerCase(), Math.max(0, end));
    const last = out[out.length - 1];
    const joined = at >= 0 && end >= 0 && /^\s*(?:\/|,|\bor\b|\band\b|,\s*or\b)\s*$/i.test(original.slice(end, at));
    if (literal.kind === "extension" && last?.every((l) => l.kind === "extension") && joined) last.push(literal);
    else out.push([literal]);
    if (at >= 0) end = at + literal.value.length;
  }
  return out;
}

/** `col has "x"` for whole terms (fast, indexed); fragments with spaces or punctuation need `contains`. */
export function termCondition(column: string, term: string): string {
  return /^[A-Za-z0-9_]+$/.test(term) ? `${column} has ${kqlString(term)}` : `${column} contains ${kqlString(term)}`;
}

/** FileName wildcards ("README*.txt", "*DECRYPT*") as startswith/contains/endswith. */
function wildcardCondition(column: string, pattern: string): string {
  const parts = pattern.split("*");
  const conditions = parts.flatMap((part, i) => {
    if (part.length === 0) return [];
    if (i === 0) return [`${column} startswith ${kqlString(part)}`];
    if (i === parts.length - 1) return [`${column} endswith ${kqlString(part)}`];
    return [`${column} contains ${kqlString(part)}`];
  });
  return conditions.join(" and ");
}

function literalCondition(table: string, literal: Literal): string {
  const text = TEXT_COLUMN[table] ?? "*";
  const fileColumn = hasColumn(table, "FileName") && table !== "DeviceProcessEvents" ? "FileName" : undefined;
  if (literal.kind === "registry") return `${columnIn(table, "RegistryKey", TEXT_COLUMN[table] ?? "")} contains ${kqlString(literal.value)}`;
  if (literal.kind === "path" && hasColumn(table, "FolderPath")) {
    const condition = literal.value.includes("*") ? wildcardCondition("FolderPath", literal.value) : `FolderPath startswith ${kqlString(literal.value)}`;
    return literal.negated ? `not(${condition})` : condition;
  }
  if (literal.kind === "extension" && fileColumn) return `${fileColumn} endswith ${kqlString(literal.value)}`;
  if (literal.value.includes("*") && fileColumn) return wildcardCondition(fileColumn, literal.value);
  if (text === "*") return `* has ${kqlString(literal.value.replace(/\*/g, ""))}`;
  if (literal.operator) return `${text} ${literal.operator} ${kqlString(literal.value)}`;
  if (literal.value.includes("*")) return literal.value.split("*").filter((p) => p.length > 0).map((p) => `${text} contains ${kqlString(p)}`).join(" and ");
  return termCondition(text, literal.value);
}

/** One condition for a literal or a list of them (any of the list). */
export function literalsCondition(table: string, group: Literal[]): string {
  const parts = group.map((l) => literalCondition(table, l));
  return parts.length === 1 ? parts[0]! : parts.map((p) => (/ and /.test(p) ? `(${p})` : p)).join(" or ");
}

