/**
 * The pure OpenAPI → Operation mapping on a small hand-written document: the rules that the real
 * documents exercise only partly (path-level parameters, collisions, depth, artefacts).
 */
import { describe, expect, it } from "vitest";
import { MAX_BODY_DEPTH } from "../../src/harvest/body-schema.js";
import { entityFields } from "../../src/harvest/entities.js";
import { HarvestError, type OpenApiDoc } from "../../src/harvest/openapi.js";
import { buildOperation, camelPath, camelPathKey } from "../../src/harvest/operation.js";
import type { ProfileOperation } from "../../src/harvest/spec.js";

const docs = { url: "https://learn.microsoft.com/graph/api/example" };

function nested(levels: number): Record<string, unknown> {
  return levels === 0 ? { type: "string" } : { type: "object", properties: { inner: nested(levels - 1) } };
}

const doc: OpenApiDoc = {
  id: "test-doc",
  version: "v1.0",
  root: {
    paths: {
      "/things": {
        get: {
          externalDocs: docs,
          parameters: [{ $ref: "#/components/parameters/top" }, { name: "$filter", in: "query", schema: { type: "string" } }],
          responses: { "2XX": { $ref: "#/components/responses/thingCollection" } },
          "x-ms-pageable": { nextLinkName: "@odata.nextLink" },
        },
        post: { summary: "Create new navigation property to things for root", requestBody: { content: {} } },
      },
      "/things/{thing-id}/parts/{thingPart-id}": {
        parameters: [{ name: "thing-id", in: "path", required: true, schema: { type: "string" } }],
        get: {
          externalDocs: docs,
          parameters: [
            { name: "thingPart-id", in: "path", required: true, schema: { type: "string" } },
            { name: "If-Match", in: "header", schema: { type: "string" } },
          ],
          responses: { "2XX": { content: { "application/json": { schema: { $ref: "#/components/schemas/thing" } } } } },
        },
      },
      "/things/{thing-id}": {
        patch: {
          externalDocs: docs,
          parameters: [{ name: "thing-id", in: "path", required: true, schema: { type: "string" } }],
          requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/thing" } } } },
        },
      },
      "/things/{thing-id}/notes": {
        post: {
          externalDocs: docs,
          parameters: [{ name: "thing-id", in: "path", required: true, schema: { type: "string" } }],
          requestBody: { content: { "application/json": { schema: { type: "array", items: { $ref: "#/components/schemas/note" } } } } },
        },
      },
      "/things/act": {
        post: {
          requestBody: {
            content: {
              "application/json": {
                schema: { type: "object", properties: { top: { type: "integer" }, deep: nested(MAX_BODY_DEPTH + 1), deepest: nested(MAX_BODY_DEPTH), ok: nested(1) } },
              },
            },
          },
        },
      },
    },
    components: {
      parameters: { top: { name: "$top", in: "query", schema: { type: "integer" } } },
      responses: {
        thingCollection: {
          content: {
            "application/json": {
              schema: { type: "object", properties: { value: { type: "array", items: { $ref: "#/components/schemas/thing" } }, "@odata.nextLink": { type: "string" } } },
            },
          },
        },
      },
      schemas: {
        entity: { type: "object", properties: { id: { type: "string", readOnly: true } } },
        thing: {
          allOf: [
            { $ref: "#/components/schemas/entity" },
            {
              type: "object",
              properties: {
                state: { $ref: "#/components/schemas/state" },
                seen: { type: "string", format: "date-time" },
                count: { type: "integer", format: "int32" },
                tags: { type: "array", items: { type: "string" } },
                owner: { $ref: "#/components/schemas/person" },
                parts: { type: "array", items: { $ref: "#/components/schemas/note" }, "x-ms-navigationProperty": true },
                serverStamp: { type: "string", readOnly: true },
              },
            },
          ],
        },
        state: { type: "string", enum: ["open", "closed", "unknownFutureValue"] },
        person: { type: "object", properties: { name: { type: "string" }, address: { $ref: "#/components/schemas/address" } } },
        address: { type: "object", properties: { city: { type: "string" } } },
        note: { type: "object", properties: { text: { type: "string" }, "@odata.type": { type: "string" } } },
      },
    },
  },
};

