/**
 * The official `openai` SDK's image calls through the vault on a capped grant, on SQLite and
 * PostgreSQL: images.generate and images.edit (a multipart form, parsed and re-serialized) for
 * gpt-image models, reserved before the call from n, size and quality, settled from the response's
 * usage with image tokens at their own rates and recorded as their own classes; per-image models
 * refused on capped grants; a reservation above the cap refused with 402. Audio: transcriptions by
 * token models (audio tokens from usage) and by whisper-1 (bounded by the WAV header's duration,
 * billed per second; an MP3 refused on a capped grant), text to speech bounded by its input (audio
 * bytes charged at the bound, a streamed answer from its usage), per-character models refused.
 */
import OpenAI, { toFile } from "openai";
import { afterAll, beforeAll, expect, it } from "vitest";
import { computeCostMicros, maxCostMicros } from "@/lib/engines/pricing/compute-cost";
import { cataloguePrice } from "@/lib/engines/pricing/catalogue-price";
import { describeEachDatabase } from "@/test/support/databases";
import { CANARY_KEY, type TestGrant } from "@/test/support/grants";
import { databaseDump, expectNoCanary, lastUsage, settledUsage, startProxyHarness, type ProxyHarness } from "@/test/support/proxy-harness";

/** A PCM WAV of `seconds` of silence (16 kHz mono 16-bit). */
function wav(seconds: number): Buffer {
  const data = Buffer.alloc(seconds * 32_000);
  const h = Buffer.alloc(44);
  h.write("RIFFxxxxWAVEfmt ", 0, "latin1");
  h.writeUInt32LE(36 + data.length, 4);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(16_000, 24);
  h.writeUInt32LE(32_000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write("data", 36, "latin1");
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000105fe0de0bc0000000049454e44ae426082",
  "hex",
);

type Row = Awaited<ReturnType<typeof lastUsage>>;

/** The cost of a usage row computed again from its recorded token classes alone. */
function recomputed(model: string, r: Row): bigint {
  return computeCostMicros(cataloguePrice("openai", model)!, {
    inputTokens: r.inputTokens,
    outputTokens: r.outputTokens,
    cacheReadTokens: r.cacheReadTokens,
    cacheWriteTokens: r.cacheWriteTokens,
    cacheWrite1hTokens: r.cacheWrite1hTokens,
    reasoningTokens: r.reasoningTokens,
    inputAudioTokens: r.inputAudioTokens,
    outputAudioTokens: r.outputAudioTokens,
    inputImageTokens: r.inputImageTokens,
    outputImageTokens: r.outputImageTokens,
  });
}

describeEachDatabase("OpenAI SDK image calls through the vault on $kind", (kind) => {
  let h: ProxyHarness;
  let grant: TestGrant;

  beforeAll(async () => {
    h = await startProxyHarness(kind);
    grant = await h.grants.create([{ provider: "openai", capabilities: ["images"], monthlyUsd: "5" }]);
  });
  afterAll(async () => {
    expect(await h.stop()).toBe(0);
    expectNoCanary(h.vault.output(), "vault logs");
  });

  async function holdOf(id: string) {
    return (await h.grants.holds(grant.scopeIds[0]!)).find((x) => x.id === id)!;
  }

  it("generates an image on a capped grant, reserved from size and quality, settled from usage at the image rates", async () => {
    h.fake.reset();
    const image = await h
      .openai(grant.token)
      .images.generate({ model: "gpt-image-1", prompt: "a lighthouse at dusk", quality: "high", size: "1024x1024" });
    expect(image.data?.[0]?.b64_json).toBeTruthy();
    const seen = h.fake.requests[0]!;
    expect(seen.path).toBe("/images/generations");
    expect(seen.headers.authorization).toBe(`Bearer ${CANARY_KEY}`);
    expect(seen.json()).toEqual({ model: "gpt-image-1", prompt: "a lighthouse at dusk", quality: "high", size: "1024x1024" });

    const usage = await lastUsage(h, grant.grantId);
    expect(usage).toMatchObject({
      endpoint: "images/generations",
      model: "gpt-image-1",
      outcome: "ok",
      inputTokens: 50,
      outputTokens: 4160,
      outputImageTokens: 4160,
      inputImageTokens: 0,
      costMicros: 166_650n, // 50 x $5/M + 4160 x $40/M
      estimated: false,
    });
    expect(usage.costMicros).toBe(recomputed("gpt-image-1", usage));
    // reserved before the call: the body's bytes at the dearest input rate, 4160 tokens at the output rate
    expect((await holdOf(usage.id)).amountMicros).toBe(maxCostMicros(cataloguePrice("openai", "gpt-image-1")!, seen.body.length, 4160));
  });

  it("reserves n images at the dearest size and quality when they are left to auto", async () => {
    h.fake.reset();
    await h.openai(grant.token).images.generate({ model: "gpt-image-1", prompt: "two cats", n: 2 });
    const usage = await lastUsage(h, grant.grantId);
    const bytes = h.fake.requests[0]!.body.length;
    expect((await holdOf(usage.id)).amountMicros).toBe(maxCostMicros(cataloguePrice("openai", "gpt-image-1")!, bytes, 2 * 6240));
  });

  it("edits an image: the form is re-serialized, the input images priced at the image input rate", async () => {
    h.fake.reset();
    const file = await toFile(PNG, "cat.png", { type: "image/png" });
    const edited = await h
      .openai(grant.token)
      .images.edit({ model: "gpt-image-1", image: file, prompt: "add a hat", quality: "medium", size: "1024x1024" });
    expect(edited.data?.[0]?.b64_json).toBeTruthy();
    const seen = h.fake.requests[0]!;
    expect(seen.path).toBe("/images/edits");
    const contentType = String(seen.headers["content-type"]);
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
    const form = await new Response(new Uint8Array(seen.body), { headers: { "content-type": contentType } }).formData();
    expect(form.get("model")).toBe("gpt-image-1");
    expect(form.get("prompt")).toBe("add a hat");
    const image = form.get("image") as File;
    expect(Buffer.from(await image.arrayBuffer()).equals(PNG)).toBe(true);
    expect(image.name).toBe("cat.png");

    const usage = await lastUsage(h, grant.grantId);
    expect(usage).toMatchObject({
      endpoint: "images/edits",
      inputTokens: 1210,
      inputImageTokens: 1194,
      outputImageTokens: 1056,
      costMicros: 54_260n, // 16 x 5 + 1194 x 10 + 1056 x 40 ($/M)
      estimated: false,
    });
    expect(usage.costMicros).toBe(recomputed("gpt-image-1", usage));
  });

  it("refuses per-image models and unknown sizes on a capped grant, before anything goes upstream", async () => {
    const before = h.fake.requests.length;
    for (const params of [
      { model: "dall-e-3", prompt: "x", size: "1024x1024" as const },
      { model: "gpt-image-1", prompt: "x", size: "256x256" as const },
    ]) {
      const error = await h
        .openai(grant.token)
        .images.generate(params)
        .catch((e) => e);
      expect(error).toBeInstanceOf(OpenAI.APIError);
      expect(error).toMatchObject({ status: 403, code: "model_not_priced" });
    }
    expect(h.fake.requests.length).toBe(before);
  });

  it("refuses with 402 an image whose reservation does not fit the cap", async () => {
    const small = await h.grants.create([{ provider: "openai", capabilities: ["images"], monthlyUsd: "0.10" }]);
    const error = await h
      .openai(small.token)
      .images.generate({ model: "gpt-image-1", prompt: "x", quality: "high", size: "1024x1024" })
      .catch((e) => e);
    expect(error).toMatchObject({ status: 402, code: "budget_exceeded" });
    const low = await h.openai(small.token).images.generate({ model: "gpt-image-1", prompt: "x", quality: "low", size: "1024x1024" });
    expect(low.data).toHaveLength(1); // 272 tokens fit; the provider's usage (4160) is charged in full
    expect(await lastUsage(h, small.grantId)).toMatchObject({ costMicros: 166_650n, outcome: "ok" });
  });

  it("leaves every hold settled and the ledger equal to the sum of the usage events", async () => {
    const events = await settledUsage(h, grant.grantId);
    const total = events.reduce((sum, e) => sum + e.costMicros, 0n);
    for (const w of await h.grants.windows(grant.scopeIds[0]!)) expect(w).toMatchObject({ committedMicros: total, heldMicros: 0n });
  });

  it("never shows the canary key or a token in a response, a log line or the database", async () => {
    expectNoCanary(h.transcript.join("\n"), "responses");
    expectNoCanary(await databaseDump(h), "database");
  });
});

describeEachDatabase("OpenAI SDK audio calls through the vault on $kind", (kind) => {
  let h: ProxyHarness;
  let grant: TestGrant;

  beforeAll(async () => {
    h = await startProxyHarness(kind);
    grant = await h.grants.create([{ provider: "openai", capabilities: ["audio"], monthlyUsd: "5" }]);
  });
  afterAll(async () => {
    expect(await h.stop()).toBe(0);
    expectNoCanary(h.vault.output(), "vault logs");
  });

  const holdOf = async (id: string) => (await h.grants.holds(grant.scopeIds[0]!)).find((x) => x.id === id)!;

  it("transcribes with a token model: audio input tokens at the audio rate, recorded as their own class", async () => {
    h.fake.reset();
    const file = await toFile(wav(2), "speech.wav", { type: "audio/wav" });
    const result = await h.openai(grant.token).audio.transcriptions.create({ model: "gpt-4o-transcribe", file });
    expect(result.text).toContain("wildest idea");
    const form = await new Response(new Uint8Array(h.fake.requests[0]!.body), {
      headers: { "content-type": String(h.fake.requests[0]!.headers["content-type"]) },
    }).formData();
    expect(form.get("model")).toBe("gpt-4o-transcribe");
    expect((form.get("file") as File).size).toBe(wav(2).length);
    const usage = await lastUsage(h, grant.grantId);
    expect(usage).toMatchObject({
      endpoint: "audio/transcriptions",
      inputTokens: 14,
      inputAudioTokens: 14,
      outputTokens: 45,
      costMicros: 534n, // 14 x $6/M audio + 45 x $10/M
      estimated: false,
    });
    expect(usage.costMicros).toBe(recomputed("gpt-4o-transcribe", usage));
  });

  it("transcribes with whisper-1, reserved for the WAV header's duration and billed per second", async () => {
    h.fake.reset();
    const file = await toFile(wav(3), "speech.wav", { type: "audio/wav" });
    await h.openai(grant.token).audio.transcriptions.create({ model: "whisper-1", file });
    const usage = await lastUsage(h, grant.grantId);
    expect(usage).toMatchObject({ model: "whisper-1", inputTokens: 3, inputAudioTokens: 3, costMicros: 300n, estimated: false });
    expect(usage.costMicros).toBe(recomputed("whisper-1", usage));
    expect((await holdOf(usage.id)).amountMicros).toBe(300n); // 3 s at $0.006 a minute
  });

  it("refuses whisper-1 on a capped grant when the file's duration cannot be read, and per-character speech models", async () => {
    const before = h.fake.requests.length;
    const mp3 = await toFile(Buffer.from("494433040000000000235453534500000000", "hex"), "speech.mp3", { type: "audio/mpeg" });
    const error = await h
      .openai(grant.token)
      .audio.transcriptions.create({ model: "whisper-1", file: mp3 })
      .catch((e) => e);
    expect(error).toMatchObject({ status: 403, code: "model_not_priced" });
    const tts = await h
      .openai(grant.token)
      .audio.speech.create({ model: "tts-1", voice: "alloy", input: "hi" })
      .catch((e) => e);
    expect(tts).toMatchObject({ status: 403, code: "model_not_priced" });
    expect(h.fake.requests.length).toBe(before);
  });

  it("speaks: audio bytes without usage are charged at the input's bound, flagged estimated", async () => {
    h.fake.reset();
    const input = "Today is a wonderful day to build something people love!";
    const response = await h.openai(grant.token).audio.speech.create({ model: "gpt-4o-mini-tts", voice: "coral", input });
    expect(response.headers.get("content-type")).toBe("audio/mpeg");
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(0, 3)
        .toString("latin1"),
    ).toBe("ID3");
    const usage = await lastUsage(h, grant.grantId);
    const bytes = h.fake.requests[0]!.body.length;
    expect(usage).toMatchObject({ endpoint: "audio/speech", inputTokens: bytes, outputTokens: 560, estimated: true, outcome: "ok" });
    expect(usage.costMicros).toBe(recomputed("gpt-4o-mini-tts", usage));
    expect(usage.costMicros).toBe((await holdOf(usage.id)).amountMicros); // the bound, reserved and charged
  });

  it("speaks as a stream: settled from the usage of speech.audio.done", async () => {
    h.fake.reset();
    const response = await h
      .openai(grant.token)
      .audio.speech.create({ model: "gpt-4o-mini-tts", voice: "coral", input: "Hello there", stream_format: "sse" });
    expect(await response.text()).toContain("speech.audio.done");
    const usage = await lastUsage(h, grant.grantId);
    expect(usage).toMatchObject({ inputTokens: 14, outputTokens: 101, outputAudioTokens: 101, costMicros: 1_221n, estimated: false });
    expect(usage.costMicros).toBe(recomputed("gpt-4o-mini-tts", usage));
  });

  it("leaves the ledger equal to the sum of the usage events and leaks nothing", async () => {
    const events = await settledUsage(h, grant.grantId);
    const total = events.reduce((sum, e) => sum + e.costMicros, 0n);
    for (const w of await h.grants.windows(grant.scopeIds[0]!)) expect(w).toMatchObject({ committedMicros: total, heldMicros: 0n });
    expect(events.every((e) => e.costMicros > 0n)).toBe(true);
    expectNoCanary(h.transcript.join("\n"), "responses");
    expectNoCanary(await databaseDump(h), "database");
  });
});
