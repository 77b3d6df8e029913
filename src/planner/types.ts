/** The planner contract: free text → a proposed, not yet compiled, tool call (or a decline). */

export interface PlanContext {
  /** Relative times ("last 24 hours") resolve against this instant. */
  now: Date;
}

export type PlanResult =
  | { decision: "call"; operation: string; arguments: Record<string, unknown>; reason?: string }
  | { decision: "decline"; reason: string };

export interface Planner {
  /** "rules" or "model:<file name>" — written into plan records as `planner`. */
  readonly name: string;
  plan(text: string, ctx: PlanContext): Promise<PlanResult>;
  /** Frees native resources (model contexts). */
  close?(): Promise<void>;
}
