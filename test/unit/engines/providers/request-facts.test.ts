/**
 * Request facts and the output bound written into the forwarded body: the bound reaches the field the provider honours, every bound field the client
 * sent carries it, malformed bounds are refused, and legacy completions reserve for every prompt.
 */
import { describe, expect, it } from "vitest";
import { isVaultError } from "@/lib/foundation/errors/vault-error";
import { adapterFor } from "@/lib/engines/providers/adapter-for";
import { withInputBound } from "@/lib/engines/providers/read-request-facts";
import { providerRequest } from "@/test/support/provider-request";

function facts(provider: string, path: string, body: Record<string, unknown>) {
  const adapter = adapterFor(provider)!;
  const request = providerRequest(adapter, path, body);
  return { adapter, request, facts: adapter.requestFacts(request) };
}

function forwarded(provider: string, path: string, body: Record<string, unknown>, limit: number) {
  const { adapter, request, facts: f } = facts(provider, path, body);
  return adapter.rewriteBody(request, f, { maxOutputTokens: limit });
}

const CHAT = { model: "m", messages: [{ role: "user", content: "hi" }] };

describe("the output bound reaches the provider", () => {
  it("writes the bound into DeepSeek's own field when the client sent only max_completion_tokens", () => {
    const { facts: f } = facts("deepseek", "chat/completions", { ...CHAT, max_completion_tokens: 1 });
    expect(f).toMatchObject({ maxOutputTokens: 1, outputLimitFields: ["max_completion_tokens", "max_tokens"] });
    expect(forwarded("deepseek", "chat/completions", { ...CHAT, max_completion_tokens: 1 }, 1)).toMatchObject({
      max_completion_tokens: 1,
      max_tokens: 1,
    });
  });

  it("writes the reserved bound into every bound field the client sent, whichever is larger", () => {
    const body = { ...CHAT, max_completion_tokens: 1, max_tokens: 16_000 };
    expect(facts("openai", "chat/completions", body).facts.maxOutputTokens).toBe(1);
    expect(forwarded("openai", "chat/completions", body, 1)).toMatchObject({ max_completion_tokens: 1, max_tokens: 1 });
  });

  it("keeps OpenAI's max_tokens alone (OpenAI honours it and refuses both fields at once), and injects its own field when none was sent", () => {
    expect(forwarded("openai", "chat/completions", { ...CHAT, max_tokens: 500 }, 500)).toEqual({ ...CHAT, max_tokens: 500 });
    expect(forwarded("openai", "chat/completions", CHAT, 16_384)).toEqual({ ...CHAT, max_completion_tokens: 16_384 });
    expect(forwarded("groq", "chat/completions", CHAT, 100)).toEqual({ ...CHAT, max_tokens: 100 });
    expect(forwarded("anthropic", "v1/messages", { ...CHAT, max_tokens: 900 }, 400)).toEqual({ ...CHAT, max_tokens: 400 });
    expect(forwarded("openai", "responses", { model: "m", input: "x" }, 300)).toEqual({ model: "m", input: "x", max_output_tokens: 300 });
  });

  it.each([
    ["max_tokens", "5"],
    ["max_completion_tokens", 2.5],
    ["max_tokens", 0],
    ["max_tokens", -3],
    ["n", "2"],
    ["best_of", 1.5],
    ["n", true],
  ])("refuses %s = %j with 400 invalid_request", (field, value) => {
    const path = field === "best_of" ? "completions" : "chat/completions";
    const error = (() => {
      try {
        facts("openai", path, { ...CHAT, prompt: "x", [field]: value });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(isVaultError(error)).toBe(true);
    expect(error).toMatchObject({ code: "invalid_request", status: 400 });
    expect((error as Error).message).toContain(field);
  });

  it("treats null as absent", () => {
    expect(facts("openai", "chat/completions", { ...CHAT, max_tokens: null, n: null }).facts).toMatchObject({
      maxOutputTokens: null,
      outputMultiplier: 1,
    });
  });
});

describe("legacy completions with several prompts reserve for every prompt", () => {
  it.each([
    ["one string", "Say hi", 1],
    ["three strings", ["a", "b", "c"], 3],
    ["one token array", [1, 2, 3], 1],
    ["two token arrays", [[1, 2], [3]], 2],
  ])("%s", (_name, prompt, prompts) => {
    expect(facts("openai", "completions", { model: "m", prompt, max_tokens: 10 }).facts.outputMultiplier).toBe(prompts);
    expect(facts("openai", "completions", { model: "m", prompt, max_tokens: 10, n: 2, best_of: 3 }).facts.outputMultiplier).toBe(
      prompts * 3,
    );
  });
});

describe("the input bound is measured on the forwarded body", () => {
  it("adds the attachments to the forwarded body's bytes", () => {
    const { facts: f } = facts("openai", "chat/completions", {
      model: "m",
      messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "https://x" } }] }],
    });
    expect(withInputBound(f, 120).inputTokensBound).toBe(6_120);
  });
});
