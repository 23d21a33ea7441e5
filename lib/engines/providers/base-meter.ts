/**
 * What every usage meter tracks besides the usage itself: whether the usage is final, whether the
 * provider signalled an error, the generated characters seen (for an estimate), whether reasoning
 * went by, and whether an event was lost. Provider meters add how they read usage.
 */
import type { SseEvent } from "@/lib/foundation/sse/parse-sse-event";
import type { MeterResult, TokenUsage, UsageMeter } from "@/lib/engines/providers/types";

export abstract class BaseMeter implements UsageMeter {
  protected final = false;
  protected failed = false;
  protected chars = 0;
  protected reasoning = false;
  protected lost = false;

  abstract onEvent(event: SseEvent, json: unknown): void;
  abstract onBody(json: unknown): void;
  /** The usage reported so far (null: none yet). */
  protected abstract currentUsage(): TokenUsage | null;

  onLostEvent(): void {
    this.lost = true;
  }

  result(): MeterResult {
    const usage = this.currentUsage();
    return {
      usage,
      complete: this.final && usage !== null,
      failed: this.failed,
      outputChars: this.chars,
      sawReasoning: this.reasoning,
      lostEvents: this.lost,
    };
  }
}
