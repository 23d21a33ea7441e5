/**
 * The same proxy through the Next.js route (app/v1/[provider]/[...path]/route.ts, the Web
 * Request/Response adapter), selected with VAULT_PROXY_ROUTER=next: the SDKs see the same answers,
 * streams and errors as on the direct node:http path.
 */
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestGrant } from "@/test/support/grants";
import { expectNoCanary, lastUsage, startProxyHarness, type ProxyHarness } from "@/test/support/proxy-harness";

describe("proxy through the Next.js route", () => {
  let h: ProxyHarness;
  let grant: TestGrant;

  beforeAll(async () => {
    h = await startProxyHarness("sqlite", { env: { VAULT_PROXY_ROUTER: "next" } });
    grant = await h.grants.create([
      { provider: "openai", capabilities: ["chat"] },
      { provider: "anthropic", capabilities: ["chat"] },
    ]);
  });
  afterAll(async () => {
    expect(await h.stop()).toBe(0);
    expectNoCanary(h.vault.output() + h.transcript.join("\n"), "output");
  });

  it("serves chat streamed and not, metered exactly", async () => {
    const client = h.openai(grant.token);
    const completion = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] });
    expect(completion.choices[0]!.message.content).toBe("The capital of France is Paris.");
    expect(await lastUsage(h, grant.grantId)).toMatchObject({ costMicros: 152n });
    let text = "";
    for await (const chunk of await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
    })) {
      expect(chunk.choices.length).toBe(1);
      text += chunk.choices[0]!.delta.content ?? "";
    }
    expect(text).toBe("Bonjour ! Ça va bien, merci 😊");
    expect(await lastUsage(h, grant.grantId)).toMatchObject({ costMicros: 9n, outcome: "ok" });
  });

  it("serves Anthropic streams and the typed errors", async () => {
    const final = await h
      .anthropic(grant.token)
      .messages.stream({ model: "claude-haiku-4-5", max_tokens: 100, messages: [{ role: "user", content: "hi" }] })
      .finalMessage();
    expect(final.usage.output_tokens).toBe(57);
    const error = await h
      .openai("okap_" + "y".repeat(36))
      .chat.completions.create({ model: "gpt-4o-mini", messages: [] })
      .catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    const wrong = await h
      .anthropic(grant.token)
      .messages.create({ model: "claude-unknown-x", max_tokens: 10, messages: [{ role: "user", content: "hi" }] })
      .catch((e) => e);
    expect(wrong).toBeInstanceOf(Anthropic.PermissionDeniedError);
  });
});
