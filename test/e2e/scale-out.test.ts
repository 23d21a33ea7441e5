/**
 * Several instances: two real vault instances (separate processes) on one PostgreSQL, one shared key, one
 * fake upstream. Spend caps hold in a 1,000-request race split across both; rate limits count once;
 * revocation, pause and limit edits made on (or for) one instance hold on the other within 1 s; a
 * price set on one applies on the other at once (not when its price cache expires); an
 * app waiting on one gets its token when the owner approves on the other; an instance with another
 * key stays sealed and touches nothing; SIGTERM of one instance drains its streams and exits 0
 * while the other keeps serving. The PostgreSQL restart proof is scale-pg-restart.test.ts.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifyGrantChanged } from "@/lib/domain/grants/notify-grant-changed";
import { OkapClient } from "@/packages/okap-client/src";
import { createPgDatabase, PG_AVAILABLE, PG_SKIP_REASON } from "@/test/support/databases";
import { chatBody, chatStream, completion } from "@/test/support/chat-fixtures";
import type { TestGrant } from "@/test/support/grants";
import { startVaultCluster, type VaultCluster } from "@/test/support/vault-cluster";
import type { VaultProcess } from "@/test/support/vault-server";
import { WebClient } from "@/test/support/web-client";
import { waitFor } from "@/test/support/wait-for";

/** The promised bound for revocation, pause and limit edits on every instance (docs/operations.md). */
const PROPAGATION_BOUND_MS = 1_000;

