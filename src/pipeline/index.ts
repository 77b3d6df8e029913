/** The call pipeline's public surface: what doors and embedders import. */
export { CallPipeline, isPlainObject, writesDisabledMessage, type CodeNotice, type CompileFn, type PipelineDeps, type PlannedCall, type Validator } from "./pipeline.js";
export type { CallContext, CallOutcome, PreparedCall, Progress } from "./types.js";
export { errorResult, toolResult } from "./result.js";
export { canonicalJson, describeRequest, requestHash } from "./canonical.js";
export { AuditWriteError, FileAuditLog, MemoryAuditLog, auditRecord, defaultAuditLogPath, nodeAuditFileIO, type AuditEntry, type AuditFileIO, type AuditMode, type AuditOutcome, type AuditSink, type Caller } from "./audit.js";
export { CONFIRMATION_TTL_MS, FileConfirmationCodes, MemoryConfirmationCodes, confirmationsDir, normaliseCode, type ConfirmationCodes, type IssuedCode, type PendingWrite, type Redemption } from "./confirmations.js";
export { createRedactor, looksLikeToken, defaultRedactor, redact, secretsFromEnv, type Redactor } from "./redact.js";
