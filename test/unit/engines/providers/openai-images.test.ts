/**
 * OpenAI's token-priced image models: the output bound read before the call from `n`, `size`,
 * `quality` and `partial_images` (OpenAI's published token table), models and sizes without one
 * refused on capped grants, the Images API's usage with text and image input and image output, and
 * image tokens priced at their own rates to the micro-dollar (gpt-image-1's $10/M image input,
 * gpt-image-1.5's $32/M image output against $10/M text).
 */
import { describe, expect, it } from "vitest";
import { isVaultError } from "@/lib/foundation/errors/vault-error";
import { cataloguePrice } from "@/lib/engines/pricing/catalogue-price";
import { computeCostMicros, maxCostMicros } from "@/lib/engines/pricing/compute-cost";
import { adapterFor } from "@/lib/engines/providers/adapter-for";
import { imagesUsage } from "@/lib/engines/providers/openai/openai-usage";
import { ZERO_USAGE } from "@/lib/engines/providers/types";
import { geminiUsage } from "@/lib/engines/providers/google/gemini-usage";
import { fixtureJson } from "@/test/support/fixtures";
import { providerRequest } from "@/test/support/provider-request";

const openai = adapterFor("openai");

function facts(body: Record<string, unknown>, path = "images/generations", files: { field: string }[] = []) {
  const request = {
    ...providerRequest(openai, path, body),
    files: files.map((f) => ({ ...f, name: "x.png", type: "image/png", bytes: Buffer.alloc(1) })),
  };
  return openai.requestFacts(request);
}

function refusal(body: Record<string, unknown>, capped = true) {
  const error = openai.refusal(providerRequest(openai, "images/generations", body), capped);
  return error ? { code: error.code, status: error.status } : null;
}

describe("the output bound of an image request", () => {
  it("is n images of the table's tokens for the size and quality", () => {
    expect(facts({ model: "gpt-image-1", prompt: "a cat", quality: "high", size: "1024x1024" })).toMatchObject({
      maxOutputTokens: 4160,
      outputMultiplier: 1,
      outputLimitFields: [],
    });
    expect(facts({ model: "gpt-image-1", prompt: "a cat", quality: "low", size: "1536x1024", n: 3 })).toMatchObject({
      maxOutputTokens: 400,
      outputMultiplier: 3,
    });
    // auto (the default) is the dearest of its row or column
    expect(facts({ model: "gpt-image-1", prompt: "a cat" }).maxOutputTokens).toBe(6240);
    expect(facts({ model: "gpt-image-1.5", prompt: "a cat", quality: "medium" }).maxOutputTokens).toBe(1584);
    expect(facts({ model: "gpt-image-1-mini", prompt: "a cat", size: "1024x1024", quality: "high" }).maxOutputTokens).toBe(4500);
  });

  it("adds 100 tokens per partial image of a stream, and reads form fields sent as strings", () => {
    expect(facts({ model: "gpt-image-1", prompt: "x", quality: "low", size: "1024x1024", stream: true, partial_images: 2 })).toMatchObject({
      maxOutputTokens: 472,
      stream: true,
    });
    const edit = facts({ model: "gpt-image-1", prompt: "x", quality: "medium", size: "1024x1024", n: "2" }, "images/edits", [
      { field: "image[]" },
      { field: "image[]" },
      { field: "mask" },
    ]);
    expect(edit).toMatchObject({ maxOutputTokens: 1056, outputMultiplier: 2, attachmentTokens: 18_000 });
  });

  it("refuses a malformed n, and knows no bound for per-image models or sizes off the table", () => {
    const bad = (() => {
      try {
        facts({ model: "gpt-image-1", prompt: "x", n: 11 });
      } catch (error) {
        return isVaultError(error) ? [error.code, error.field] : error;
      }
    })();
    expect(bad).toEqual(["invalid_request", "n"]);
    expect(facts({ model: "dall-e-3", prompt: "x", size: "1024x1024" }).maxOutputTokens).toBeNull();
    expect(facts({ model: "gpt-image-1", prompt: "x", size: "256x256" }).maxOutputTokens).toBeNull();
  });

  it("on a capped grant refuses what it cannot bound with 403 model_not_priced, and forwards it uncapped", () => {
    expect(refusal({ model: "dall-e-3", prompt: "x", size: "1024x1024", quality: "hd" })).toEqual({
      code: "model_not_priced",
      status: 403,
    });
    expect(refusal({ model: "gpt-image-2", prompt: "x" })).toEqual({ code: "model_not_priced", status: 403 });
    expect(refusal({ model: "dall-e-3", prompt: "x" }, false)).toBeNull();
    expect(refusal({ model: "gpt-image-1", prompt: "x", quality: "high" })).toBeNull();
  });

  it("reserves every image token at the image output rate", () => {
    const price = cataloguePrice("openai", "gpt-image-1.5")!;
    // 2 images x 6240 tokens at $32/M, 100 prompt bytes at the dearest input rate ($8/M image input)
    expect(maxCostMicros(price, 100, 2 * 6240)).toBe(400_160n);
  });
});