function chat(node: VaultProcess, token: string, body: string): Promise<Response> {
  return fetch(`${node.url}/v1/openai/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body,
  });
}

async function statusOf(node: VaultProcess, token: string, body = chatBody("hello")): Promise<{ status: number; type: string | null }> {
  const response = await chat(node, token, body);
  const json = (await response.json()) as { error?: { type?: string } };
  return { status: response.status, type: json.error?.type ?? null };
}

/** Polls `node` until it answers `expected`; returns the milliseconds since `since`. */
async function msUntil(
  node: VaultProcess,
  token: string,
  since: number,
  expected: { status: number; type?: string | null },
): Promise<number> {
  await waitFor(
    async () => {
      const got = await statusOf(node, token);
      return got.status === expected.status && (expected.type === undefined || got.type === expected.type);
    },
    5_000,
    `${node.url} to answer ${expected.status} ${expected.type ?? ""}`,
  );
  return Date.now() - since;
}

/** Waits until the current UTC minute (and day) has `margin` ms left, so a burst stays in one window. */
async function awayFromWindowEdge(marginMs: number): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < marginMs) await new Promise((r) => setTimeout(r, left + 50));
}

describe("two vault instances on one PostgreSQL", () => {
  if (!PG_AVAILABLE) return void it.skip(`skipped: ${PG_SKIP_REASON}`, () => undefined);
  let c: VaultCluster;
  let a: VaultProcess;
  let b: VaultProcess;
  const measured: Record<string, number> = {};

  beforeAll(async () => {
    c = await startVaultCluster(await createPgDatabase(), { env: { VAULT_SHUTDOWN_GRACE_MS: "3000" } });
    [a, b] = c.nodes as [VaultProcess, VaultProcess];
  });
  afterAll(async () => {
    if (Object.keys(measured).length) console.log("scale-out measurements (ms):", JSON.stringify(measured));
    await c?.stop();
  });

  it("a 1,000-request race split across both never exceeds the cap, settles every hold and balances the ledger", async () => {
    const body = chatBody("race");
    // gpt-4o-mini: every input byte at $0.15/M, 100 output tokens at $0.60/M
    const reservation = BigInt(Math.ceil((Buffer.byteLength(body) * 150_000 + 100 * 600_000) / 1_000_000));
    const cap = 10n * reservation; // at most 10 reservations held at once
    const capUsd = (Number(cap) / 1e6).toFixed(6);
    const grant = await c.grants.create([
      { provider: "openai", capabilities: ["chat"], monthlyUsd: capUsd, dailyUsd: capUsd, rpm: 100_000, rpd: 1_000_000 },
    ]);
    const scopeId = grant.scopeIds[0]!;
    // 4 input + 3 output tokens: 3 µ$ each, so settled requests free room for more and the cap runs
    // out part way through (after about 200): admissions and settlements race on both instances.
    c.fake.reset();
    c.fake.reply(() => ({ delayMs: 5, json: completion(4, 3) }));

    const sampler = new pg.Client({ connectionString: c.databaseUrl });
    await sampler.connect();
    const samples: { committed: bigint; held: bigint }[] = [];
    let sampling = true;
    const sampled = (async () => {
      while (sampling) {
        const { rows } = await sampler.query<{ committedMicros: string; heldMicros: string }>(
          `SELECT "committedMicros", "heldMicros" FROM "SpendWindow" WHERE "scopeId" = $1`,
          [scopeId],
        );
        for (const r of rows) samples.push({ committed: BigInt(r.committedMicros), held: BigInt(r.heldMicros) });
      }
    })();

    const statuses: { node: number; status: number }[] = [];
    const WORKERS = 100;
    await Promise.all(
      Array.from({ length: WORKERS }, async (_, w) => {
        for (let i = 0; i < 1_000 / WORKERS; i++) {
          const node = (w + i) % 2;
          const response = await chat(c.nodes[node]!, grant.token, body);
          await response.arrayBuffer();
          statuses.push({ node, status: response.status });
        }
      }),
    );
    sampling = false;
    await sampled;
    await sampler.end();

    const count = (status: number, node?: number) =>
      statuses.filter((s) => s.status === status && (node === undefined || s.node === node)).length;
    const ok = count(200);
    expect({ total: statuses.length, other: statuses.length - ok - count(402) }).toEqual({ total: 1_000, other: 0 }); // no 5xx: no deadlock, no lost connection
    expect(count(200, 0)).toBeGreaterThan(0);
    expect(count(200, 1)).toBeGreaterThan(0);
    expect(ok).toBeGreaterThan(10); // settlements freed room for later admissions
    expect(count(402)).toBeGreaterThan(0); // and the cap did run out
    expect(c.fake.requests).toHaveLength(ok);
    measured.race_admitted = ok;

    expect(samples.length).toBeGreaterThan(10);
    expect(samples.filter((s) => s.committed + s.held > cap)).toEqual([]);

    const holds = await waitFor(
      async () => {
        const all = await c.grants.holds(scopeId);
        return all.every((h) => h.state === "settled") ? all : null;
      },
      10_000,
      "every hold to settle",
    );
    expect(holds).toHaveLength(ok);
    const events = await c.grants.usage(grant.grantId);
    expect(events).toHaveLength(ok);
    expect(events.every((e) => e.outcome === "ok" && e.costMicros === 3n && !e.estimated)).toBe(true);
    const spent = events.reduce((sum, e) => sum + e.costMicros, 0n);
    const windows = await c.grants.windows(scopeId);
    expect(windows).toHaveLength(2);
    for (const w of windows) {
      expect({ window: w.window, committed: w.committedMicros, held: w.heldMicros }).toEqual({
        window: w.window,
        committed: spent,
        held: 0n,
      });
      expect(w.committedMicros).toBeLessThanOrEqual(cap);
    }
  });

  it("rate limits are counted once across both instances", async () => {
    c.fake.reset();
    await awayFromWindowEdge(5_000);
    const perMinute = await c.grants.create([{ provider: "openai", capabilities: ["chat"], rpm: 30 }]);
    const perDay = await c.grants.create([{ provider: "openai", capabilities: ["chat"], rpd: 25 }]);
    const burst = (grant: TestGrant, n: number) =>
      Promise.all(
        Array.from({ length: n }, async (_, i) => {
          const response = await chat(c.nodes[i % 2]!, grant.token, chatBody("rate"));
          const json = (await response.json()) as { error?: { type?: string } };
          return { node: i % 2, status: response.status, type: json.error?.type, retryAfter: response.headers.get("retry-after") };
        }),
      );
    const minute = await burst(perMinute, 80);
    const day = await burst(perDay, 60);
    for (const [results, limit] of [
      [minute, 30],
      [day, 25],
    ] as const) {
      expect(results.filter((r) => r.status === 200)).toHaveLength(limit);
      const limited = results.filter((r) => r.status !== 200);
      expect(limited).toHaveLength(results.length - limit);
      expect(limited.every((r) => r.status === 429 && r.type === "rate_limited" && Number(r.retryAfter) >= 1)).toBe(true);
      expect(new Set(limited.map((r) => r.node))).toEqual(new Set([0, 1])); // both instances refused
    }
    expect(c.fake.requests).toHaveLength(55);
  });

  it("revoking on one instance refuses the token on the other and cuts its stream within 1 s", async () => {
    const grant = await c.grants.create([{ provider: "openai", capabilities: ["chat"] }]);
    c.fake.reply((req) => (req.json().stream ? { sse: chatStream(100), eventDelayMs: 50 } : { json: completion(4, 3) }));
    expect(await statusOf(b, grant.token)).toEqual({ status: 200, type: null }); // B has the grant cached
    const stream = await chat(b, grant.token, chatBody("a long story", { stream: true }));
    expect(stream.headers.get("x-accel-buffering")).toBe("no"); // a reverse proxy passes events on at once
    const reader = stream.body!.getReader();
    await reader.read();

    const started = Date.now();
    const revoked = await c.owners[0]!.request("POST", `/api/ui/grants/${grant.grantId}/revoke`);
    expect(revoked.status).toBe(200);
    const streamCut = (async () => {
      let text = "";
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return { text, ms: Date.now() - started };
        text += new TextDecoder().decode(value);
      }
    })();
    measured.revoke_refused_on_other = await msUntil(b, grant.token, started, { status: 401, type: "token_revoked" });
    const cut = await streamCut;
    measured.revoke_stream_cut_on_other = cut.ms;
    expect(cut.text).toContain('"type":"token_revoked"');
    expect(cut.text).not.toContain("w99 ");
    expect(measured.revoke_refused_on_other).toBeLessThan(PROPAGATION_BOUND_MS);
    expect(cut.ms).toBeLessThan(PROPAGATION_BOUND_MS);
  });

  it("pause, resume and a lowered cap written by any process hold on both instances within 1 s", async () => {
    const grant = await c.grants.create([{ provider: "openai", capabilities: ["chat"] }]);
    c.fake.reply(() => ({ json: completion(4, 3) }));
    for (const node of [a, b]) expect(await statusOf(node, grant.token)).toEqual({ status: 200, type: null });
    // What the cockpit's grant edits do: change the rows and call notifyGrantChanged in the transaction.
    const edit = async (change: (tx: Parameters<Parameters<typeof c.grants.db.$transaction>[0]>[0]) => Promise<unknown>) => {
      const started = Date.now();
      await c.grants.db.$transaction(async (tx) => {
        await change(tx);
        await notifyGrantChanged(tx, grant.grantId);
      });
      return started;
    };
    let since = await edit((tx) => tx.grant.update({ where: { id: grant.grantId }, data: { status: "paused" } }));
    measured.pause_a = await msUntil(a, grant.token, since, { status: 403, type: "grant_paused" });
    measured.pause_b = await msUntil(b, grant.token, since, { status: 403, type: "grant_paused" });
    since = await edit((tx) => tx.grant.update({ where: { id: grant.grantId }, data: { status: "active" } }));
    measured.resume_a = await msUntil(a, grant.token, since, { status: 200, type: null });
    measured.resume_b = await msUntil(b, grant.token, since, { status: 200, type: null });
    since = await edit((tx) => tx.grantScope.update({ where: { id: grant.scopeIds[0]! }, data: { monthlyCapMicros: 1n } }));
    measured.cap_a = await msUntil(a, grant.token, since, { status: 402, type: "budget_exceeded" });
    measured.cap_b = await msUntil(b, grant.token, since, { status: 402, type: "budget_exceeded" });
    for (const key of ["pause_a", "pause_b", "resume_a", "resume_b", "cap_a", "cap_b"])
      expect(measured[key], key).toBeLessThan(PROPAGATION_BOUND_MS);
  });

  it("a price the owner sets on one instance applies on the other at once, not when its cache expires", async () => {
    const grant = await c.grants.create([{ provider: "openai", capabilities: ["chat"], monthlyUsd: "5" }]);
    c.fake.reply(() => ({ json: completion(4, 3) }));
    const body = chatBody("hello", { model: "acme-scale-llm" });
    expect(await statusOf(a, grant.token, body)).toEqual({ status: 403, type: "model_not_priced" }); // A has just cached the prices
    const since = Date.now();
    const set = await c.owners[1]!.request("PUT", "/api/ui/prices", {
      json: { provider: "openai", model: "acme-scale-llm", input: "1", output: "2" },
    });
    expect(set.status, set.text).toBe(200);
    await waitFor(async () => (await statusOf(a, grant.token, body)).status === 200, 5_000, "A to use the new price");
    measured.price_on_other = Date.now() - since;
    // A's cache lives a second: well under half of it means the change notification did it.
    expect(measured.price_on_other).toBeLessThan(500);
  });

  it("an app waiting on one instance gets its token when the owner approves on the other", async () => {
    c.fake.reply(() => ({ json: completion(4, 3) }));
    const app = new OkapClient({ vaultUrl: a.url, readTimeoutMs: 15_000 });
    const granted = app.requestAccess({
      provider: "openai",
      models: ["gpt-4o-mini"],
      capabilities: ["chat"],
      app_name: "Scale Test App",
      reason: "cross-instance approval",
    });
    const id = await waitFor(
      async () => {
        const list = await c.owners[1]!.request("GET", "/api/ui/requests?status=pending");
        return (list.json().data as { id: string; client_name?: string }[])[0]?.id;
      },
      10_000,
      "the request in B's inbox",
    );
    const approvedAt = Date.now();
    const approved = await c.owners[1]!.request("POST", `/api/ui/requests/${id}/approve`, {
      json: { entries: [{ provider: "openai", limits: { monthly_spend: "2" } }] },
    });
    expect(approved.status).toBe(200);
    const token = await granted;
    measured.approval_delivered_on_other = Date.now() - approvedAt;
    expect(token.base_url).toBe(`http://localhost:${a.port}/v1/openai`);
    expect(token.limits).toMatchObject({ monthly_spend: 2 });
    // The token minted on A works on B: both derive the same token pepper from the shared key.
    expect(await statusOf(b, token.token)).toEqual({ status: 200, type: null });
    // So does the owner's session: no sticky sessions needed behind a load balancer.
    const sessionOnA = new WebClient(a.url);
    for (const [name, value] of c.owners[1]!.cookies) sessionOnA.cookies.set(name, value);
    const approvedList = await sessionOnA.request("GET", "/api/ui/requests?status=approved");
    expect(approvedList.status).toBe(200);
    expect((approvedList.json().data as { id: string }[]).map((r) => r.id)).toContain(id);
  });

  it("an instance with another key stays sealed against the shared database and touches nothing", async () => {
    const grant = await c.grants.create([{ provider: "openai", capabilities: ["chat"] }]);
    c.fake.reset();
    const other = await c.startNode({ VAULT_SECRET_KEY: "11".repeat(32) }, "alive");
    const ready = await fetch(`${other.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: { vault: string } }).checks.vault).toBe("sealed");
    expect(await statusOf(other, grant.token)).toEqual({ status: 503, type: "vault_sealed" });
    for (const path of ["/api/ui/grants", "/okap/request", "/api/v1/grants"]) {
      const response = await fetch(other.url + path, { method: path.startsWith("/okap") ? "POST" : "GET" });
      expect(response.status, path).toBe(503);
    }
    const sealedLine =
      other
        .output()
        .split("\n")
        .find((l) => l.includes("SEALED")) ?? "";
    expect(sealedLine).toContain("fingerprint mismatch");
    const line = JSON.parse(sealedLine) as { key_fingerprint: string; database_key_fingerprint: string };
    expect(line.key_fingerprint).toMatch(/^[0-9a-f]{8}$/);
    expect(line.database_key_fingerprint).toMatch(/^[0-9a-f]{8}$/);
    expect(line.key_fingerprint).not.toBe(line.database_key_fingerprint);
    expect(c.fake.requests).toHaveLength(0);
    expect(await other.stop()).toBe(0);
    for (const node of [a, b]) expect(await statusOf(node, grant.token)).toEqual({ status: 200, type: null });
  });

  it("SIGTERM of one instance mid-stream: it drains or settles its streams and exits 0 while the other keeps serving", async () => {
    const grant = await c.grants.create([{ provider: "openai", capabilities: ["chat"] }]);
    c.fake.reset();
    c.fake.reply((req) => {
      const content = req.json().messages[0].content as string;
      if (content === "short") return { sse: chatStream(30), eventDelayMs: 30 };
      if (content === "stall") return { sse: chatStream(30), cutAfterEvents: { events: 2, how: "stall" } };
      if (content === "long") return { sse: chatStream(40), eventDelayMs: 60 };
      return { json: completion(4, 3) };
    });
    const text = (node: VaultProcess, content: string) =>
      chat(node, grant.token, chatBody(content, { stream: true })).then((r) => r.text());
    const onA = [text(a, "short"), text(a, "stall")];
    const onB = text(b, "long");
    await waitFor(() => c.fake.requests.length === 3, 3_000, "three live streams");
    const exited = a.stop("SIGTERM");
    await new Promise((r) => setTimeout(r, 150));
    expect(await statusOf(a, grant.token)).toEqual({ status: 503, type: "vault_unavailable" }); // A refuses new work while draining
    expect(await statusOf(b, grant.token)).toEqual({ status: 200, type: null }); // B serves during A's drain

    const [short, stalled] = await Promise.all(onA);
    expect(short!.trimEnd().endsWith("data: [DONE]")).toBe(true);
    expect(stalled).toContain('"type":"vault_unavailable"');
    expect(await exited).toBe(0);
    expect(a.output()).toContain('"msg":"stopped"');
    const long = await onB;
    expect(long).toContain("w39 ");
    expect(long.trimEnd().endsWith("data: [DONE]")).toBe(true);
    expect(await statusOf(b, grant.token)).toEqual({ status: 200, type: null }); // and after A is gone

    const events = await waitFor(
      async () => {
        const all = await c.grants.usage(grant.grantId);
        return all.length === 5 && all.every((e) => e.outcome !== "pending") ? all : null;
      },
      5_000,
      "every request to settle",
    );
    expect(events.map((e) => e.outcome).sort()).toEqual(["ok", "ok", "ok", "ok", "shutdown"]);
    const holds = await c.grants.holds(grant.scopeIds[0]!);
    expect(holds.every((h) => h.state === "settled")).toBe(true);
    for (const w of await c.grants.windows(grant.scopeIds[0]!)) expect(w.heldMicros).toBe(0n);
  });
});
