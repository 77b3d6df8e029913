/**
 * Catalog paths as routes: a request's decoded segments → the operation whose path template they
 * fill, with its path keys; or the sentence saying why none does (unknown path with the closest
 * documented ones, a method or a version the catalog does not document for that path).
 */
import type { Catalog, HttpMethod, Operation } from "../catalog/types.js";
import { editDistance } from "../graph/odata/suggest.js";
import type { GraphVersion } from "./url.js";

type Segment = { literal: string } | { key: string };

interface Route {
  operation: Operation;
  segments: Segment[];
}

export type RouteMatch =
  | { ok: true; operation: Operation; pathKeys: Record<string, string>; countSegment: boolean }
  | { ok: false; problem: string; operation?: Operation };

/**
 * One spelling for literal segments: case-insensitive (Graph's are), and an action or function
 * segment the same with or without its namespace ("microsoft.graph.security.runHuntingQuery" ≡
 * "runHuntingQuery").
 */
export function segmentKey(text: string): string {
  const lower = text.toLowerCase();
  return lower.startsWith("microsoft.graph.") ? lower.slice(lower.lastIndexOf(".") + 1) : lower;
}

function templateSegments(path: string): Segment[] {
  return path.split("/").filter((s) => s !== "").map((s) => {
    const key = /^\{([^}]+)\}$/.exec(s);
    return key ? { key: key[1]! } : { literal: segmentKey(s) };
  });
}

export class RouteTable {
  private readonly routes: Route[];

  constructor(catalog: Catalog) {
    this.routes = catalog.operations.map((operation) => ({ operation, segments: templateSegments(operation.path) }));
  }

  /** Literal segments matched when `segments` fill the route, else -1. */
  private static fit(route: Route, segments: readonly string[]): number {
    if (route.segments.length !== segments.length) return -1;
    let literals = 0;
    for (let i = 0; i < segments.length; i++) {
      const t = route.segments[i]!;
      if ("literal" in t) {
        if (t.literal !== segmentKey(segments[i]!)) return -1;
        literals++;
      }
    }
    return literals;
  }

  /** Routes the segments fill best: literal segments outrank path keys ("riskyUsers/dismiss" is the action, not an id). */
  private best(segments: readonly string[]): Route[] {
    let top = -1;
    let found: Route[] = [];
    for (const route of this.routes) {
      const score = RouteTable.fit(route, segments);
      if (score > top) [top, found] = [score, [route]];
      else if (score === top && score >= 0) found.push(route);
    }
    return top < 0 ? [] : found;
  }

  /** Up to `limit` documented operations whose paths look most like the segments. */
  closest(segments: readonly string[], limit = 3): string[] {
    const scored = this.routes.map((route) => {
      let cost = 4 * Math.abs(route.segments.length - segments.length);
      route.segments.forEach((t, i) => {
        const given = segments[i];
        if (given === undefined) return;
        if ("literal" in t) cost += Math.min(editDistance(t.literal, segmentKey(given)), t.literal.length);
      });
      return { route, cost };
    });
    scored.sort((a, b) => a.cost - b.cost || a.route.operation.name.localeCompare(b.route.operation.name));
    // One entry per path: its methods' operations together.
    const byPath = new Map<string, Operation[]>();
    for (const { route } of scored) {
      const key = `/${route.operation.version}${route.operation.path}`;
      if (!byPath.has(key) && byPath.size >= limit) break;
      byPath.set(key, [...(byPath.get(key) ?? []), route.operation]);
    }
    return [...byPath.entries()].map(([path, ops]) => `${ops.map((o) => o.method).join("|")} ${path} (${ops.map((o) => o.name).join(", ")})`);
  }

  match(method: HttpMethod, version: GraphVersion | null, segments: readonly string[]): RouteMatch {
    // A trailing /$count counts the collection before it (it is never an id).
    let countSegment = segments.length > 1 && segments.at(-1)!.toLowerCase() === "$count";
    let routes = countSegment ? this.best(segments.slice(0, -1)) : [];
    if (routes.length === 0) {
      countSegment = false;
      routes = this.best(segments);
    }
    if (routes.length === 0) {
      const shown = `/${segments.join("/")}`.slice(0, 120);
      return { ok: false, problem: `no documented operation has the path ${shown}; closest: ${this.closest(segments).join("; ")}` };
    }
    const byMethod = routes.filter((r) => r.operation.method === method);
    if (byMethod.length === 0) {
      const documented = routes.map((r) => `${r.operation.method} (${r.operation.name})`).join(", ");
      return { ok: false, operation: routes[0]!.operation, problem: `${method} is not documented for ${routes[0]!.operation.path}; documented: ${documented}` };
    }
    const route = byMethod.find((r) => version === null || r.operation.version === version);
    if (!route) {
      const other = byMethod[0]!.operation;
      return { ok: false, operation: other, problem: `${other.name} is documented in ${other.version}, not ${version ?? "?"}; use /${other.version}${other.path}` };
    }
    const used = countSegment ? segments.slice(0, -1) : segments;
    const pathKeys: Record<string, string> = {};
    route.segments.forEach((t, i) => {
      if ("key" in t) pathKeys[t.key] = used[i]!;
    });
    return { ok: true, operation: route.operation, pathKeys, countSegment };
  }
}
