/**
 * Properties of the catalog harvested from the real pinned documents: what every other module
 * relies on (schemas that compile, arguments that match the wire, the required operations).
 */
import { Ajv } from "ajv";
import addFormatsPlugin from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { OPTION_SCHEMAS } from "../../src/catalog/common-schemas.js";
import { loadCatalog } from "../../src/catalog/load.js";
import type { Catalog, Operation } from "../../src/catalog/types.js";
import { writeCatalog } from "../../src/harvest/output.js";
import { isNode } from "../../src/harvest/openapi.js";
import { MAX_FIELD_SEGMENTS } from "../../src/harvest/entities.js";
import { realCatalogFiles, realInput, tempDir } from "./support.js";

const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv;
const KEY_PATTERN = /^[a-zA-Z0-9_.-]{1,64}$/;

let catalog: Catalog;
let files: Map<string, string>;

beforeAll(async () => {
  files = await realCatalogFiles();
  const dir = tempDir("catalog");
  await writeCatalog(dir, files);
  // loadCatalog is the contract every consumer goes through: the output must pass it.
  catalog = loadCatalog(dir);
});

function op(name: string): Operation {
  const found = catalog.byName.get(name);
  if (!found) throw new Error(`operation ${name} missing from the catalog`);
  return found;
}

/** Every object key under `properties`, at any depth, with its JSON path. */
function propertyKeys(schema: unknown, path = ""): { key: string; path: string }[] {
  if (Array.isArray(schema)) return schema.flatMap((s, i) => propertyKeys(s, `${path}/${i}`));
  if (!isNode(schema)) return [];
  const keys: { key: string; path: string }[] = [];
  for (const [k, v] of Object.entries(schema)) {
    if (k === "properties" && isNode(v)) for (const name of Object.keys(v)) keys.push({ key: name, path: `${path}/properties/${name}` });
    keys.push(...propertyKeys(v, `${path}/${k}`));
  }
  return keys;
}

