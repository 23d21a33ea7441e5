/**
 * OpenAI transcriptions and translations under caps: the duration of WAV and FLAC uploads read from
 * their headers (other formats unknown), per-second models (whisper-1) bounded by it and refused on
 * capped grants without it, token models bounded by the file's size, their usage (`type: "tokens"`
 * with audio input tokens, `type: "duration"` in seconds) priced to the micro-dollar.
 */
import { describe, expect, it } from "vitest";
import { cataloguePrice } from "@/lib/engines/pricing/catalogue-price";
import { computeCostMicros, maxCostMicros } from "@/lib/engines/pricing/compute-cost";
import { adapterFor } from "@/lib/engines/providers/adapter-for";
import { withInputBound } from "@/lib/engines/providers/read-request-facts";
import { audioDurationSeconds } from "@/lib/engines/providers/openai/audio-duration";
import { speechUsage, transcriptionUsage } from "@/lib/engines/providers/openai/openai-usage";
import { estimateUsage } from "@/lib/domain/spend/estimate-usage";
import { NOTHING_METERED } from "@/lib/domain/spend/request-ending";
import { fixtureJson } from "@/test/support/fixtures";
import { providerRequest } from "@/test/support/provider-request";

/** A PCM WAV of `seconds` of silence (16 kHz mono 16-bit: 32,000 bytes per second). */
function wav(seconds: number): Buffer {
  const data = Buffer.alloc(Math.round(seconds * 32_000));
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "latin1");
  header.writeUInt32LE(36 + data.length, 4);
  header.write("WAVEfmt ", 8, "latin1");
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(16_000, 24); // sample rate
  header.writeUInt32LE(32_000, 28); // byte rate
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write("data", 36, "latin1");
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** A FLAC header whose STREAMINFO says `samples` at 44.1 kHz. */
function flac(samples: number): Buffer {
  const b = Buffer.alloc(42);
  b.write("fLaC", 0, "latin1");
  b[4] = 0x80; // last metadata block, type 0 (STREAMINFO)
  b.writeUIntBE(34, 5, 3);
  const info = 8;
  const rate = 44_100;
  b[info + 10] = (rate >> 12) & 0xff;
  b[info + 11] = (rate >> 4) & 0xff;
  b[info + 12] = ((rate & 0x0f) << 4) | (1 << 1); // stereo
  b[info + 13] = (15 << 4) | Math.floor(samples / 2 ** 32); // 16 bits per sample
  b.writeUInt32BE(samples % 2 ** 32, info + 14);
  return b;
}

const openai = adapterFor("openai");

function request(fields: Record<string, string>, file: Buffer, path = "audio/transcriptions") {
  return { ...providerRequest(openai, path, fields), files: [{ field: "file", name: "a.wav", type: "audio/wav", bytes: file }] };
}

describe("the duration of an upload", () => {
  it("is read from WAV and FLAC headers, and unknown for anything else", () => {
    expect(audioDurationSeconds(wav(2.5))).toBe(2.5);
    expect(audioDurationSeconds(flac(44_100 * 90))).toBe(90);
    expect(audioDurationSeconds(Buffer.from("ID3\u0004\u0000\u0000\u0000\u0000\u0000\u0000", "latin1"))).toBeNull(); // MP3
    expect(audioDurationSeconds(Buffer.from("RIFF\u0000\u0000\u0000\u0000WAVE", "latin1"))).toBeNull(); // no chunks
    expect(audioDurationSeconds(Buffer.alloc(0))).toBeNull();
  });
});

