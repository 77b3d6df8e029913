/**
 * Typo repair for analyst requests ("hihg severity alrets", "incidnets", "resolvee"): each
 * lower-case word that is not in the vocabulary is replaced by the vocabulary word one edit away,
 * counting a swap of two neighbouring letters as one edit. Candidates come from minisearch's
 * radix tree (fuzzyGet); identifiers, quoted text and capitalised names are never touched.
 */
import SearchableMap from "minisearch/SearchableMap";

/** Optimal string alignment distance: Levenshtein plus adjacent transpositions. */
function osaDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

export type SpellingCorrector = (text: string) => string;

/** Words shorter than this are left alone: too many real words sit one edit apart. */
const MIN_LENGTH = 4;

/**
 * `known` words are left as written even when a vocabulary word is one edit away (an English word
 * such as "hits" is not a typo of "its").
 */
export function createSpellingCorrector(vocabulary: Iterable<string>, known: (word: string) => boolean = () => false): SpellingCorrector {
  const counts = new SearchableMap<number>();
  for (const word of vocabulary) {
    const w = word.toLowerCase();
    if (/^[a-z]+$/.test(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  const cache = new Map<string, string>();
  const correct = (word: string): string => {
    const hit = cache.get(word);
    if (hit !== undefined) return hit;
    let best = word;
    let bestRank = -1;
    // Levenshtein 2 finds every candidate within one OSA edit (a swap is two Levenshtein edits).
    for (const [candidate, [count]] of counts.fuzzyGet(word, 2)) {
      if (osaDistance(word, candidate) !== 1) continue;
      // A doubled key ("resolvee") is the likeliest slip: prefer dropping a letter, then frequency.
      const rank = (candidate.length < word.length ? 1_000_000 : 0) + count;
      if (rank > bestRank) {
        best = candidate;
        bestRank = rank;
      }
    }
    cache.set(word, best);
    return best;
  };
  return (text) => {
    // Skip quoted spans and anything identifier-like around a word (ids, emails, paths, KQL).
    const protectedSpans = [...text.matchAll(/"[^"]*"|'[^']*'|`[^`]*`|\([^()]*\)/g)].map((m) => [m.index ?? 0, (m.index ?? 0) + m[0].length] as const);
    return text.replace(/(?<![\w@./\\'-])[a-z]+(?![\w@/\\'’-]|\.\w)/g, (word, offset: number) => {
      if (word.length < MIN_LENGTH || counts.has(word) || known(word)) return word;
      if (protectedSpans.some(([s, e]) => offset >= s && offset < e)) return word;
      return correct(word);
    });
  };
}
