/**
 * The money path end to end (notes/proxy-review.md, the money findings), on SQLite and PostgreSQL,
 * through the real SDKs and the fake upstream: what a request that costs more than its hold
 * commits, which request features a capped grant refuses, how output bounds reach the provider,
 * and what a cut request is charged. Exact micro-dollars wherever the price is known.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completion } from "../support/chat-fixtures";
import { DATABASES, PG_SKIP_REASON } from "../support/databases";
import { expectNoCanary, lastUsage, settledUsage, startProxyHarness, type ProxyHarness } from "../support/proxy-harness";
import { waitFor } from "../support/wait-for";

const MESSAGES = [{ role: "user" as const, content: "hi" }];

async function rejection(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  const error = await promise.then(() => null, (e) => e);
  expect(error, "expected the call to be rejected").toBeInstanceOf(OpenAI.APIError);
  return error;
}

describe.each(DATABASES)("the money path on $kind", ({ kind, skip }) => {
  if (skip) return void it.skip(`skipped: ${PG_SKIP_REASON}`, () => undefined);
  let h: ProxyHarness;

  beforeAll(async () => {
    h = await startProxyHarness(kind);
  });
  afterAll(async () => {
    expect(await h.stop()).toBe(0);
    expectNoCanary(h.vault.output(), "vault logs");
    expectNoCanary(h.transcript.join("\n"), "responses");
  });

  it("finding 1: a request that costs more than its hold commits its real cost, and the next request gets 402", async () => {
    const grant = await h.grants.create([{ provider: "openai", capabilities: ["chat"], monthlyUsd: "0.01" }]);
    h.fake.reset();
    // the provider reports far more output than the bound the vault reserved for (10 tokens)
    h.fake.reply(() => ({ json: completion(10, 100_000) }));
    const client = h.openai(grant.token);
    await client.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES, max_tokens: 10 });
    const usage = await lastUsage(h, grant.grantId);
    expect(usage).toMatchObject({ outputTokens: 100_000, costMicros: 60_002n, estimated: false }); // 10 x 0.15 + 100000 x 0.60 = 60001.5
    const hold = (await h.grants.holds(grant.scopeIds[0]!)).find((x) => x.id === usage.id)!;
    expect(hold.amountMicros).toBeLessThan(100n);
    expect(hold).toMatchObject({ state: "settled", settledMicros: 60_002n });
    for (const w of await h.grants.windows(grant.scopeIds[0]!)) expect(w).toMatchObject({ committedMicros: 60_002n, heldMicros: 0n });
    await waitFor(() => h.vault.output().includes("request cost more than its reservation; the ledger commits the real cost"), 2_000, "the warning");

    h.fake.reset();
    const error = await rejection(client.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES, max_tokens: 10 }));
    expect(error.status).toBe(402);
    expect(error.code).toBe("budget_exceeded");
    expect(h.fake.requests).toHaveLength(0);
    // the usage events and the windows agree
    const events = await settledUsage(h, grant.grantId);
    expect(events.reduce((sum, e) => sum + e.costMicros, 0n)).toBe(60_002n);
  });
});