describe("transcriptions on a capped grant", () => {
  it("bound a per-second model by the file's duration in seconds, and refuse it when the header does not say", () => {
    const ok = request({ model: "whisper-1" }, wav(2.2));
    const facts = withInputBound(openai.requestFacts(ok), 100);
    expect(facts).toMatchObject({ model: "whisper-1", knownInputTokens: 3, inputTokensBound: 3 });
    expect(openai.refusal(ok, true)).toBeNull();
    const price = cataloguePrice("openai", "whisper-1")!;
    expect(maxCostMicros(price, facts.inputTokensBound, 16_384)).toBe(300n); // 3 s at $0.006 a minute
    const mp3 = request({ model: "whisper-1" }, Buffer.from("ID3\u0004\u0000", "latin1"));
    expect(openai.refusal(mp3, true)).toMatchObject({ code: "model_not_priced", field: "file" });
    expect(openai.refusal(mp3, false)).toBeNull();
    expect(openai.refusal(request({ model: "whisper-1" }, Buffer.alloc(3), "audio/translations"), true)).toMatchObject({
      code: "model_not_priced",
    });
  });

  it("bound a token model by the file's size, and refuse an answer format without usage", () => {
    const file = Buffer.alloc(48_000);
    const facts = withInputBound(openai.requestFacts(request({ model: "gpt-4o-transcribe", prompt: "names" }, file)), 20);
    expect(facts).toMatchObject({ attachmentTokens: 48_000, inputTokensBound: 48_020, maxOutputTokens: null });
    expect(openai.refusal(request({ model: "gpt-4o-transcribe", response_format: "json" }, file), true)).toBeNull();
    expect(openai.refusal(request({ model: "gpt-4o-transcribe", response_format: "text" }, file), true)).toMatchObject({
      code: "unsupported_parameter",
      field: "response_format",
    });
  });
});

describe("the usage of a transcription", () => {
  it("prices audio input tokens at the audio rate (gpt-4o-transcribe: $6/M audio, $10/M output)", () => {
    const usage = transcriptionUsage(fixtureJson("openai/transcription.json").usage);
    expect(usage).toMatchObject({ inputTokens: 14, inputAudioTokens: 14, outputTokens: 45 });
    expect(computeCostMicros(cataloguePrice("openai", "gpt-4o-transcribe")!, usage)).toBe(534n); // 14 x 6 + 45 x 10
  });

  it("prices a per-second model's seconds (whisper-1: $0.006 a minute = 100 µ$ a second)", () => {
    const usage = transcriptionUsage(fixtureJson("openai/transcription-whisper.json").usage);
    expect(usage).toMatchObject({ inputTokens: 3, inputAudioTokens: 3, outputTokens: 0 });
    expect(computeCostMicros(cataloguePrice("openai", "whisper-1")!, usage)).toBe(300n);
    expect(computeCostMicros(cataloguePrice("openai", "whisper-1")!, transcriptionUsage({ type: "duration", seconds: 61.2 }))).toBe(6_200n);
  });

  it("is read from the body, or from a verbose answer's duration", () => {
    const endpoint = openai.endpoint("POST", "audio/transcriptions")!;
    const meter = openai.newMeter(endpoint);
    meter.onBody({ task: "transcribe", language: "english", duration: 8.47, text: "The beach was a popular spot." });
    expect(meter.result()).toMatchObject({ complete: true, usage: { inputTokens: 9, inputAudioTokens: 9 } });
  });
});

describe("text to speech", () => {
  const speech = (body: Record<string, unknown>) => openai.requestFacts(providerRequest(openai, "audio/speech", body));

  it("is bounded by the input's length, more when slowed down", () => {
    const input = "Today is a wonderful day to build something people love!"; // 56 characters
    expect(speech({ model: "gpt-4o-mini-tts", voice: "coral", input })).toMatchObject({ maxOutputTokens: 560, stream: false });
    expect(speech({ model: "gpt-4o-mini-tts", voice: "coral", input, speed: 0.5 }).maxOutputTokens).toBe(1120);
    expect(speech({ model: "gpt-4o-mini-tts", voice: "coral", input, speed: 2 }).maxOutputTokens).toBe(560);
    expect(speech({ model: "gpt-4o-mini-tts", voice: "coral", input, stream_format: "sse" }).stream).toBe(true);
  });

  it("charges an answer without usage (audio bytes) at the bound, and a streamed one from its usage", () => {
    const facts = withInputBound(speech({ model: "gpt-4o-mini-tts", voice: "coral", input: "Hello there" }), 70);
    const usage = estimateUsage(facts, NOTHING_METERED, 70, true);
    expect(usage).toMatchObject({ inputTokens: 70, outputTokens: 110 });
    const price = cataloguePrice("openai", "gpt-4o-mini-tts")!;
    expect(computeCostMicros(price, usage)).toBe(1_362n); // 70 x 0.60 + 110 x 12
    const streamed = speechUsage({ input_tokens: 14, output_tokens: 101, total_tokens: 115 });
    expect(streamed).toMatchObject({ outputAudioTokens: 101 });
    expect(computeCostMicros(price, streamed)).toBe(1_221n); // 14 x 0.60 + 101 x 12 = 1220.4
  });
});
