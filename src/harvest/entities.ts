/**
 * Entity types → field specs for $filter/$select/$orderby validation: every member of the type
 * (allOf inheritance resolved), typed, with enum values; complex members also listed as "a/b" paths.
 */
import type { Entity, FieldSpec, FieldType } from "../catalog/types.js";
import { HarvestError, flatten, isNode, type Node, type OpenApiDoc } from "./openapi.js";

/** At most three segments ("initiatedBy/user/userPrincipalName"); deeper members are not listed. */
export const MAX_FIELD_SEGMENTS = 3;

const FORMAT_TYPES: Record<string, FieldType> = {
  "date-time": "datetime",
  date: "date",
  uuid: "guid",
  duration: "duration",
};

interface Described {
  spec: FieldSpec;
  /** Members of a complex type (for "a/b" paths). */
  members?: Map<string, Node>;
}

function describe(doc: OpenApiDoc, node: Node, collection: boolean): Described {
  const flat = flatten(doc, node);
  if (flat.type === "array" && flat.items !== undefined && isNode(flat.items)) {
    return describe(doc, flat.items, true);
  }
  if (flat.enum !== undefined) {
    return { spec: { type: "enum", enum: flat.enum, collection, filterable: true, sortable: !collection } };
  }
  let type: FieldType;
  switch (flat.type) {
    case "string":
      type = (flat.format !== undefined ? FORMAT_TYPES[flat.format] : undefined) ?? "string";
      break;
    case "integer":
      type = "int";
      break;
    case "number":
      type = "number";
      break;
    case "boolean":
      type = "boolean";
      break;
    default:
      return {
        spec: { type: "object", collection, filterable: false, sortable: false },
        members: flat.properties,
      };
  }
  return { spec: { type, collection, filterable: true, sortable: !collection } };
}

/** Field specs of one entity type, keys sorted for a stable catalog. */
export function entityFields(doc: OpenApiDoc, typeName: string): Entity {
  const root = flatten(doc, { $ref: `#/components/schemas/${typeName}` });
  if (root.properties.size === 0) throw new HarvestError(`${doc.id}: entity ${typeName} has no properties`);
  const fields: Record<string, FieldSpec> = {};
  const visit = (members: Map<string, Node>, prefix: string, segments: number) => {
    for (const [key, member] of members) {
      if (key.startsWith("@")) continue;
      const path = prefix === "" ? key : `${prefix}/${key}`;
      // Relationships are listed (for $select/$expand) but not walked: they are other entities.
      if (member["x-ms-navigationProperty"] === true) {
        fields[path] = { type: "object", collection: isNode(member) && member.type === "array", filterable: false, sortable: false };
        continue;
      }
      const described = describe(doc, member, false);
      fields[path] = described.spec;
      if (described.members !== undefined && segments < MAX_FIELD_SEGMENTS) visit(described.members, path, segments + 1);
    }
  };
  visit(root.properties, "", 1);
  const sorted: Record<string, FieldSpec> = {};
  for (const key of Object.keys(fields).sort()) sorted[key] = fields[key] as FieldSpec;
  return { fields: sorted };
}
