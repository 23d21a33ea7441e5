/**
 * OpenAI-style usage objects to token classes: audio subsets reported apart, and Gemini's thought tokens billed on top of completion_tokens whatever
 * the shape of the details.
 */
import { describe, expect, it } from "vitest";
import { cataloguePrice } from "@/lib/engines/pricing/catalogue-price";
import { computeCostMicros } from "@/lib/engines/pricing/compute-cost";
import { chatUsage, responsesUsage } from "@/lib/engines/providers/openai/openai-usage";

describe("reasoning billed on top of completion_tokens", () => {
  it("bills what total_tokens counts beyond the prompt, without completion_tokens_details", () => {
    // Gemini 2.5 through the OpenAI endpoint: 387 thought tokens, no details object
    const usage = chatUsage({ prompt_tokens: 10, completion_tokens: 52, total_tokens: 449 });
    expect(usage).toMatchObject({ inputTokens: 10, outputTokens: 439, reasoningTokens: 387 });
    expect(computeCostMicros(cataloguePrice("google", "gemini-2.5-flash")!, usage)).toBe(1_101n); // 10 x 0.30 + 439 x 2.50 = 1100.5
  });

  it("bills it when the details report fewer reasoning tokens than total_tokens says", () => {
    const usage = chatUsage({
      prompt_tokens: 10,
      completion_tokens: 52,
      total_tokens: 449,
      completion_tokens_details: { reasoning_tokens: 100 },
    });
    expect(usage).toMatchObject({ outputTokens: 439, reasoningTokens: 387 });
  });

  it("keeps OpenAI's shape (reasoning inside completion_tokens) and the recorded Gemini shape as they were", () => {
    expect(
      chatUsage({ prompt_tokens: 75, completion_tokens: 260, total_tokens: 335, completion_tokens_details: { reasoning_tokens: 192 } }),
    ).toMatchObject({ outputTokens: 260, reasoningTokens: 192 });
    expect(
      chatUsage({ prompt_tokens: 10, completion_tokens: 52, total_tokens: 449, completion_tokens_details: { reasoning_tokens: 387 } }),
    ).toMatchObject({ outputTokens: 439, reasoningTokens: 387 });
    expect(chatUsage({ prompt_tokens: 8, total_tokens: 8 })).toMatchObject({ inputTokens: 8, outputTokens: 0, reasoningTokens: 0 }); // embeddings
    expect(chatUsage({ prompt_tokens: 8, completion_tokens: 3 })).toMatchObject({ outputTokens: 3 }); // no total
  });
});

describe("audio tokens", () => {
  it("reads the audio subsets of chat usage and prices them at the audio rates", () => {
    const usage = chatUsage({
      prompt_tokens: 100,
      completion_tokens: 200,
      total_tokens: 300,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 60 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 150 },
    });
    expect(usage).toMatchObject({ inputTokens: 100, outputTokens: 200, inputAudioTokens: 60, outputAudioTokens: 150 });
    expect(computeCostMicros(cataloguePrice("openai", "gpt-audio")!, usage)).toBe(12_120n); // 40 x 2.5 + 60 x 32 + 50 x 10 + 150 x 64
  });

  it("reads them in Responses usage too, and reports none when there are none", () => {
    expect(
      responsesUsage({
        input_tokens: 10,
        output_tokens: 20,
        input_tokens_details: { audio_tokens: 4 },
        output_tokens_details: { audio_tokens: 5 },
      }),
    ).toMatchObject({ inputAudioTokens: 4, outputAudioTokens: 5 });
    expect(chatUsage({ prompt_tokens: 1, completion_tokens: 1, prompt_tokens_details: { audio_tokens: 0 } })).not.toHaveProperty(
      "inputAudioTokens",
    );
  });
});
