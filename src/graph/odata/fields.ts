/** Case-insensitive lookups over one entity's field table (catalog `entities[…].fields`). */
import type { Entity, FieldSpec } from "../../catalog/types.js";

export interface ResolvedField {
  /** The path exactly as the catalog spells it ("status/errorCode"). */
  path: string;
  spec: FieldSpec;
}

export class EntityFields {
  private readonly byLower = new Map<string, ResolvedField>();

  constructor(
    readonly entityName: string,
    entity: Entity,
  ) {
    for (const [path, spec] of Object.entries(entity.fields)) this.byLower.set(path.toLowerCase(), { path, spec });
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
