/** The planner contract: free text → a proposed tool call, possibly already compiled (or a decline). */
import type { CompileResult } from "../graph/types.js";

export interface PlanContext {
  /** Relative times ("last 24 hours") resolve against this instant. */
  now: Date;
}

/** Another validated call the planner considered, for a host that asks the analyst. */
export interface PlanAlternative {
  operation: string;
  arguments: Record<string, unknown>;
}

/** A combining planner (`auto`) names which planner decided; plan records write it as `planner`. */
interface Attribution {
  decidedBy?: string;
}

export type PlanResult =
  | (Attribution & {
      decision: "call";
      operation: string;
      arguments: Record<string, unknown>;
      reason?: string;
      /** How sure the planner is of this call (0..1), where it can say. */
      confidence?: number;
      /** Up to two other valid calls, most likely first. */
      alternatives?: PlanAlternative[];
      /**
       * The planner's own validated and compiled request for `operation` + `arguments` (what
       * prepareCall returned), so the call pipeline does not compile it a second time.
       */
      compiled?: CompileResult;
    })
  | (Attribution & { decision: "decline"; reason: string });

export interface Planner {
  /** "rules" or "model:<file name>" — written into plan records as `planner`. */
  readonly name: string;
  plan(text: string, ctx: PlanContext): Promise<PlanResult>;
  /** Frees native resources (model contexts). */
  close?(): Promise<void>;
}

/** Requests longer than this are not questions an analyst types: every planner declines them (and `plan --batch` refuses the line). */
export const MAX_REQUEST_LENGTH = 4000;

/** The decline sentence for a request over MAX_REQUEST_LENGTH, or undefined. */
export function tooLongReason(text: string): string | undefined {
  return text.length > MAX_REQUEST_LENGTH ? `the request is ${text.length} characters long; keep it under ${MAX_REQUEST_LENGTH}` : undefined;
}