describe("harvested catalog", () => {
  it("holds at least 80 operations with unique, well-formed names", () => {
    expect(catalog.operations.length).toBeGreaterThanOrEqual(80);
    const names = catalog.operations.map((o) => o.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
  });

  it("compiles every inputSchema with ajv in strict mode", () => {
    // Strict, except union types: the shared `where` schema's value is string|number|boolean|array.
    const ajv = addFormats(new Ajv({ strict: true, allowUnionTypes: true }));
    const failures: string[] = [];
    for (const o of catalog.operations) {
      try {
        ajv.compile(o.inputSchema);
      } catch (e) {
        failures.push(`${o.name}: ${(e as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("leaves no $ref, allOf or anyOf anywhere in the catalog files", () => {
    for (const [name, text] of files) {
      expect(text, name).not.toMatch(/"\$ref"|"allOf"|"anyOf"/);
    }
  });

  it("keeps every schema property key within the MCP key pattern", () => {
    const bad = catalog.operations.flatMap((o) =>
      propertyKeys(o.inputSchema).filter((k) => !KEY_PATTERN.test(k.key)).map((k) => `${o.name}${k.path}`),
    );
    expect(bad).toEqual([]);
  });

  it("describes every argument with a binding and every binding with an argument", () => {
    for (const o of catalog.operations) {
      const props = o.inputSchema.properties as Record<string, unknown>;
      expect(Object.keys(props).sort(), o.name).toEqual(o.params.map((p) => p.name).sort());
      const required = (o.inputSchema.required as string[]).slice().sort();
      expect(required, o.name).toEqual(o.params.filter((p) => p.required).map((p) => p.name).sort());
      expect(o.inputSchema.additionalProperties, o.name).toBe(false);
    }
  });

  it("binds every path template key to a required camelCase path argument", () => {
    for (const o of catalog.operations) {
      const keys = [...o.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const pathArgs = o.params.filter((p) => p.in === "path");
      expect(pathArgs.map((p) => p.name), o.name).toEqual(keys);
      for (const p of pathArgs) {
        expect(p.required).toBe(true);
        expect(p.name).toMatch(/^[a-z][a-zA-Z0-9]*$/);
        expect(p.wire).toMatch(/-id$/);
      }
    }
  });

  it("gives get and update operations their id argument", () => {
    const byId = catalog.operations.filter((o) => /_(get|update|delete)$/.test(o.name));
    expect(byId.length).toBeGreaterThan(30);
    for (const o of byId) {
      expect(o.params.some((p) => p.in === "path" && p.required && /Id$/.test(p.name)), o.name).toBe(true);
    }
    expect(op("alerts_get").params[0]).toEqual({ name: "alertId", in: "path", wire: "alert-id", required: true });
    expect(op("incidents_update").path).toBe("/security/incidents/{incidentId}");
  });

  it("offers filter, where and top on every paged list that has them documented (or no documentation), with the shared option schemas", () => {
    const lists = catalog.operations.filter((o) => o.pageable);
    expect(lists.length).toBeGreaterThan(30);
    // Every tool named as a list is a paged collection upstream.
    const named = catalog.operations.filter((o) => /_list(_|$)/.test(o.name)).map((o) => o.name);
    expect(named.filter((n) => !op(n).pageable)).toEqual([]);
    for (const o of lists) {
      const props = o.inputSchema.properties as Record<string, unknown>;
      const documented = o.capabilities?.documented === true;
      if (documented && !o.capabilities!.options.includes("top")) {
        expect(props.top, `${o.name}.top`).toBeUndefined();
        continue;
      }
      // Descriptions say which properties the reference documents; a stated $top ceiling lowers the maximum.
      const { description: _d, maximum: _m, ...top } = props.top as Record<string, unknown>;
      const { description: _t, maximum: _n, ...shared } = OPTION_SCHEMAS.top!;
      expect(top, `${o.name}.top`).toEqual(shared);
      expect((props.top as { maximum: number }).maximum).toBeLessThanOrEqual(OPTION_SCHEMAS.top!.maximum as number);
      expect(o.entity, o.name).not.toBeNull();
      for (const option of ["filter", "where"]) {
        if (documented && !o.capabilities!.options.includes("filter")) {
          expect(props[option], `${o.name}.${option}`).toBeUndefined();
          continue;
        }
        const { description: _e, ...schema } = props[option] as Record<string, unknown>;
        const { description: _f, ...expected } = OPTION_SCHEMAS[option]!;
        expect(schema, `${o.name}.${option}`).toEqual(expected);
      }
      expect(o.params.find((p) => p.name === "top")).toEqual({ name: "top", in: "query", wire: "$top", required: false });
    }
  });

  it("includes the operations the SOC profile promises", () => {
    const required = [
      "alerts_list", "alerts_get", "alerts_update", "alerts_comment_create",
      "incidents_list", "incidents_get", "incidents_update", "incidents_alerts_list",
      "hunting_run_query",
      "risky_users_list", "risky_users_get", "risky_users_history_list", "risky_users_dismiss", "risky_users_confirm_compromised",
      "risky_service_principals_list", "risk_detections_list", "risk_detections_get",
      "signins_list", "signins_get", "directory_audits_list", "directory_audits_get", "provisioning_list",
      "secure_scores_list", "secure_scores_get", "secure_score_controls_list", "secure_score_controls_get",
      "ti_hosts_get", "ti_hosts_get_whois", "ti_hosts_get_reputation", "ti_hosts_list_components", "ti_hosts_list_trackers",
      "ti_hosts_list_passive_dns", "ti_articles_list", "ti_intel_profiles_list", "ti_vulnerabilities_get", "ti_whois_records_list",
      "mdi_health_issues_list", "mdi_sensors_list", "attack_simulations_list", "ti_indicators_list",
    ];
    expect(required.filter((n) => !catalog.byName.has(n))).toEqual([]);
    const paths = new Set(catalog.operations.map((o) => `${o.method} ${o.path}`));
    for (const p of [
      "GET /security/alerts_v2", "PATCH /security/alerts_v2/{alertId}", "POST /security/alerts_v2/{alertId}/comments",
      "GET /security/incidents/{incidentId}/alerts", "POST /security/microsoft.graph.security.runHuntingQuery",
      "POST /identityProtection/riskyUsers/microsoft.graph.dismiss", "GET /auditLogs/signIns",
      "GET /security/threatIntelligence/hosts/{hostId}/whois", "GET /security/identities/healthIssues",
    ]) expect(paths.has(p), p).toBe(true);
  });

  it("carries the version per operation (beta-only operations stay beta)", () => {
    expect(op("ti_indicators_list").version).toBe("beta");
    expect(op("mdi_sensors_list").version).toBe("beta");
    expect(op("alerts_list").version).toBe("v1.0");
    expect(op("ti_indicators_list").deprecated).toBe(true);
    expect(op("alerts_legacy_list").deprecated).toBe(true);
    expect(op("alerts_list").deprecated).toBe(false);
  });

  it("marks reads, writes and state changes", () => {
    for (const o of catalog.operations) {
      if (o.method === "GET") expect(o.readOnly && !o.destructive, o.name).toBe(true);
      if (o.method === "PATCH" || o.method === "DELETE") expect(!o.readOnly && o.destructive, o.name).toBe(true);
      expect(o.readOnly && o.destructive, o.name).toBe(false);
    }
    expect(op("hunting_run_query")).toMatchObject({ method: "POST", readOnly: true, destructive: false, idempotent: true });
    expect(op("risky_users_dismiss")).toMatchObject({ readOnly: false, destructive: true, idempotent: false });
    expect(op("risky_users_confirm_compromised").destructive).toBe(true);
    expect(op("alerts_comment_create")).toMatchObject({ readOnly: false, destructive: false });
  });

  it("inlines request bodies: writable members only, enums kept, @ keys as body constants", () => {
    const update = op("alerts_update");
    expect(update.params.filter((p) => p.in === "body").map((p) => p.name)).toEqual(["assignedTo", "classification", "determination", "status"]);
    const props = update.inputSchema.properties as Record<string, { enum?: string[] }>;
    expect(props.status?.enum).toEqual(expect.arrayContaining(["new", "inProgress", "resolved"]));
    expect(props.status?.enum).not.toContain("unknownFutureValue");

    const comment = op("alerts_comment_create");
    expect(comment.bodyConstants).toEqual({ "@odata.type": "#microsoft.graph.security.alertComment" });
    expect(comment.inputSchema.required).toEqual(["alertId", "comment"]);
    expect(Object.keys(comment.inputSchema.properties as object)).toEqual(["alertId", "comment"]);

    expect(op("hunting_run_query").inputSchema.required).toEqual(["query"]);
    expect(op("risky_users_dismiss").params).toEqual([{ name: "userIds", in: "body", wire: "userIds", required: true }]);
  });

  it("bounds every string argument", () => {
    const unbounded: string[] = [];
    const walk = (schema: unknown, where: string) => {
      if (!isNode(schema)) return;
      if (schema.type === "string" && schema.enum === undefined && typeof schema.maxLength !== "number") unbounded.push(where);
      if (isNode(schema.properties)) for (const [k, v] of Object.entries(schema.properties)) walk(v, `${where}.${k}`);
      walk(schema.items, `${where}[]`);
      walk(schema.additionalProperties, `${where}{}`);
    };
    for (const o of catalog.operations) walk(o.inputSchema, o.name);
    expect(unbounded).toEqual([]);
  });

  it("describes each addressed entity's fields with types, enums and nested paths", () => {
    const alert = catalog.entities["microsoft.graph.security.alert"]?.fields;
    expect(alert?.severity).toMatchObject({ type: "enum", filterable: true, sortable: true, collection: false });
    expect(alert?.severity?.enum).toEqual(expect.arrayContaining(["low", "medium", "high"]));
    expect(alert?.createdDateTime).toMatchObject({ type: "datetime", filterable: true });
    expect(alert?.evidence).toMatchObject({ type: "object", collection: true, filterable: false });
    expect(alert?.["evidence/remediationStatus"]?.type).toBe("enum");
    expect(alert?.mitreTechniques).toMatchObject({ type: "string", collection: true, filterable: true, sortable: false });
    // allOf inheritance: `id` comes from microsoft.graph.entity.
    expect(alert?.id?.type).toBe("string");
    const signIn = catalog.entities["microsoft.graph.signIn"]?.fields;
    expect(signIn?.["status/errorCode"]).toMatchObject({ type: "int", filterable: true });
    for (const [name, entity] of Object.entries(catalog.entities)) {
      for (const key of Object.keys(entity.fields)) expect(key.split("/").length, `${name} ${key}`).toBeLessThanOrEqual(MAX_FIELD_SEGMENTS);
    }
    const referenced = new Set(catalog.operations.map((o) => o.entity).filter((e) => e !== null));
    expect(new Set(Object.keys(catalog.entities))).toEqual(referenced);
  });

  it("writes our own words, not upstream prose", async () => {
    const { docs } = await realInput();
    const upstreamText = new Set<string>();
    for (const doc of docs.values()) {
      for (const item of Object.values(doc.root.paths as Record<string, Record<string, unknown>>)) {
        for (const method of Object.values(item)) {
          if (!isNode(method)) continue;
          for (const key of ["summary", "description"]) if (typeof method[key] === "string") upstreamText.add(method[key]);
        }
      }
    }
    for (const o of catalog.operations) {
      expect(upstreamText.has(o.description), o.name).toBe(false);
      expect(o.description.length, o.name).toBeLessThanOrEqual(160);
      expect(o.examples.length, o.name).toBeGreaterThanOrEqual(3);
    }
  });
});
