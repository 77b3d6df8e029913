/**
 * Read-only resources: the visible catalog per toolset, per entity the fields that
 * $filter, $select and $orderby accept (the same lists the compiler validates against), and,
 * when the hunting operation is visible, per advanced-hunting table its columns and types
 * (the schema the KQL check parses against).
 */
import { ErrorCode, McpError, type ReadResourceResult, type Resource } from "@modelcontextprotocol/sdk/types.js";
import type { Catalog, Operation } from "../catalog/types.js";
import { HUNTING_TABLE_PREFIX, isHuntingOperation, loadHuntingSchema } from "../graph/kql/index.js";
import { operationCard } from "./registry.js";

const TOOLSET_PREFIX = "secgraph://toolsets/";
const ENTITY_PREFIX = "secgraph://entities/";

export interface ResourceCatalog {
  list(): Resource[];
  read(uri: string): ReadResourceResult;
}

export function catalogResources(catalog: Catalog, visible: readonly Operation[]): ResourceCatalog {
  const toolsets = catalog.toolsets
    .map((t) => ({ ...t, operations: t.operations.filter((op) => visible.includes(op)) }))
    .filter((t) => t.operations.length > 0);
  const entityNames = [...new Set(visible.map((op) => op.entity).filter((e): e is string => e !== null))].sort();

  const documents = new Map<string, { resource: Resource; body: () => unknown }>();
  for (const t of toolsets) {
    documents.set(`${TOOLSET_PREFIX}${t.name}`, {
      resource: {
        uri: `${TOOLSET_PREFIX}${t.name}`,
        name: `toolset ${t.name}`,
        title: `Operations: ${t.name}`,
        description: `${t.description} (${t.operations.length} operations)`,
        mimeType: "application/json",
      },
      body: () => ({
        toolset: t.name,
        description: t.description,
        operations: t.operations.map(operationCard),
      }),
    });
  }
  for (const name of entityNames) {
    const entity = catalog.entities[name];
    if (!entity) continue;
    documents.set(`${ENTITY_PREFIX}${name}`, {
      resource: {
        uri: `${ENTITY_PREFIX}${name}`,
        name: `entity ${name}`,
        title: `Fields of ${name}`,
        description: `Fields of ${name} with their types and enum values: what $filter, $select and $orderby accept`,
        mimeType: "application/json",
      },
      body: () => ({ entity: name, fields: entity.fields }),
    });
  }

  if (visible.some(isHuntingOperation)) {
    for (const [name, table] of Object.entries(loadHuntingSchema().tables)) {
      documents.set(`${HUNTING_TABLE_PREFIX}${name}`, {
        resource: {
          uri: `${HUNTING_TABLE_PREFIX}${name}`,
          name: `hunting table ${name}`,
          title: `Advanced hunting: ${name}`,
          description: `Columns and Kusto types of the ${name} table (${Object.keys(table.columns).length} columns), as the KQL check knows them`,
          mimeType: "application/json",
        },
        body: () => ({ table: name, columns: Object.entries(table.columns).map(([column, type]) => ({ name: column, type })), source: table.source }),
      });
    }
  }

  return {
    list: () => [...documents.values()].map((d) => d.resource),
    read(uri) {
      const doc = documents.get(uri);
      if (!doc) {
        throw new McpError(ErrorCode.InvalidParams, `Unknown resource ${uri}; resources/list names the available ones.`);
      }
      return { contents: [{ uri, mimeType: "application/json", text: JSON.stringify(doc.body(), null, 2) }] };
    },
  };
}
