/** Case-insensitive lookups over one entity's field table (catalog `entities[…].fields`). */
import type { Entity, FieldSpec, FilterOperator } from "../../catalog/types.js";

/**
 * What one operation's documentation narrows the entity to: only these properties filter (each
 * with its documented operators, null when the operators are not documented) and sort.
 * `filter: null` leaves filtering to the entity's own flags; `orderby: null` likewise for sorting.
 */
export interface DocumentedQuery {
  operation: string;
  filter: Record<string, FilterOperator[] | null> | null;
  /** Operators documented for $filter as a whole; apply where a property has no list of its own. */
  filterOperators?: FilterOperator[] | null;
  orderby: string[] | null;
}

export interface ResolvedField {
  /** The path exactly as the catalog spells it ("status/errorCode"). */
  path: string;
  spec: FieldSpec;
}

export class EntityFields {
  private readonly byLower = new Map<string, ResolvedField>();
  private readonly operators = new Map<string, FilterOperator[] | null>();

  constructor(
    readonly entityName: string,
    entity: Entity,
    /** The operation's documented capabilities, when its reference page names them. */
    readonly documented?: DocumentedQuery,
  ) {
    const filter = documented?.filter ?? null;
    const orderby = documented?.orderby ?? null;
    if (filter) for (const [path, ops] of Object.entries(filter)) this.operators.set(path.toLowerCase(), ops);
    const sortable = orderby ? new Set(orderby.map((p) => p.toLowerCase())) : null;
    for (const [path, spec] of Object.entries(entity.fields)) {
      const lower = path.toLowerCase();
      // Objects stay unfilterable either way: they are filtered through their members.
      const narrowed: FieldSpec = {
        ...spec,
        filterable: filter ? spec.type !== "object" && this.operators.has(lower) : spec.filterable,
        sortable: sortable ? sortable.has(lower) : spec.sortable,
      };
      this.byLower.set(lower, { path, spec: narrowed });
    }
  }

  /** Whether the documentation restricts $filter to named properties. */
  get filterDocumented(): boolean {
    return this.documented?.filter != null;
  }

  /** The documented operators of a property; null when any operator its type allows will do. */
  operatorsFor(path: string): FilterOperator[] | null {
    return this.operators.get(path.toLowerCase()) ?? this.documented?.filterOperators ?? null;
  }

  /** Graph property names are case-insensitive; we print the catalog's spelling. */
  resolve(path: string): ResolvedField | undefined {
    return this.byLower.get(path.toLowerCase());
  }

  /** The collection field a nested path sits under ("evidence" for "evidence/verdict"), if any. */
  collectionAbove(path: string): ResolvedField | undefined {
    const segments = path.split("/");
    for (let i = 1; i < segments.length; i++) {
      const parent = this.resolve(segments.slice(0, i).join("/"));
      if (parent?.spec.collection) return parent;
    }
    return undefined;
  }

  /** Members listed under an object or collection-of-object field ("location" → "location/city", …). */
  membersOf(path: string): string[] {
    const prefix = `${path.toLowerCase()}/`;
    return [...this.byLower.entries()].filter(([lower]) => lower.startsWith(prefix)).map(([, f]) => f.path);
  }

  /** Paths a filter may name directly (not under a collection, not objects). */
  filterablePaths(): string[] {
    return [...this.byLower.values()]
      .filter((f) => f.spec.filterable && f.spec.type !== "object" && !this.collectionAbove(f.path))
      .map((f) => f.path);
  }

  /** Top-level property names ($select, $expand). */
  topLevelNames(): string[] {
    return [...this.byLower.values()].filter((f) => !f.path.includes("/")).map((f) => f.path);
  }

  sortablePaths(): string[] {
    // A member of a collection has one value per item, so there is nothing to sort by.
    return [...this.byLower.values()]
      .filter((f) => f.spec.sortable && f.spec.type !== "object" && !f.spec.collection && !this.collectionAbove(f.path))
      .map((f) => f.path);
  }
}
