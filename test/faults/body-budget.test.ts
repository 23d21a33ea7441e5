/**
 * A budget for request-body bytes in flight (VAULT_BODY_BYTES_IN_FLIGHT, 8 MiB here): large bodies
 * arriving together beyond it are refused with a clear, retryable 503 before they are read, the
 * others go through, and the budget is whole again once they have been handed to the provider.
 */
import { expect, it } from "vitest";
import { chatBody } from "@/test/support/chat-fixtures";
import { defaultReply } from "@/test/support/fake-upstream";
import { startProxyHarness } from "@/test/support/proxy-harness";

const MiB = 1024 * 1024;

it("refuses large bodies beyond the budget with 503 retry-after: 1, and serves again once they are through", async () => {
  const h = await startProxyHarness("sqlite", { env: { VAULT_BODY_BYTES_IN_FLIGHT: String(8 * MiB) } });
  try {
    const grant = await h.grants.create([{ provider: "openai", capabilities: ["chat"], monthlyUsd: "100" }]);
    h.fake.reply((req) => ({ ...defaultReply(req), delayMs: 1_500 })); // the bodies stay in flight a while
    const big = chatBody("x".repeat(3 * MiB), { max_tokens: 10 });
    const send = () =>
      fetch(`${h.vault.url}/v1/openai/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${grant.token}`, "content-type": "application/json" },
        body: big,
      });
    const answers = await Promise.all(Array.from({ length: 6 }, send));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(2); // 2 x 3 MiB fit in 8 MiB, 3 do not
    const refused = answers.find((a) => a.status === 503)!;
    expect(refused.headers.get("retry-after")).toBe("1");
    expect((await refused.json()).error).toMatchObject({
      code: "vault_unavailable",
      message: expect.stringMatching(/too many request bodies/),
    });
    expect(h.fake.requests.length).toBe(statuses.filter((s) => s === 200).length);
    // Released: the next one goes through.
    expect((await send()).status).toBe(200);
  } finally {
    await h.stop();
  }
});
