/**
 * Usage of the Messages API. `message_start.message.usage` carries the input side (input_tokens
 * excludes cache reads and cache writes, which are billed at their own rates; `cache_creation`
 * splits writes into 5-minute and 1-hour TTLs). `message_delta.usage` counters are cumulative
 * totals: each one present OVERWRITES the value so far, never adds. The usage is final once a
 * message_delta arrived; a stream cut before that has exact input counts and a partial output.
 */
import type { SseEvent } from "@/lib/foundation/sse/parse-sse-event";
import { BaseMeter } from "@/lib/engines/providers/base-meter";
import type { TokenUsage } from "@/lib/engines/providers/types";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- provider JSON, read defensively field by field
type Obj = Record<string, any>;

type Counters = {
  input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
  ephemeral_1h_input_tokens: number;
  output_tokens: number;
};

const FIELDS = ["input_tokens", "cache_read_input_tokens", "cache_creation_input_tokens", "output_tokens"] as const;

function overwrite(counters: Counters, usage: unknown): void {
  if (!usage || typeof usage !== "object") return;
  const u = usage as Obj;
  for (const field of FIELDS) {
    if (typeof u[field] === "number" && u[field] >= 0) counters[field] = Math.floor(u[field]);
  }
  const oneHour = u.cache_creation?.ephemeral_1h_input_tokens;
  if (typeof oneHour === "number" && oneHour >= 0) counters.ephemeral_1h_input_tokens = Math.floor(oneHour);
}

function anthropicUsage(c: Counters): TokenUsage {
  return {
    inputTokens: c.input_tokens + c.cache_read_input_tokens + c.cache_creation_input_tokens,
    outputTokens: c.output_tokens,
    cacheReadTokens: c.cache_read_input_tokens,
    cacheWriteTokens: c.cache_creation_input_tokens,
    cacheWrite1hTokens: Math.min(c.ephemeral_1h_input_tokens, c.cache_creation_input_tokens),
    reasoningTokens: 0,
  };
}

export class MessagesMeter extends BaseMeter {
  private counters: Counters | null = null;

  protected currentUsage(): TokenUsage | null {
    return this.counters ? anthropicUsage(this.counters) : null;
  }

  private counts(): Counters {
    return (this.counters ??= {
      input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
      ephemeral_1h_input_tokens: 0,
      output_tokens: 0,
    });
  }

  onEvent(event: SseEvent, json: unknown): void {
    const data = json as Obj | null;
    if (!data || typeof data !== "object") return;
    const type = typeof data.type === "string" ? data.type : event.event;
    if (type === "message_start") overwrite(this.counts(), data.message?.usage);
    else if (type === "message_delta") {
      overwrite(this.counts(), data.usage);
      this.final = true;
    } else if (type === "content_block_delta") {
      const delta = data.delta ?? {};
      // Thinking is streamed summarized (and billed in full): once it shows, the output of a cut
      // stream cannot be estimated from what was seen.
      if (typeof delta.thinking === "string" || delta.type === "thinking_delta" || delta.type === "signature_delta") this.reasoning = true;
      this.chars += [delta.text, delta.partial_json, delta.thinking].reduce((n, v) => n + (typeof v === "string" ? v.length : 0), 0);
    } else if (type === "error") this.failed = true;
  }

  onBody(json: unknown): void {
    const body = json as Obj | null;
    if (!body || typeof body !== "object") return;
    if (body.type === "error") this.failed = true;
    if (Array.isArray(body.content)) {
      for (const block of body.content) this.chars += typeof block?.text === "string" ? block.text.length : 0;
    }
    if (body.usage && typeof body.usage === "object") {
      overwrite(this.counts(), body.usage);
      this.final = true;
    }
  }
}
