/**
 * Parsed sources + profile → the catalog files (name → exact text). Pure and deterministic: the
 * order of toolsets and operations is the profile's, entity and field keys are sorted, no clocks.
 */
import type { Entity, IndexFile, Operation, ToolsetFile } from "../catalog/types.js";
import { applyCapabilities, checkCapabilityNames } from "./capabilities.js";
import { entityFields } from "./entities.js";
import type { LoadedCapabilities } from "./load.js";
import { HarvestError, type OpenApiDoc } from "./openapi.js";
import { buildOperation } from "./operation.js";
import type { Profile, SourcesFile } from "./spec.js";

export const GENERATOR = "secgraph-mcp harvest 1";
export const NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

export interface HarvestInput {
  sources: SourcesFile;
  profile: Profile;
  /** Parsed documents by source id. */
  docs: Map<string, OpenApiDoc>;
  /** spec/capabilities.yaml; without it every operation with query options counts as undocumented. */
  capabilities?: LoadedCapabilities;
}

/** Pretty JSON, two spaces, trailing newline: the one format every catalog file is written in. */
export function toJsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function buildCatalogFiles(input: HarvestInput): Map<string, string> {
  const { sources, profile, docs, capabilities } = input;
  const names = new Set<string>();
  const entitySources = new Map<string, OpenApiDoc>();
  const files = new Map<string, string>();
  const toolsetRows: IndexFile["toolsets"] = [];
  let total = 0;

  const built: { toolset: (typeof profile.toolsets)[number]; operations: Operation[] }[] = [];
  for (const toolset of profile.toolsets) {
    const operations: Operation[] = [];
    for (const entry of toolset.operations) {
      if (names.has(entry.name)) throw new HarvestError(`profile: tool name ${entry.name} is used twice`);
      names.add(entry.name);
      const sourceId = entry.source ?? toolset.source;
      const doc = docs.get(sourceId);
      if (doc === undefined) throw new HarvestError(`profile operation ${entry.name}: unknown source "${sourceId}"`);
      const { operation, entity } = buildOperation(doc, toolset.name, entry);
      if (entity !== null && !entitySources.has(entity)) entitySources.set(entity, doc);
      operations.push(operation);
    }
    built.push({ toolset, operations });
  }
  checkCapabilityNames(capabilities, names);

  const entities: Record<string, Entity> = {};
  for (const name of [...entitySources.keys()].sort()) {
    entities[name] = entityFields(entitySources.get(name) as OpenApiDoc, name);
  }
  files.set("entities.json", toJsonText({ entities }));

  for (const { toolset, operations: raw } of built) {
    const operations = raw.map((op) =>
      applyCapabilities(op, capabilities?.data.operations[op.name], op.entity === null ? undefined : entities[op.entity], capabilities),
    );
    const file = `${toolset.name}.json`;
    const content: ToolsetFile = { toolset: toolset.name, description: toolset.description, operations };
    files.set(file, toJsonText(content));
    toolsetRows.push({ name: toolset.name, file, operations: operations.length });
    total += operations.length;
  }

  const index: IndexFile = {
    generator: GENERATOR,
    sources: sources.sources.map((s) => ({ file: s.file, version: s.version, sha256: s.sha256 })),
    toolsets: toolsetRows,
    operations: total,
    ...(capabilities ? { capabilities: { file: capabilities.file, sha256: capabilities.sha256 } } : {}),
  };
  files.set("index.json", toJsonText(index));
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
