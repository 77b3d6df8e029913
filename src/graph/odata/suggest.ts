/** "Did you mean" lists for unknown names (fields, operations), so errors say what would work. */

/** Edit distance (insert, delete, substitute), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost));
    }
    previous = current;
  }
  return previous[y.length]!;
}

/**
 * Candidates close to `name`: within a third of its length in edits, or sharing a prefix or
 * substring with it; best first, at most `limit`.
 */
export function closestNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const lower = name.toLowerCase();
  const budget = Math.max(2, Math.floor(name.length / 3));
  const scored: { candidate: string; score: number }[] = [];
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    const distance = editDistance(lower, c);
    // Containment counts only for names long enough not to match by accident ("id" in "evidence").
    const related = (lower.length >= 3 && c.includes(lower)) || (c.length >= 4 && lower.includes(c));
    if (distance <= budget || related) scored.push({ candidate, score: related ? Math.min(distance, 1) : distance });
  }
  scored.sort((p, q) => p.score - q.score || p.candidate.localeCompare(q.candidate));
  return scored.slice(0, limit).map((s) => s.candidate);
}

/**
 * "valid fields: a, b, c" with the whole sorted list when it is short, otherwise the closest few
 * and a count, so an error line stays readable.
 */
export function describeChoices(noun: string, name: string, candidates: string[], maxListed = 30): string {
  const sorted = [...candidates].sort((a, b) => a.localeCompare(b));
  const close = closestNames(name, sorted);
  const hint = close.length > 0 ? `did you mean ${close.map((c) => `'${c}'`).join(" or ")}? ` : "";
  if (sorted.length === 0) return `${hint}there are no valid ${noun}`;
  if (sorted.length <= maxListed) return `${hint}valid ${noun}: ${sorted.join(", ")}`;
  const listed = close.length > 0 ? close : sorted.slice(0, maxListed);
  return `${hint}${sorted.length} valid ${noun}, e.g. ${listed.join(", ")}`;
}
