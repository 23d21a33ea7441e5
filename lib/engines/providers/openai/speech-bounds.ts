/**
 * The bound of a text-to-speech call (audio/speech) for token-priced models (gpt-4o-mini-tts: text
 * input and audio output tokens), from its input length: speech runs at about 15 characters and 21
 * audio tokens a second, so 10 audio tokens per character of `input` leave room for speech at a
 * fifth of its usual pace, divided by `speed` when it slows it down. The answer is audio bytes with
 * no usage (unless `stream_format: "sse"` is asked for, whose `speech.audio.done` event carries
 * it): such an answer is charged at the bound, flagged estimated. Models priced per character
 * (tts-1, tts-1-hd) are not in the catalogue: refused on capped grants for want of a price.
 */
import { VaultError } from "@/lib/foundation/errors/vault-error";
import type { Body } from "@/lib/engines/providers/body-paths";
import type { BodyFacts, ProviderRequest } from "@/lib/engines/providers/types";

export const AUDIO_TOKENS_PER_CHARACTER = 10;

function speed(body: Body): number {
  const value = body.speed;
  if (value === undefined || value === null) return 1;
  if (typeof value === "number" && Number.isFinite(value) && value >= 0.25 && value <= 4) return value;
  throw new VaultError("invalid_request", "`speed` must be a number from 0.25 to 4.", { field: "speed" });
}

export function speechOutputBound(body: Body): number {
  const input = typeof body.input === "string" ? body.input.length : 0;
  return Math.ceil((Math.max(1, input) * AUDIO_TOKENS_PER_CHARACTER) / Math.min(1, speed(body)));
}

export function speechFacts(request: ProviderRequest): BodyFacts {
  const { body } = request;
  return {
    model: typeof body.model === "string" ? body.model : null,
    stream: body.stream_format === "sse",
    maxOutputTokens: speechOutputBound(body),
    outputLimitFields: [],
    outputMultiplier: 1,
    attachmentTokens: 0,
    clientWantsStreamUsage: false,
    // audio is generated whole whatever reached the client, and its bytes are not text
    reasoning: true,
    outputUnseen: true,
  };
}
