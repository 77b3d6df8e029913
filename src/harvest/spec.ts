/**
 * The curation inputs under spec/: the pinned upstream sources (sources.json) and the SOC profile
 * (profile.yaml) that picks, names and describes the operations in our own words.
 */
import { z } from "zod";
import { FilterOperator } from "../catalog/types.js";

export const SourcePin = z.object({
  /** Short id used by profile entries, e.g. "v1.0-Security". */
  id: z.string().regex(/^[a-zA-Z0-9._-]+$/),
  /** File name inside a --source directory. */
  file: z.string().regex(/^[a-zA-Z0-9._-]+$/),
  version: z.enum(["v1.0", "beta"]),
  /** Path below the upstream base URL, used by --source URL. */
  upstreamPath: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type SourcePin = z.infer<typeof SourcePin>;

export const SourcesFile = z.object({
  snapshot: z.string(),
  upstream: z.object({
    repository: z.string(),
    baseUrl: z.string().url(),
    fullDescription: z.string(),
  }),
  sources: z.array(SourcePin).min(1),
});
export type SourcesFile = z.infer<typeof SourcesFile>;

const ArgumentNote = z.object({
  /** Our own words for the argument, shown to the model. */
  description: z.string().max(200).optional(),
  /** Tighter or looser bound than the default string length. */
  maxLength: z.number().int().positive().optional(),
  /** A required text that is meaningless when empty (a KQL query). */
  minLength: z.number().int().positive().optional(),
});

export const ProfileOperation = z
  .object({
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
    /** "GET /security/alerts_v2": upstream method and path template, exactly as in the document. */
    request: z.string().regex(/^(GET|POST|PATCH|PUT|DELETE) \/\S*$/),
    /** Source id; defaults to the toolset's source. */
    source: z.string().optional(),
    title: z.string().min(1).max(80),
    description: z.string().min(1).max(160),
    examples: z.array(z.string().min(1)).min(3),
    /** A POST action that only reads (runHuntingQuery). */
    readOnly: z.boolean().optional(),
    /** A POST action that changes state in the tenant (dismiss, confirmCompromised). */
    stateChanging: z.boolean().optional(),
    /** Marks deprecated even when upstream does not. */
    deprecated: z.boolean().optional(),
    /** Body members a client may set (the documented writable set); required for PATCH/PUT/create. */
    writable: z.array(z.string()).optional(),
    requiredBody: z.array(z.string()).optional(),
    bodyConstants: z.record(z.string(), z.unknown()).optional(),
    /** Upstream declares an array body; the client sends one item (e.g. one alert comment). */
    bodyFromArrayItem: z.boolean().optional(),
    args: z.record(z.string(), ArgumentNote).optional(),
    /** Entity override (fully qualified type) for $filter/$select validation. */
    entity: z.string().optional(),
    /**
     * Documentation page for an operation the snapshot carries without externalDocs although it is
     * documented (runHuntingQuery); `docsNote` must say why.
     */
    docsUrl: z.string().url().optional(),
    docsNote: z.string().optional(),
  })
  .strict();
export type ProfileOperation = z.infer<typeof ProfileOperation>;

export const ProfileToolset = z
  .object({
    name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/),
    description: z.string().min(1).max(200),
    source: z.string(),
    operations: z.array(ProfileOperation).min(1),
  })
  .strict();
export type ProfileToolset = z.infer<typeof ProfileToolset>;

export const Profile = z.object({ toolsets: z.array(ProfileToolset).min(1) }).strict();
export type Profile = z.infer<typeof Profile>;

/** OData options by their argument names; `where` follows `filter`. */
export const CAPABILITY_OPTIONS = ["filter", "top", "skip", "select", "orderby", "count", "expand", "search"] as const;

const DocSource = z
  .object({
    /** A page of the Graph API reference, e.g. api-reference/v1.0/api/security-list-alerts_v2.md. */
    path: z.string().regex(/^api-reference\/(v1\.0|beta)\/(api|resources)\/[A-Za-z0-9_.-]+\.md$/),
    /** The docs repository commit of the copy that was read. */
    commit: z.string().regex(/^[0-9a-f]{40}$/),
  })
  .strict();

const PropertyPath = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*){0,2}$/);

export const OperationCapabilitiesEntry = z
  .object({
    /** false: the pages are silent; the tool keeps its options and answers carry a warning. */
    documented: z.boolean().default(true),
    sources: z.array(DocSource).default([]),
    options: z.array(z.enum(CAPABILITY_OPTIONS)).optional(),
    /** A list: properties whose operators are not documented; a map: property → documented operators. */
    filter: z.union([z.array(PropertyPath).min(1), z.record(PropertyPath, z.array(FilterOperator).min(1))]).optional(),
    /** Operators the page lists for $filter as a whole; they apply to properties without their own list. */
    filterOperators: z.array(FilterOperator).min(1).optional(),
    /** Absent with orderby in options: the page names $orderby but no properties (every sortable field). */
    orderby: z.array(PropertyPath).min(1).optional(),
    count: z.object({ form: z.enum(["parameter", "segment"]), consistencyLevel: z.literal("eventual").optional() }).strict().optional(),
    expand: z.array(PropertyPath).min(1).optional(),
    maxTop: z.number().int().positive().optional(),
    note: z.string().min(1).max(300).optional(),
  })
  .strict()
  .superRefine((entry, ctx) => {
    const problem = (message: string) => ctx.addIssue({ code: "custom", message });
    if (!entry.documented) {
      for (const key of ["options", "filter", "filterOperators", "orderby", "count", "expand", "maxTop"] as const) {
        if (entry[key] !== undefined) problem(`${key} given for an operation marked documented: false`);
      }
      if (entry.note === undefined) problem("documented: false needs a note saying what the pages lack");
      return;
    }
    if (entry.sources.length === 0) problem("a documented entry needs at least one source");
    const options = new Set(entry.options ?? []);
    if (entry.options === undefined) problem("a documented entry needs options (the list may be empty)");
    const pairs = [["filter", entry.filter], ["filter", entry.filterOperators], ["orderby", entry.orderby], ["count", entry.count], ["expand", entry.expand], ["top", entry.maxTop]] as const;
    for (const [option, detail] of pairs) {
      if (detail !== undefined && !options.has(option)) problem(`${option} details given but ${option} is not in options`);
    }
    for (const option of ["count", "expand"] as const) {
      if (options.has(option) && entry[option] === undefined) problem(`${option} is in options but its details (${option}:) are missing`);
    }
  });
export type OperationCapabilitiesEntry = z.infer<typeof OperationCapabilitiesEntry>;

/** spec/capabilities.yaml */
export const CapabilitiesFile = z
  .object({
    docs: z.object({ repository: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/) }).strict(),
    operations: z.record(z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/), OperationCapabilitiesEntry),
  })
  .strict();
export type CapabilitiesFile = z.infer<typeof CapabilitiesFile>;
