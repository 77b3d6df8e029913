/**
 * Text rewrites that remember where each character came from: the time readers turn "New Year's
 * Day" into "Jan 1" and "a fortnight" into "past 2 weeks" for chrono, but the window's `text` must
 * be the analyst's own words, so later readers blank exactly those ("New Year's Day" is a date, its
 * "new" is not a status).
 */
export interface Rewritten {
  text: string;
  /** Original offset where each character of `text` starts. */
  starts: number[];
  /** Original offset where each character of `text` ends. */
  ends: number[];
}

export function unchanged(text: string): Rewritten {
  const starts = Array.from({ length: text.length }, (_, i) => i);
  return { text, starts, ends: starts.map((i) => i + 1) };
}

/**
 * Applies `pattern` (global) to `from`, each match replaced by `replace(...)`: the new characters
 * stand for the whole matched span.
 */
export function rewrite(from: Rewritten, pattern: RegExp, replace: (match: string, ...groups: string[]) => string): Rewritten {
  let text = "";
  const starts: number[] = [];
  const ends: number[] = [];
  let last = 0;
  const keep = (end: number) => {
    text += from.text.slice(last, end);
    starts.push(...from.starts.slice(last, end));
    ends.push(...from.ends.slice(last, end));
  };
  for (const m of from.text.matchAll(pattern)) {
    const at = m.index ?? 0;
    if (m[0].length === 0) continue;
    keep(at);
    const replacement = replace(m[0], ...(m.slice(1) as string[]));
    const start = from.starts[at]!;
    const end = from.ends[at + m[0].length - 1]!;
    text += replacement;
    for (let i = 0; i < replacement.length; i++) {
      starts.push(start);
      ends.push(end);
    }
    last = at + m[0].length;
  }
  keep(from.text.length);
  return { text, starts, ends };
}

/** The original words behind `text.slice(index, index + length)` of a rewritten text. */
export function originalSpan(rewritten: Rewritten, original: string, index: number, length: number): string {
  if (length <= 0 || index < 0 || index + length > rewritten.text.length) return rewritten.text.slice(index, index + length);
  return original.slice(rewritten.starts[index]!, rewritten.ends[index + length - 1]!);
}
