/**
 * Usage meters for OpenAI-style responses, streamed or not. Usage objects overwrite (the last one
 * wins: some compatible providers repeat a cumulative usage on every chunk); an explicit zero is
 * zero, a missing usage is unknown. A streamed usage is final only on the stream's last chunk (the
 * usage-only chunk with no choices, a chunk whose every choice has finished, or `[DONE]` after a
 * usage): a stream cut after a running total is estimated, with that total as a floor. An `error`
 * object in a chunk or body marks the call as failed. A provider's own places for usage come from its
 * registry row (ChatUsageQuirks).
 */
import type { SseEvent } from "@/lib/foundation/sse/parse-sse-event";
import { BaseMeter } from "@/lib/engines/providers/base-meter";
import { valueAt } from "@/lib/engines/providers/body-paths";
import type { TokenUsage } from "@/lib/engines/providers/types";
import {
  chatUsage,
  imagesUsage,
  isUsageObject,
  responsesUsage,
  secondsUsage,
  speechUsage,
  transcriptionUsage,
} from "@/lib/engines/providers/openai/openai-usage";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- provider JSON, read defensively field by field
type Obj = Record<string, any>;

function textLength(value: unknown): number {
  return typeof value === "string" ? value.length : 0;
}

/** OpenAI-style usage objects overwrite: the last one wins. */
abstract class Meter extends BaseMeter {
  protected usage: TokenUsage | null = null;
  protected currentUsage(): TokenUsage | null {
    return this.usage;
  }
}

/** Where a provider's chat usage differs from OpenAI's (its registry row). */
export type ChatUsageQuirks = {
  /** Dotted paths besides `usage` where stream chunks carry usage (Groq: `x_groq.usage`). */
  readonly streamUsagePaths: readonly string[];
  /** Usage fields that count cache reads besides `prompt_tokens_details.cached_tokens`. */
  readonly cacheReadFields: readonly string[];
};

const NO_QUIRKS: ChatUsageQuirks = { streamUsagePaths: [], cacheReadFields: [] };

/** chat/completions, completions and embeddings: `usage` with prompt/completion tokens. */
export class ChatMeter extends Meter {
  constructor(private readonly quirks: ChatUsageQuirks = NO_QUIRKS) {
    super();
  }

  private chunkUsage(chunk: Obj): Obj | null {
    if (isUsageObject(chunk.usage)) return chunk.usage;
    for (const path of this.quirks.streamUsagePaths) {
      const usage = valueAt(chunk, path);
      if (isUsageObject(usage)) return usage;
    }
    return null;
  }

  onEvent(event: SseEvent, json: unknown): void {
    if (event.data === "[DONE]") {
      this.final = this.usage !== null;
      return;
    }
    const chunk = json as Obj | null;
    if (!chunk || typeof chunk !== "object") return;
    if (chunk.error) this.failed = true;
    const choices: Obj[] = Array.isArray(chunk.choices) ? chunk.choices : [];
    for (const choice of choices) {
      const delta = choice?.delta ?? {};
      const thought = textLength(delta.reasoning_content) + textLength(delta.reasoning);
      if (thought > 0) this.reasoning = true;
      this.chars += textLength(delta.content) + thought + textLength(choice?.text);
      if (Array.isArray(delta.tool_calls)) for (const call of delta.tool_calls) this.chars += textLength(call?.function?.arguments);
    }
    const usage = this.chunkUsage(chunk);
    if (usage) {
      this.usage = chatUsage(usage, this.quirks.cacheReadFields);
      this.final = choices.every((c) => c?.finish_reason !== null && c?.finish_reason !== undefined);
    }
  }

  onBody(json: unknown): void {
    const body = json as Obj | null;
    if (!body || typeof body !== "object") return;
    if (body.error) this.failed = true;
    if (Array.isArray(body.choices)) {
      for (const choice of body.choices as Obj[]) {
        if (textLength(choice?.message?.reasoning_content) + textLength(choice?.message?.reasoning) > 0) this.reasoning = true;
        this.chars += textLength(choice?.message?.content) + textLength(choice?.text);
      }
    }
    if (isUsageObject(body.usage)) {
      this.usage = chatUsage(body.usage, this.quirks.cacheReadFields);
      this.final = true;
    }
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
    if (type.startsWith("response.reasoning")) this.reasoning = true;
    if (RESPONSE_FINAL_EVENTS.has(type) && isUsageObject(data.response?.usage)) {
      this.usage = responsesUsage(data.response.usage);
      this.final = true;
    }
  }

  onBody(json: unknown): void {
    const body = json as Obj | null;
    if (!body || typeof body !== "object") return;
    if (body.error || body.status === "failed") this.failed = true;
    if (isUsageObject(body.usage)) {
      this.usage = responsesUsage(body.usage);
      this.final = true;
    }
  }
}

/**
 * The Images API (gpt-image models): `usage` on the whole body, or, streamed, on the
 * `image_generation.completed` / `image_edit.completed` event. Partial images are not text: a cut
 * stream is charged its reservation (the request's facts say its output cannot be estimated).
 */
export class ImagesMeter extends Meter {
  private read(data: Obj): void {
    if (data.error || data.type === "error") this.failed = true;
    if (isUsageObject(data.usage)) {
      this.usage = imagesUsage(data.usage);
      this.final = true;
    }
  }

  onEvent(event: SseEvent, json: unknown): void {
    const data = json as Obj | null;
    if (!data || typeof data !== "object") return;
    const type = typeof data.type === "string" ? data.type : event.event;
    if (type === "error") this.failed = true;
    if (type.endsWith(".completed")) this.read(data);
  }

  onBody(json: unknown): void {
    const body = json as Obj | null;
    if (body && typeof body === "object") this.read(body);
  }
}

/**
 * Transcriptions and translations: `usage` on the body (or on the stream's `transcript.text.done`
 * event); a per-second model's verbose answer without `usage` says its `duration`.
 */
export class TranscriptionMeter extends Meter {
  private read(data: Obj): void {
    if (data.error || data.type === "error") this.failed = true;
    if (typeof data.text === "string") this.chars += data.text.length;
    if (isUsageObject(data.usage)) this.usage = transcriptionUsage(data.usage);
    else if (typeof data.duration === "number") this.usage = secondsUsage(data.duration);
    if (this.usage) this.final = true;
  }

  onEvent(event: SseEvent, json: unknown): void {
    const data = json as Obj | null;
    if (!data || typeof data !== "object") return;
    const type = typeof data.type === "string" ? data.type : event.event;
    if (type === "error") this.failed = true;
    if (type.endsWith(".delta")) this.chars += textLength(data.delta);
    if (type === "transcript.text.done" && isUsageObject(data.usage)) {
      this.usage = transcriptionUsage(data.usage);
      this.final = true;
    }
  }

  onBody(json: unknown): void {
    const body = json as Obj | null;
    if (body && typeof body === "object") this.read(body);
  }
}

/** Text to speech: usage only on a streamed answer's `speech.audio.done` event (audio bytes carry none). */
export class SpeechMeter extends Meter {
  onEvent(event: SseEvent, json: unknown): void {
    const data = json as Obj | null;
    if (!data || typeof data !== "object") return;
    const type = typeof data.type === "string" ? data.type : event.event;
    if (type === "error") this.failed = true;
    if (type === "speech.audio.done" && isUsageObject(data.usage)) {
      this.usage = speechUsage(data.usage);
      this.final = true;
    }
  }

  onBody(json: unknown): void {
    const body = json as Obj | null;
    if (body && typeof body === "object" && body.error) this.failed = true;
  }
}