describe("the Images API's usage", () => {
  it("prices text and image input and image output at their own rates (gpt-image-1)", () => {
    const usage = imagesUsage(fixtureJson("openai/images-edit.json").usage);
    expect(usage).toEqual({
      ...ZERO_USAGE,
      inputTokens: 1210,
      outputTokens: 1056,
      inputImageTokens: 1194,
      outputImageTokens: 1056,
    });
    // 16 text x $5 + 1194 image x $10 + 1056 image out x $40 (gpt-image-1's output rate is its image rate)
    expect(computeCostMicros(cataloguePrice("openai", "gpt-image-1")!, usage)).toBe(54_260n);
    const generated = imagesUsage(fixtureJson("openai/images-generation.json").usage);
    expect(computeCostMicros(cataloguePrice("openai", "gpt-image-1")!, generated)).toBe(166_650n); // 50 x 5 + 4160 x 40
  });

  it("bills image output at the image rate and text output at the text rate where both are reported (gpt-image-1.5)", () => {
    const usage = imagesUsage({
      input_tokens: 30,
      input_tokens_details: { text_tokens: 30, image_tokens: 0 },
      output_tokens: 1076,
      output_tokens_details: { image_tokens: 1056, text_tokens: 20 },
    });
    expect(usage).toMatchObject({ outputTokens: 1076, outputImageTokens: 1056 });
    // 30 x 5 + 1056 x 32 + 20 x 10
    expect(computeCostMicros(cataloguePrice("openai", "gpt-image-1.5")!, usage)).toBe(34_142n);
  });

  it("meters a whole body and the completed event of a stream", () => {
    const endpoint = openai.endpoint("POST", "images/generations")!;
    const body = openai.newMeter(endpoint);
    body.onBody(fixtureJson("openai/images-generation.json"));
    expect(body.result()).toMatchObject({ complete: true, usage: { inputTokens: 50, outputTokens: 4160 } });
    const stream = openai.newMeter(endpoint);
    stream.onEvent({ event: "image_generation.partial_image", data: "" }, { type: "image_generation.partial_image", b64_json: "AAAA" });
    expect(stream.result()).toMatchObject({ complete: false, usage: null, outputChars: 0 });
    const completed = { type: "image_generation.completed", b64_json: "AAAA", usage: { input_tokens: 9, output_tokens: 272 } };
    stream.onEvent({ event: "image_generation.completed", data: "" }, completed);
    expect(stream.result()).toMatchObject({ complete: true, usage: { inputTokens: 9, outputTokens: 272, outputImageTokens: 272 } });
  });

  it("bills Gemini's image output at the image rate (gemini-2.5-flash-image: $30/M, text $2.50/M)", () => {
    const usage = geminiUsage({
      promptTokenCount: 20,
      candidatesTokenCount: 1300,
      candidatesTokensDetails: [
        { modality: "TEXT", tokenCount: 10 },
        { modality: "IMAGE", tokenCount: 1290 },
      ],
    });
    expect(usage).toMatchObject({ outputTokens: 1300, outputImageTokens: 1290 });
    expect(computeCostMicros(cataloguePrice("google", "gemini-2.5-flash-image")!, usage)).toBe(38_731n); // 20 x 0.30 + 10 x 2.50 + 1290 x 30
  });
});
