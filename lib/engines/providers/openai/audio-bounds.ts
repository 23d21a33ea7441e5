/**
 * What bounds an audio transcription or translation before the call (multipart forms):
 * - token-priced models (gpt-4o-transcribe, gpt-4o-mini-transcribe): the audio tokens of a file are
 *   fewer than its bytes (compressed speech runs at kilobytes per second, the models at a few dozen
 *   tokens per second), so the file's size bounds them; the transcript is bounded by the default
 *   output bound. The answer's `usage` (`type: "tokens"`) settles it; a `response_format` other than
 *   `json` carries no usage, so it is refused on capped grants.
 * - per-second models (whisper-1, billed per second of audio): the file's duration from its header
 *   (audio-duration.ts) is the input bound, counted in seconds; a file whose duration the header does
 *   not state is refused on capped grants. The answer's `usage` (`type: "duration"`) or `duration`
 *   settles it, else the header's duration.
 */
import { VaultError } from "@/lib/foundation/errors/vault-error";
import type { Body } from "@/lib/engines/providers/body-paths";
import { CAPPED, unsupported, type Refusal } from "@/lib/engines/providers/cost-bounds";
import type { BodyFacts, ProviderRequest, RequestFile } from "@/lib/engines/providers/types";
import { audioDurationSeconds } from "@/lib/engines/providers/openai/audio-duration";

const PER_SECOND = /^whisper/;
const JSON_FORMATS = new Set(["json", "verbose_json", "diarized_json"]);

function modelOf(body: Body): string | null {
  return typeof body.model === "string" ? body.model : null;
}

function audioFile(files: readonly RequestFile[] | undefined): RequestFile | undefined {
  return files?.find((f) => f.field === "file");
}

/** Whole seconds of the uploaded audio (rounded up), or null when its header does not say. */
function fileSeconds(request: ProviderRequest): number | null {
  const file = audioFile(request.files);
  const seconds = file ? audioDurationSeconds(file.bytes) : null;
  return seconds === null ? null : Math.ceil(seconds);
}

export function transcriptionFacts(request: ProviderRequest): BodyFacts {
  const model = modelOf(request.body);
  const perSecond = model !== null && PER_SECOND.test(model);
  const seconds = perSecond ? fileSeconds(request) : null;
  const fileBytes = (request.files ?? []).reduce((n, f) => n + f.bytes.length, 0);
  return {
    model,
    stream: request.body.stream === "true",
    maxOutputTokens: null,
    outputLimitFields: [],
    outputMultiplier: 1,
    attachmentTokens: perSecond ? 0 : fileBytes,
    ...(seconds !== null ? { knownInputTokens: seconds } : {}),
    clientWantsStreamUsage: false,
    reasoning: false,
  };
}

export function transcriptionRefusal(request: ProviderRequest): Refusal {
  const model = modelOf(request.body);
  if (model !== null && PER_SECOND.test(model)) {
    if (fileSeconds(request) !== null) return null;
    return new VaultError(
      "model_not_priced",
      `${model.slice(0, 60)} is billed per second of audio, and the duration of this file cannot be read from its header (WAV and FLAC can), so it is not available ${CAPPED}.`,
      { field: "file" },
    );
  }
  const format = request.body.response_format;
  if (typeof format === "string" && !JSON_FORMATS.has(format))
    return unsupported("response_format", `A \`response_format\` of "${format.slice(0, 20)}" (its answer carries no usage)`);
  return null;
}
