/**
 * The pinned advanced-hunting schema (spec/hunting-schema.json, written by
 * scripts/harvest-hunting-schema.mjs): tables, their columns in document order and Kusto types.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";

export const KQL_TYPES = ["string", "bool", "int", "long", "real", "decimal", "datetime", "timespan", "guid", "dynamic"] as const;

const TableSchema = z.object({
  columns: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.enum(KQL_TYPES)),
  docTypes: z.record(z.string(), z.string()).optional(),
  source: z.object({
    path: z.string().regex(/^defender-xdr\/advanced-hunting-[a-z0-9]+-table\.md$/),
    commit: z.string().regex(/^[0-9a-f]{40}$/),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }).strict(),
}).strict();

export const HuntingSchemaFile = z.object({
  description: z.string(),
  upstream: z.object({ repository: z.string().url(), files: z.string(), input: z.string() }).strict(),
  skipped: z.array(z.string()).optional(),
  tables: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/), TableSchema),
}).strict();

export type HuntingSchema = z.infer<typeof HuntingSchemaFile>;
export type HuntingTable = HuntingSchema["tables"][string];

/** spec/ sits at the package root, three levels above src/graph/kql/ and dist/graph/kql/. */
export const HUNTING_SCHEMA_PATH = new URL("../../../spec/hunting-schema.json", import.meta.url);

let cached: HuntingSchema | undefined;

export function loadHuntingSchema(): HuntingSchema {
  cached ??= HuntingSchemaFile.parse(JSON.parse(readFileSync(HUNTING_SCHEMA_PATH, "utf8")));
  return cached;
}
