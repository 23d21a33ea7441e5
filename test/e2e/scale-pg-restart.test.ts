/**
 * The database going away with two instances: PostgreSQL restarts (fast shutdown, then start)
 * while traffic flows through both. While it is down every request fails closed (503
 * vault_unavailable with retry-after) and never reaches the provider; afterwards both instances
 * recover by themselves (pools, readiness, the change listener); a stream that ended during the
 * outage is settled with its real usage once the database is back; no hold stays open and the
 * ledger balances. Runs against a throwaway cluster of its own (test/support/throwaway-postgres.ts).
 */
import { describe, expect, it } from "vitest";
import { chatBody, chatStream } from "@/test/support/chat-fixtures";
import { ThrowawayPostgres } from "@/test/support/throwaway-postgres";
import { startVaultCluster, type VaultCluster } from "@/test/support/vault-cluster";
import { waitFor } from "@/test/support/wait-for";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Result = { id: number; node: number; at: number; status: number; type: string | null; retryAfter: string | null };

describe("PostgreSQL restart under traffic through two instances", () => {
  it("fails closed while the database is down and recovers by itself, with a balanced ledger", async (ctx) => {
    const pgServer = await ThrowawayPostgres.create();
    if ("skip" in pgServer) return ctx.skip(`cannot run a throwaway PostgreSQL cluster here: ${pgServer.skip}`);
    let c: VaultCluster | null = null;
    try {
      c = await startVaultCluster(await pgServer.createDatabase("vault"));
      await restartUnderTraffic(c, pgServer);
    } finally {
      await c?.stop();
      await pgServer.destroy();
    }
  });
});

async function restartUnderTraffic(c: VaultCluster, pgServer: ThrowawayPostgres): Promise<void> {
  const grant = await c.grants.create([{ provider: "openai", capabilities: ["chat"], monthlyUsd: "5" }]);
  c.fake.reply((req) => {
    const content = req.json().messages[0].content as string;
    if (content === "long") return { sse: chatStream(20), eventDelayMs: 100 }; // 2 s: ends while the database is down
    return {
      json: {
        id: "x",
        object: "chat.completion",
        model: "gpt-4o-mini",
        choices: [{ index: 0, message: { role: "assistant", content: content }, finish_reason: "stop" }],
        usage: { prompt_tokens: 4, completion_tokens: 3, total_tokens: 7 },
      },
    };
  });
  const send = (node: number, body: string) =>
    fetch(`${c.nodes[node]!.url}/v1/openai/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${grant.token}`, "content-type": "application/json" },
      body,
    });

  const results: Result[] = [];
  let next = 0;
  let running = true;
  const traffic = Array.from({ length: 4 }, async () => {
    while (running) {
      const id = next++;
      const node = id % 2;
      const at = Date.now();
      const response = await send(node, chatBody(`req-${id}`, { max_tokens: 50 }));
      const json = (await response.json()) as { error?: { type?: string } };
      results.push({
        id,
        node,
        at,
        status: response.status,
        type: json.error?.type ?? null,
        retryAfter: response.headers.get("retry-after"),
      });
      await sleep(10);
    }
  });
  const long = send(0, chatBody("long", { max_tokens: 50, stream: true })).then((r) => r.text());
  await waitFor(() => results.filter((r) => r.status === 200).length >= 20, 10_000, "traffic to flow");

  const downAt = Date.now();
  await pgServer.stop();
  await waitFor(
    () =>
      results.some((r) => r.at > downAt && r.status === 503 && r.node === 0) &&
      results.some((r) => r.at > downAt && r.status === 503 && r.node === 1),
    10_000,
    "both instances to refuse",
  );
  for (const node of c.nodes) expect((await fetch(`${node.url}/readyz`)).status).toBe(503);
  await sleep(2_500);
  await pgServer.start();
  const upAt = Date.now();
  await waitFor(
    () => [0, 1].every((n) => results.some((r) => r.at > upAt && r.node === n && r.status === 200)),
    20_000,
    "both instances to serve again",
  );
  running = false;
  await Promise.all(traffic);
  const firstOkAfter = (n: number) =>
    Math.min(...results.filter((r) => r.at > upAt && r.node === n && r.status === 200).map((r) => r.at)) - upAt;
  console.log(
    "pg restart:",
    JSON.stringify({
      answered_200: results.filter((r) => r.status === 200).length,
      answered_503: results.filter((r) => r.status === 503).length,
      down_ms: upAt - downAt,
      serving_again_ms: [firstOkAfter(0), firstOkAfter(1)],
    }),
  );

  // While it was down: 503 vault_unavailable with retry-after, and never an upstream call.
  expect(results.filter((r) => r.status !== 200 && r.status !== 503)).toEqual([]);
  const refused = results.filter((r) => r.status === 503);
  expect(refused.length).toBeGreaterThan(0);
  expect(refused.every((r) => r.type === "vault_unavailable" && Number(r.retryAfter) >= 1)).toBe(true);
  const upstreamContents = new Set(c.fake.requests.map((r) => r.json().messages[0].content as string));
  expect(refused.filter((r) => upstreamContents.has(`req-${r.id}`))).toEqual([]);
  expect(results.filter((r) => r.status === 200).every((r) => upstreamContents.has(`req-${r.id}`))).toBe(true);

  // Recovered by itself: ready again, the change listener back, the stream settled with real usage.
  for (const node of c.nodes) {
    await waitFor(async () => (await fetch(`${node.url}/readyz`)).status === 200, 10_000, "readiness");
    await waitFor(() => node.output().includes("change listener reconnected"), 10_000, "the change listener");
  }
  expect(await long).toContain("data: [DONE]");
  const events = await waitFor(
    async () => {
      const all = await c.grants.usage(grant.grantId);
      return all.every((e) => e.outcome !== "pending") ? all : null;
    },
    15_000,
    "every request to settle",
  );
  expect(events).toHaveLength(c.fake.requests.length);
  const stream = events.find((e) => e.outputTokens === 20);
  expect(stream).toMatchObject({ outcome: "ok", estimated: false }); // its settlement waited for the database
  expect(c.nodes[0]!.output()).toContain("could not settle a request; retrying in the background");
  const holds = await c.grants.holds(grant.scopeIds[0]!);
  expect(holds.filter((h) => h.state !== "settled")).toEqual([]);
  const spent = events.reduce((sum, e) => sum + e.costMicros, 0n);
  for (const w of await c.grants.windows(grant.scopeIds[0]!))
    expect({ committed: w.committedMicros, held: w.heldMicros }).toEqual({ committed: spent, held: 0n });
}