function entry(over: Partial<ProfileOperation> & { request: string }): ProfileOperation {
  return { name: "t_op", title: "T", description: "d", examples: ["a", "b", "c"], ...over };
}

describe("path keys", () => {
  it("turns upstream template keys into camelCase argument names", () => {
    expect(camelPathKey("alert-id")).toBe("alertId");
    expect(camelPathKey("simulationAutomation-id")).toBe("simulationAutomationId");
    expect(camelPath("/a/{incident-id}/alerts/{alert-id}")).toBe("/a/{incidentId}/alerts/{alertId}");
  });
});

describe("buildOperation", () => {
  it("maps OData options to client-safe names and adds where beside filter", () => {
    const { operation, entity } = buildOperation(doc, "things", entry({ request: "GET /things" }));
    expect(operation.params.map((p) => [p.name, p.wire])).toEqual([["top", "$top"], ["filter", "$filter"], ["where", "$filter"]]);
    expect(entity).toBe("thing");
    expect(operation.pageable).toBe(true);
    expect(operation.readOnly).toBe(true);
  });

  it("takes path-level parameters, drops headers, and keeps template order", () => {
    const { operation } = buildOperation(doc, "things", entry({ request: "GET /things/{thing-id}/parts/{thingPart-id}" }));
    expect(operation.path).toBe("/things/{thingId}/parts/{thingPartId}");
    expect(operation.params.map((p) => p.name).sort()).toEqual(["thingId", "thingPartId"]);
    expect(operation.entity).toBe("thing");
  });

  it("requires a writable list for an entity body and keeps only those members", () => {
    expect(() => buildOperation(doc, "things", entry({ request: "PATCH /things/{thing-id}" }))).toThrow(/needs a curated "writable" list/);
    const { operation } = buildOperation(doc, "things", entry({ request: "PATCH /things/{thing-id}", writable: ["state", "owner"] }));
    const props = operation.inputSchema.properties as Record<string, Record<string, unknown>>;
    expect(Object.keys(props)).toEqual(["thingId", "state", "owner"]);
    expect(props.state).toEqual({ type: "string", enum: ["open", "closed"] });
    expect(props.owner).toMatchObject({ type: "object", additionalProperties: false, properties: { name: { type: "string" } } });
    expect(operation.destructive).toBe(true);
    expect(operation.entity).toBeNull();
  });

  it("refuses server-owned members in the writable list", () => {
    expect(() => buildOperation(doc, "things", entry({ request: "PATCH /things/{thing-id}", writable: ["serverStamp"] }))).toThrow(
      /"serverStamp" is not a client-settable member/,
    );
    expect(() => buildOperation(doc, "things", entry({ request: "PATCH /things/{thing-id}", writable: ["parts"] }))).toThrow(HarvestError);
  });

  it("sends one item of an array body only when the profile says so, and never offers @ keys", () => {
    expect(() => buildOperation(doc, "things", entry({ request: "POST /things/{thing-id}/notes", writable: ["text"] }))).toThrow(/bodyFromArrayItem/);
    const { operation } = buildOperation(
      doc,
      "things",
      entry({ request: "POST /things/{thing-id}/notes", writable: ["text"], bodyFromArrayItem: true, requiredBody: ["text"], bodyConstants: { "@odata.type": "#note" } }),
    );
    expect(operation.inputSchema.required).toEqual(["thingId", "text"]);
    expect(operation.bodyConstants).toEqual({ "@odata.type": "#note" });
    expect(operation.destructive).toBe(false);
  });

  it("fails on a body member that collides with an option name", () => {
    const base = { request: "POST /things/act", docsUrl: "https://example.com/d", docsNote: "test" };
    const { operation } = buildOperation(doc, "things", entry(base));
    expect(operation.params.map((p) => `${p.in}:${p.name}`)).toContain("body:top");
    const withOption = structuredClone(doc);
    const act = (withOption.root.paths as Record<string, Record<string, Record<string, unknown>>>)["/things/act"]!.post!;
    act.parameters = [{ $ref: "#/components/parameters/top" }];
    expect(() => buildOperation(withOption, "things", entry(base))).toThrow(/body argument "top" collides with the query argument/);
  });

  it("cuts nesting deeper than the depth bound", () => {
    const { operation } = buildOperation(doc, "things", entry({ request: "POST /things/act", docsUrl: "https://example.com/d", docsNote: "n" }));
    const props = operation.inputSchema.properties as Record<string, unknown>;
    expect(props.ok).toEqual({ type: "object", additionalProperties: false, properties: { inner: { type: "string", maxLength: 4096 } } });
    // An object nested MAX_BODY_DEPTH deep is kept whole; one more level and nothing usable is left.
    expect(JSON.stringify(props.deepest).match(/"inner"/g)).toHaveLength(MAX_BODY_DEPTH);
    expect(props.deep).toBeUndefined();
  });

  it("rejects undocumented operations and generated navigation artefacts", () => {
    expect(() => buildOperation(doc, "things", entry({ request: "POST /things/act" }))).toThrow(/no externalDocs/);
    expect(() => buildOperation(doc, "things", entry({ request: "POST /things" }))).toThrow(/navigation-property artefact/);
    expect(() => buildOperation(doc, "things", entry({ request: "DELETE /things" }))).toThrow(/DELETE \/things is not in test-doc/);
    expect(() => buildOperation(doc, "things", entry({ request: "GET /things", docsUrl: "https://example.com/d", docsNote: "n" }))).toThrow(
      /docsUrl given but GET \/things carries externalDocs/,
    );
  });

  it("marks read-only actions as read-only and state-changing ones as destructive", () => {
    const base = { request: "POST /things/act", docsUrl: "https://example.com/d", docsNote: "n" };
    expect(buildOperation(doc, "things", entry({ ...base, readOnly: true })).operation).toMatchObject({ readOnly: true, destructive: false, idempotent: true });
    expect(buildOperation(doc, "things", entry({ ...base, stateChanging: true })).operation).toMatchObject({ readOnly: false, destructive: true, idempotent: false });
    expect(() => buildOperation(doc, "things", entry({ ...base, readOnly: true, stateChanging: true }))).toThrow(/both readOnly and stateChanging/);
    expect(() => buildOperation(doc, "things", entry({ request: "GET /things", readOnly: true }))).toThrow(/POST actions only/);
  });
});

describe("entityFields", () => {
  it("types inherited, enum, datetime, collection and nested members", () => {
    const { fields } = entityFields(doc, "thing");
    expect(fields.id).toMatchObject({ type: "string", filterable: true });
    expect(fields.state).toEqual({ type: "enum", enum: ["open", "closed", "unknownFutureValue"], collection: false, filterable: true, sortable: true });
    expect(fields.seen?.type).toBe("datetime");
    expect(fields.count?.type).toBe("int");
    expect(fields.tags).toMatchObject({ type: "string", collection: true, sortable: false });
    expect(fields.owner).toMatchObject({ type: "object", filterable: false });
    expect(fields["owner/name"]).toMatchObject({ type: "string", filterable: true });
    expect(fields["owner/address"]).toMatchObject({ type: "object" });
    expect(fields["owner/address/city"]).toMatchObject({ type: "string", filterable: true });
    expect(fields.parts).toEqual({ type: "object", collection: true, filterable: false, sortable: false });
    expect(fields["parts/text"]).toBeUndefined();
    expect(Object.keys(fields)).toEqual([...Object.keys(fields)].sort());
  });
});
