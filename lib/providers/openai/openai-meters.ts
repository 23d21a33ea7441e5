/**
 * Usage meters for OpenAI-style responses, streamed or not. Usage objects overwrite (the last one
 * wins: some compatible providers repeat a cumulative usage on every chunk); an explicit zero is
 * zero, a missing usage is unknown. An `error` object in a chunk or body marks the call as failed.
 */
import type { SseEvent } from "@/lib/sse/parse-sse-event";
import type { MeterResult, TokenUsage, UsageMeter } from "@/lib/providers/types";
import { chatUsage, isUsageObject, responsesUsage } from "@/lib/providers/openai/openai-usage";

type Obj = Record<string, any>;

function textLength(value: unknown): number {
  return typeof value === "string" ? value.length : 0;
}

abstract class Meter implements UsageMeter {
  protected usage: TokenUsage | null = null;
  protected failed = false;
  protected chars = 0;
  abstract onEvent(event: SseEvent, json: unknown): void;
  abstract onBody(json: unknown): void;
  result(): MeterResult {
    return { usage: this.usage, complete: this.usage !== null, failed: this.failed, outputChars: this.chars };
  }
}

/** chat/completions, completions and embeddings: `usage` with prompt/completion tokens. */
export class ChatMeter extends Meter {
  onEvent(_event: SseEvent, json: unknown): void {
    const chunk = json as Obj | null;
    if (!chunk || typeof chunk !== "object") return;
    if (chunk.error) this.failed = true;
    if (Array.isArray(chunk.choices)) {
      for (const choice of chunk.choices as Obj[]) {
        const delta = choice?.delta ?? {};
        this.chars += textLength(delta.content) + textLength(delta.reasoning_content) + textLength(delta.reasoning) + textLength(choice?.text);
        if (Array.isArray(delta.tool_calls)) for (const call of delta.tool_calls) this.chars += textLength(call?.function?.arguments);
      }
    }
    const usage = isUsageObject(chunk.usage) ? chunk.usage : isUsageObject(chunk.x_groq?.usage) ? chunk.x_groq.usage : null;
    if (usage) this.usage = chatUsage(usage);
  }

  onBody(json: unknown): void {
    const body = json as Obj | null;
    if (!body || typeof body !== "object") return;
    if (body.error) this.failed = true;
    if (Array.isArray(body.choices)) {
      for (const choice of body.choices as Obj[]) this.chars += textLength(choice?.message?.content) + textLength(choice?.text);
    }
    if (isUsageObject(body.usage)) this.usage = chatUsage(body.usage);
  }
}

const RESPONSE_FINAL_EVENTS = new Set(["response.completed", "response.incomplete", "response.failed"]);

/** The Responses API: usage on the final response (`response.completed` and friends). */
export class ResponsesMeter extends Meter {
  onEvent(event: SseEvent, json: unknown): void {
    const data = json as Obj | null;
    if (!data || typeof data !== "object") return;
    const type = typeof data.type === "string" ? data.type : event.event;
    if (type === "error" || type === "response.failed") this.failed = true;
    if (type.endsWith(".delta")) this.chars += textLength(data.delta);
    if (RESPONSE_FINAL_EVENTS.has(type) && isUsageObject(data.response?.usage)) this.usage = responsesUsage(data.response.usage);
  }

  onBody(json: unknown): void {
    const body = json as Obj | null;
    if (!body || typeof body !== "object") return;
    if (body.error || body.status === "failed") this.failed = true;
    if (isUsageObject(body.usage)) this.usage = responsesUsage(body.usage);
  }
}
