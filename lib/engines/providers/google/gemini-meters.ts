/**
 * Usage meters for Gemini's native responses. A stream (SSE with `alt=sse`, or a JSON array) is a
 * sequence of GenerateContentResponse chunks; each may carry a `usageMetadata`, and the last one
 * that has it wins (counts are running totals, never added up). The usage is final once a chunk with
 * usage also ends a candidate (`finishReason`) or reports a blocked prompt: a stream cut before that
 * is estimated, with the counts seen so far as a floor. Thought parts (`thought: true`) mean hidden
 * reasoning: a cut stream of them cannot be estimated from its text. An `error` object in a chunk
 * or body is a failed call. Embeddings report no usage: they are estimated from the request's input
 * bound (lib/domain/spend/charge-for.ts), unless a `usageMetadata` is present.
 */
import type { SseEvent } from "@/lib/foundation/sse/parse-sse-event";
import { BaseMeter } from "@/lib/engines/providers/base-meter";
import type { TokenUsage } from "@/lib/engines/providers/types";
import { geminiUsage, isUsageMetadata } from "@/lib/engines/providers/google/gemini-usage";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- provider JSON, read defensively field by field
type Obj = Record<string, any>;

function textLength(value: unknown): number {
  return typeof value === "string" ? value.length : 0;
}

abstract class UsageMetadataMeter extends BaseMeter {
  protected usage: TokenUsage | null = null;
  protected currentUsage(): TokenUsage | null {
    return this.usage;
  }
}

/** generateContent and streamGenerateContent. */
export class GenerateMeter extends UsageMetadataMeter {
  private ended = false;

  /** One response or chunk; returns whether it ends the answer. */
  private read(chunk: Obj): boolean {
    if (chunk.error) this.failed = true;
    let ended = typeof chunk.promptFeedback?.blockReason === "string";
    const candidates: Obj[] = Array.isArray(chunk.candidates) ? chunk.candidates : [];
    for (const candidate of candidates) {
      if (typeof candidate?.finishReason === "string") ended = true;
      const parts: Obj[] = Array.isArray(candidate?.content?.parts) ? candidate.content.parts : [];
      for (const part of parts) {
        if (part?.thought === true || typeof part?.thoughtSignature === "string") this.reasoning = true;
        this.chars += textLength(part?.text);
        if (part?.functionCall) this.chars += JSON.stringify(part.functionCall.args ?? {}).length;
      }
    }
    if (isUsageMetadata(chunk.usageMetadata)) this.usage = geminiUsage(chunk.usageMetadata);
    return ended;
  }

  onEvent(_event: SseEvent, json: unknown): void {
    if (!json || typeof json !== "object" || Array.isArray(json)) return;
    if (this.read(json as Obj)) this.ended = true;
    // usage after (or with) the chunk that ended the answer is final; a running total before it is not
    if (isUsageMetadata((json as Obj).usageMetadata)) this.final = this.ended;
  }

  onBody(json: unknown): void {
    if (!json || typeof json !== "object" || Array.isArray(json)) return;
    this.read(json as Obj);
    this.final = this.usage !== null;
  }
}

/** embedContent and batchEmbedContents: no usage in the answer (estimated), unless it carries a `usageMetadata`. */
export class EmbedMeter extends UsageMetadataMeter {
  onEvent(): void {}

  onBody(json: unknown): void {
    const body = json as Obj | null;
    if (!body || typeof body !== "object") return;
    if (body.error) this.failed = true;
    if (isUsageMetadata(body.usageMetadata)) {
      this.usage = geminiUsage(body.usageMetadata);
      this.final = true;
    }
  }
}
