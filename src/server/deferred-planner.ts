/**
 * A planner loaded on first use (or when warmed in the background), so that a model planner's
 * load time never delays the server's first answers: MCP hosts time out slow starts.
 */
import type { PlanContext, PlanResult, Planner } from "../planner/types.js";

export class DeferredPlanner implements Planner {
  private loading: Promise<Planner> | undefined;

  constructor(
    /** Shown until the real planner is loaded, e.g. "auto". */
    readonly name: string,
    private readonly load: () => Promise<Planner>,
  ) {}

  /** Starts loading without waiting; a failure is reported by the first plan() instead. */
  warm(): void {
    this.loaded().catch(() => {});
  }

  async plan(text: string, ctx: PlanContext): Promise<PlanResult> {
    return (await this.loaded()).plan(text, ctx);
  }

  async close(): Promise<void> {
    if (!this.loading) return;
    const planner = await this.loading.catch(() => undefined);
    await planner?.close?.();
  }

  private loaded(): Promise<Planner> {
    this.loading ??= this.load();
    return this.loading;
  }
}
