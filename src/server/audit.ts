/** The audit sink moved to src/pipeline/audit.ts (it belongs to the one call path); kept as a re-export. */
export { AuditWriteError, FileAuditLog, MemoryAuditLog, defaultAuditLogPath, redact, type AuditEntry, type AuditMode, type AuditOutcome, type AuditSink, type Caller } from "../pipeline/index.js";
