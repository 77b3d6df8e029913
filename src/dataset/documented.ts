/**
 * The generator's view of an operation's entity: only what Graph's reference documents for that
 * operation (spec/capabilities.yaml, as harvested into the catalog). A synthetic request filters
 * and sorts only where the documentation says it may, with an operator it lists.
 */
import type { Entity, FieldSpec, FilterOperator, Operation } from "../catalog/types.js";
import { documentedQuery } from "../graph/capabilities.js";
import { EntityFields } from "../graph/odata/fields.js";

export interface DocumentedView {
  /** The entity with filterable/sortable narrowed to the documented properties. */
  entity: Entity;
  /** Whether a filter may use this operator on this property (`in` counts as eq's). */
  allows(path: string, operator: FilterOperator | "in"): boolean;
  /** Whether the operation takes this argument (documented options only). */
  takes(argument: string): boolean;
}

export function documentedView(op: Operation, entity: Entity): DocumentedView {
  const fields = new EntityFields(op.entity ?? "", entity, documentedQuery(op));
  const narrowed: Record<string, FieldSpec> = {};
  for (const path of Object.keys(entity.fields)) narrowed[path] = fields.resolve(path)!.spec;
  return {
    entity: { fields: narrowed },
    allows: (path, operator) => {
      const allowed = fields.operatorsFor(path);
      return allowed === null || allowed.includes(operator === "in" ? "eq" : operator);
    },
    takes: (argument) => op.params.some((p) => p.name === argument),
  };
}
