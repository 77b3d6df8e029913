/** Text → a regular-expression source that matches it literally (the planner builds many patterns from catalog words). */
export const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
