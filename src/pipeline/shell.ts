/**
 * The call pipeline as the shell commands (`call`, `plan`) use it: settings → a CallPipeline with the
 * file audit log, the cross-process confirmation codes under the state directory, and session "cli".
 */
import { resolve } from "node:path";
import type { Catalog } from "../catalog/types.js";
import type { Settings } from "../config.js";
import { compileCall } from "../graph/compile.js";
import type { Executor } from "../graph/types.js";
import { ArgValidator } from "../graph/validate.js";
import type { Logger } from "../log.js";
import { FileAuditLog, defaultAuditLogPath } from "./audit.js";
import { FileConfirmationCodes, confirmationsDir } from "./confirmations.js";
import { CallPipeline, type CodeNotice } from "./pipeline.js";
import { createRedactor, secretsFromEnv } from "./redact.js";

/** Shell invocations share one session name, so a code issued by `call` is redeemable by the next `call` only. */
export const SHELL_SESSION = "cli";

export interface ShellPipelineOptions {
  settings: Settings;
  catalog: Catalog;
  env: NodeJS.ProcessEnv;
  cwd: string;
  logger: Logger;
  executor?: Executor;
  /** Plans are proposals: the plan command passes true so write plans are shown, never sent (no executor). */
  allowWrites?: boolean;
  notifyPerson?: (notice: CodeNotice) => void;
}

export interface ShellPipeline {
  pipeline: CallPipeline;
  audit: FileAuditLog;
  close(): void;
}

export function shellPipeline(options: ShellPipelineOptions): ShellPipeline {
  const { settings, env } = options;
  const redactor = createRedactor(secretsFromEnv(env));
  const audit = new FileAuditLog(resolve(options.cwd, settings.auditLog ?? defaultAuditLogPath()), { redactor });
  const pipeline = new CallPipeline({
    catalog: options.catalog,
    validator: new ArgValidator(options.catalog),
    compile: compileCall,
    executor: options.executor,
    allowWrites: options.allowWrites ?? settings.allowWrites,
    baseUrl: settings.graphBaseUrl,
    clock: () => new Date(),
    audit,
    session: SHELL_SESSION,
    codes: new FileConfirmationCodes(confirmationsDir(env)),
    notifyPerson: options.notifyPerson ?? (() => {}),
    logger: options.logger,
    redactor,
  });
  return { pipeline, audit, close: () => audit.close() };
}
