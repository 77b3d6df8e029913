/** The MCP server's public surface. */
export { createServer, SERVER_NAME, type SecgraphServer, type ServerDeps } from "./server.js";
export { FileAuditLog, MemoryAuditLog, defaultAuditLogPath, type AuditEntry, type AuditSink } from "./audit.js";
export { DeferredPlanner } from "./deferred-planner.js";
export { ServerSetupError } from "./registry.js";
export { serveHttp, type HttpServing } from "./http.js";
export { serveStdio } from "./stdio.js";
