/**
 * Shared pieces of the schema profiles: a JSON Schema node type, and the sentence that carries a
 * keyword a profile may not publish (bounds, lengths, formats) into the node's description, so the
 * model still reads the limit that the server enforces.
 */
export type SchemaNode = Record<string, unknown>;

export function isNode(value: unknown): value is SchemaNode {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function range(min: unknown, max: unknown, unit: string): string | null {
  const suffix = unit ? ` ${unit}` : "";
  if (typeof min === "number" && typeof max === "number") return `${min} to ${max}${suffix}`;
  if (typeof max === "number") return `at most ${max}${suffix}`;
  if (typeof min === "number") return min === 1 && unit === "characters" ? "not empty" : `at least ${min}${suffix}`;
  return null;
}

/** "1 to 20", "at most 500 characters", "format: uuid", … for the keywords named in `moved`. */
export function limitsText(node: SchemaNode, moved: ReadonlySet<string>): string[] {
  const has = (key: string) => moved.has(key) && node[key] !== undefined;
  const parts: (string | null)[] = [
    has("minimum") || has("maximum") ? range(has("minimum") ? node.minimum : undefined, has("maximum") ? node.maximum : undefined, "") : null,
    has("exclusiveMinimum") ? `more than ${String(node.exclusiveMinimum)}` : null,
    has("exclusiveMaximum") ? `less than ${String(node.exclusiveMaximum)}` : null,
    has("minLength") || has("maxLength") ? range(has("minLength") ? node.minLength : undefined, has("maxLength") ? node.maxLength : undefined, "characters") : null,
    has("minItems") || has("maxItems") ? range(has("minItems") ? node.minItems : undefined, has("maxItems") ? node.maxItems : undefined, "items") : null,
    has("uniqueItems") && node.uniqueItems === true ? "no repeats" : null,
    has("pattern") ? `pattern ${String(node.pattern)}` : null,
    has("format") ? `format ${String(node.format)}` : null,
    has("default") ? `default ${JSON.stringify(node.default)}` : null,
  ];
  return parts.filter((p): p is string => p !== null);
}

/** The node's description with the moved limits appended: "Default 5 (1 to 20)". */
export function describeWithLimits(node: SchemaNode, moved: ReadonlySet<string>, extra: readonly string[] = []): string | undefined {
  const parts = [...limitsText(node, moved), ...extra];
  const description = typeof node.description === "string" ? node.description : undefined;
  if (parts.length === 0) return description;
  return description ? `${description} (${parts.join("; ")})` : parts.join("; ");
}
