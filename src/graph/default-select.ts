/**
 * Default $select for live list calls that name no fields. Graph returns every property by
 * default — an alert with its evidence runs to tens of kilobytes — so a model asking "high alerts
 * today" would drown in data it did not ask for. The fields below are what a SOC triage view shows;
 * a caller who names fields (or asks for one item by id) gets exactly what it asked for.
 */
import type { Catalog, Operation } from "../catalog/types.js";

/** Entity type (as in tools/entities.json) → the properties a triage answer needs. */
export const DEFAULT_SELECT: Readonly<Record<string, readonly string[]>> = {
  "microsoft.graph.security.alert": [
    "id", "title", "severity", "status", "classification", "determination", "serviceSource", "category",
    "createdDateTime", "lastUpdateDateTime", "incidentId", "assignedTo",
  ],
  "microsoft.graph.security.incident": [
    "id", "displayName", "severity", "status", "classification", "determination", "assignedTo",
    "createdDateTime", "lastUpdateDateTime",
  ],
  "microsoft.graph.riskyUser": [
    "id", "userPrincipalName", "userDisplayName", "riskLevel", "riskState", "riskDetail", "riskLastUpdatedDateTime",
  ],
  "microsoft.graph.riskyServicePrincipal": [
    "id", "appId", "displayName", "riskLevel", "riskState", "riskDetail", "riskLastUpdatedDateTime",
  ],
  "microsoft.graph.riskDetection": [
    "id", "riskEventType", "riskLevel", "riskState", "detectedDateTime", "userPrincipalName", "ipAddress", "activity",
  ],
  "microsoft.graph.signIn": [
    "id", "createdDateTime", "userPrincipalName", "appDisplayName", "ipAddress", "clientAppUsed",
    "conditionalAccessStatus", "riskLevelDuringSignIn", "status", "location",
  ],
  "microsoft.graph.directoryAudit": [
    "id", "activityDateTime", "activityDisplayName", "category", "result", "initiatedBy",
  ],
};

/**
 * Adds the entity's default `select` to a list call's arguments when the caller gave none.
 * Apply in live mode only, before validation and compilation, so the request shown is the request
 * sent. With a catalog, fields the entity does not declare are dropped, so a default can never make
 * valid arguments invalid. Returns the arguments unchanged when nothing applies.
 */
export function withDefaultSelect(
  operation: Operation,
  args: Record<string, unknown>,
  catalog?: Pick<Catalog, "entities">,
): Record<string, unknown> {
  const selectParam = operation.params.find((p) => p.in === "query" && p.wire === "$select");
  if (!operation.pageable || !selectParam || operation.entity === null) return args;
  if (args[selectParam.name] !== undefined) return args;
  const defaults = DEFAULT_SELECT[operation.entity];
  if (!defaults) return args;
  const declared = catalog?.entities[operation.entity]?.fields;
  const fields = declared ? defaults.filter((f) => f in declared) : [...defaults];
  if (fields.length === 0) return args;
  return { ...args, [selectParam.name]: fields };
}
