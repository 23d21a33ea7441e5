/**
 * Shutdown and crashes on SQLite and PostgreSQL. SIGTERM with live streams: new requests get 503, a stream
 * that finishes within the grace period is drained, stalled ones are cut and settled, exit 0; so are
 * requests that were still sending their body (or waiting in admission) when the signal came.
 * kill -9 mid-stream: the hold stays held until the sweeper settles it at its reserved amount, and
 * a late settlement racing the sweeper charges nothing twice and leaves the swept usage event as it
 * is. A stream that outlives its hold's expiry keeps its hold: its instance renews it while it runs.
 */
import { once } from "node:events";
import http from "node:http";
import pg from "pg";
import { afterEach, expect, it } from "vitest";
import { openLedgerStore } from "@/lib/engines/ledger/ledger-store-for";
import { ZERO_USAGE } from "@/lib/engines/providers/types";
import { spendWindows } from "@/lib/engines/ledger/windows";
import { describeEachDatabase } from "@/test/support/databases";
import { settledUsage, startProxyHarness, type ProxyHarness } from "@/test/support/proxy-harness";
import { startVault } from "@/test/support/vault-server";
import { waitFor } from "@/test/support/wait-for";

function stream(words: number): string {
  let out = "";
  for (let i = 0; i < words; i++)
    out += `data: {"id":"c","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"w${i} "},"finish_reason":null}],"usage":null}\n\n`;
  return (
    out +
    `data: {"id":"c","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":${words},"total_tokens":${9 + words}}}\n\ndata: [DONE]\n\n`
  );
}

const body = (content: string) => JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content }], stream: true });

type Answer = { status: number; text: string } | { error: string };

/**
 * A POST that sends its head (with `expect: 100-continue`) and the first bytes of its body, and the
 * rest only when told. Node answers 100 Continue right before it hands the request to the vault, so
 * once `sent` resolves the vault is handling it, waiting for the rest of the body.
 */
async function slowBodyPost(url: string, headers: Record<string, string>, payload: string) {
  const req = http.request(url, {
    method: "POST",
    headers: { ...headers, expect: "100-continue", "content-length": String(Buffer.byteLength(payload)) },
  });
  const answer = new Promise<Answer>((resolve) => {
    req.on("error", (error) => resolve({ error: error.message }));
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", (error) => resolve({ error: error.message }));
    });
  });
  req.flushHeaders();
  await Promise.race([
    once(req, "continue"),
    answer.then((a) => Promise.reject(new Error(`answered before 100 Continue: ${JSON.stringify(a)}`))),
  ]);
  req.write(payload.slice(0, 10));
  return { answer, sendRest: () => req.end(payload.slice(10)) };
}

/** A stream paused by the fake provider after its first two events until `release()`. */
function pausedStream(h: ProxyHarness) {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  h.fake.reply(() => ({ sse: stream(30), pauseAfterEvents: { events: 2, until: released } }));
  return release;
}

async function heldHold(h: ProxyHarness, scopeId: string) {
  return waitFor(
    async () => {
      const holds = await h.grants.holds(scopeId);
      return holds.length === 1 && holds[0]!.state === "held" ? holds[0]! : null;
    },
    5_000,
    "the request's hold",
  );
}

/** A sweep by another instance (its own connection to the database) whose clock reads `atMs`. */
async function sweepElsewhere(h: ProxyHarness, atMs: number): Promise<number> {
  const other = openLedgerStore(h.databaseUrl);
  try {
    return await other.sweep(atMs);
  } finally {
    await other.close();
  }
}

/** The month window's committed total equals the sum of the usage events' costs, and nothing is held. */
async function expectBalancedLedger(h: ProxyHarness, grantId: string, scopeId: string) {
  const events = await h.grants.usage(grantId);
  const month = (await h.grants.windows(scopeId)).find((w) => w.window.startsWith("m:"))!;
  expect(month.heldMicros).toBe(0n);
  expect(month.committedMicros).toBe(events.reduce((sum, e) => sum + e.costMicros, 0n));
}

describeEachDatabase("shutdown and crash on $kind", (kind) => {
  const started: ProxyHarness[] = [];
  afterEach(() => {
    for (const h of started.splice(0)) if (h.vault.child.exitCode === null) h.vault.child.kill("SIGKILL"); // a failed test leaves no vault behind
  });
  async function harness(options: Parameters<typeof startProxyHarness>[1] = {}): Promise<ProxyHarness> {
    const h = await startProxyHarness(kind, options);
    started.push(h);
    return h;
  }

  it("SIGTERM drains a finishing stream, cuts and settles stalled ones, answers 503 and exits 0", async () => {
    const h = await harness({ env: { VAULT_SHUTDOWN_GRACE_MS: "1500" } });
    const grant = await h.grants.create([{ provider: "openai", capabilities: ["chat"] }]);
    const headers = { authorization: `Bearer ${grant.token}`, "content-type": "application/json" };
    h.fake.reply((req) =>
      req.json().messages[0].content === "short"
        ? { sse: stream(30), eventDelayMs: 30 }
        : { sse: stream(30), cutAfterEvents: { events: 2, how: "stall" } },
    );
    const url = `${h.vault.url}/v1/openai/chat/completions`;
    const texts = ["short", "stall", "stall"].map((c) => fetch(url, { method: "POST", headers, body: body(c) }).then((r) => r.text()));
    await waitFor(() => h.fake.requests.length === 3, 3_000, "three live streams");
    await new Promise((r) => setTimeout(r, 100));
    h.vault.child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 150));
    const late = await fetch(url, { method: "POST", headers, body: body("late") });
    expect(late.status).toBe(503);
    expect((await late.json()).error.type).toBe("vault_unavailable");

    const [short, stalledA, stalledB] = await Promise.all(texts);
    expect(short).toContain("w29 ");
    expect(short!.trimEnd().endsWith("data: [DONE]")).toBe(true);
    for (const stalled of [stalledA!, stalledB!]) {
      expect(stalled).toContain("w1 ");
      expect(stalled).toContain('"type":"vault_unavailable"');
    }
    expect(await h.stop()).toBe(0);
    expect(h.fake.requests).toHaveLength(3); // the late request never went upstream

    const events = await h.grants.usage(grant.grantId);
    expect(events.map((e) => e.outcome).sort()).toEqual(["ok", "shutdown", "shutdown"]);
    expect(events.find((e) => e.outcome === "ok")).toMatchObject({ outputTokens: 30, estimated: false });
    expect(events.filter((e) => e.outcome === "shutdown").every((e) => e.estimated && e.costMicros >= 1n)).toBe(true);
    const holds = await h.grants.holds(grant.scopeIds[0]!);
    expect(holds.every((x) => x.state === "settled")).toBe(true);
    for (const w of await h.grants.windows(grant.scopeIds[0]!)) expect(w.heldMicros).toBe(0n);
  });

  it("kill -9 mid-stream, then restart: the sweeper settles the hold at its reservation; a late settle changes nothing", async () => {
    const h = await harness();
    const grant = await h.grants.create([{ provider: "openai", capabilities: ["chat"] }]);
    h.fake.reply(() => ({ sse: stream(30), cutAfterEvents: { events: 2, how: "stall" } }));
    const pending = fetch(`${h.vault.url}/v1/openai/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${grant.token}`, "content-type": "application/json" },
      body: body("crash"),
    })
      .then((r) => r.text())
      .catch(() => "");
    await waitFor(() => h.fake.requests.length === 1, 3_000, "the stream to start");
    await new Promise((r) => setTimeout(r, 100));
    await h.vault.stop("SIGKILL");
    await pending;
    const [hold] = await h.grants.holds(grant.scopeIds[0]!);
    expect(hold).toMatchObject({ state: "held" });
    // Time passes beyond the longest request: the hold is stale.
    await h.grants.db.hold.update({ where: { id: hold!.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

    const { PORT: _port, ...env } = h.vault.env;
    const restarted = await startVault({ databaseUrl: h.databaseUrl, dataDir: h.vault.dataDir, env });
    try {
      const swept = await waitFor(
        async () => {
          const [x] = await h.grants.holds(grant.scopeIds[0]!);
          return x!.state === "swept" ? x : null;
        },
        5_000,
        "the sweeper",
      );
      expect(swept.settledMicros).toBe(hold!.amountMicros);
      const [usage] = await h.grants.usage(grant.grantId);
      expect(usage).toMatchObject({ outcome: "swept", estimated: true, costMicros: hold!.amountMicros });
      const month = (await h.grants.windows(grant.scopeIds[0]!)).find((w) => w.window.startsWith("m:"))!;
      expect(month).toMatchObject({ committedMicros: hold!.amountMicros, heldMicros: 0n });

      const store = openLedgerStore(h.databaseUrl);
      const late = await store.settle({
        holdId: hold!.id,
        costMicros: 1n,
        nowMs: Date.now(),
        status: 200,
        outcome: "ok",
        model: null,
        usage: ZERO_USAGE,
        estimated: false,
        latencyMs: 1,
        ttfbMs: 1,
      });
      await store.close();
      expect(late).toBeNull();
      const after = (await h.grants.windows(grant.scopeIds[0]!)).find((w) => w.window.startsWith("m:"))!;
      expect(after).toMatchObject({ committedMicros: hold!.amountMicros, heldMicros: 0n });
      const [usageAfter] = await h.grants.usage(grant.grantId);
      expect(usageAfter).toMatchObject({ outcome: "swept", estimated: true, costMicros: hold!.amountMicros }); // the late figures change nothing
    } finally {
      expect(await restarted.stop()).toBe(0);
      await h.stop();
    }
  });
  it("requests still sending their body (or waiting in admission) when SIGTERM comes are drained too, then stopped and settled", async () => {
    const h = await harness({ env: { VAULT_SHUTDOWN_GRACE_MS: "4000" } });
    const grant = await h.grants.create([{ provider: "openai", capabilities: ["chat"] }]);
    const scopeId = grant.scopeIds[0]!;
    const headers = { authorization: `Bearer ${grant.token}`, "content-type": "application/json" };
    h.fake.reply(() => ({ sse: stream(30), cutAfterEvents: { events: 2, how: "stall" } })); // every stream outlives the grace period
    const url = `${h.vault.url}/v1/openai/chat/completions`;
    const finishing = await slowBodyPost(url, headers, body("sends the rest of its body during the drain"));
    const stuck = await slowBodyPost(url, headers, body("never sends the rest"));

    // PostgreSQL: one more request waits inside its admission (its spend window row is locked). On
    // SQLite an admission is one synchronous transaction: no signal can arrive in the middle of it.
    let admitting: Promise<string> | null = null;
    let locker: pg.Client | null = null;
    if (kind === "postgres") {
      locker = new pg.Client({ connectionString: h.databaseUrl });
      await locker.connect();
      const month = spendWindows(Date.now()).month;
      await locker.query(
        `INSERT INTO "SpendWindow" ("scopeId", "window", "committedMicros", "heldMicros") VALUES ($1, $2, 0, 0) ON CONFLICT DO NOTHING`,
        [scopeId, month],
      );
      await locker.query("BEGIN");
      await locker.query(`SELECT 1 FROM "SpendWindow" WHERE "scopeId" = $1 AND "window" = $2 FOR UPDATE`, [scopeId, month]);
      admitting = fetch(url, { method: "POST", headers, body: body("waits in admission") }).then((r) => r.text());
      await waitFor(
        async () => {
          const { rows } = await locker!.query(
            // (the session's query text may still show its previous statement: extended protocol)
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          return rows[0].n === 1;
        },
        5_000,
        "the admission to wait for the lock",
      );
    }

    h.vault.child.kill("SIGTERM");
    // The drain has started: /readyz answers 503 (or nothing listens any more, which the assertions
    // below then catch). A probe meeting a keep-alive connection the vault just closed is a "not yet".
    await waitFor(
      () =>
        fetch(`${h.vault.url}/readyz`).then(
          (r) => r.status === 503,
          (e: { cause?: { code?: string } }) => e.cause?.code === "ECONNREFUSED",
        ),
      3_000,
      "the drain to start",
    );
    finishing.sendRest();
    if (locker) {
      await locker.query("COMMIT");
      await locker.end();
    }

    const [late, stopped] = await Promise.all([finishing.answer, stuck.answer]);
    expect(late).toMatchObject({ status: 200 }); // admitted and streamed during the drain...
    expect((late as { text: string }).text).toContain("w1 ");
    expect((late as { text: string }).text).toContain('"type":"vault_unavailable"'); // ...then stopped at the deadline
    expect(stopped).toMatchObject({ status: 503 }); // still waiting for its body at the deadline
    expect(JSON.parse((stopped as { text: string }).text).error.type).toBe("vault_unavailable");
    if (admitting) {
      const text = await admitting;
      expect(text).toContain("w1 ");
      expect(text).toContain('"type":"vault_unavailable"');
    }
    expect(await h.stop()).toBe(0);
    expect(h.vault.output()).toContain('"msg":"stopped"');

    const events = await h.grants.usage(grant.grantId);
    expect(events.map((e) => e.outcome)).toEqual(kind === "postgres" ? ["shutdown", "shutdown"] : ["shutdown"]);
    expect(events.every((e) => e.estimated && e.costMicros >= 1n)).toBe(true);
    expect((await h.grants.holds(scopeId)).every((x) => x.state === "settled")).toBe(true);
    await expectBalancedLedger(h, grant.grantId, scopeId);
  });

  it("a stream that outlives its hold's expiry keeps its hold (its instance renews it) and is settled at its real cost", async () => {
    // Holds of this vault expire 2 s + a minute after admission.
    const h = await harness({ env: { VAULT_UPSTREAM_TIMEOUT_MS: "2000" } });
    const grant = await h.grants.create([{ provider: "openai", capabilities: ["chat"] }]);
    const scopeId = grant.scopeIds[0]!;
    const release = pausedStream(h);
    const openai = h.openai(grant.token);
    const text = (async () => {
      let out = "";
      const chunks = await openai.chat.completions.create({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: "a long answer" }],
        stream: true,
      });
      for await (const chunk of chunks) out += chunk.choices[0]?.delta?.content ?? "";
      return out;
    })();
    const admitted = await heldHold(h, scopeId);
    const renewed = await waitFor(
      async () => {
        const [x] = await h.grants.holds(scopeId);
        return x!.expiresAt.getTime() > admitted.expiresAt.getTime() ? x! : null;
      },
      10_000,
      "the live stream's hold to be renewed",
    );
    expect(renewed.state).toBe("held");

    // Any instance sweeping after the admitted expiry leaves the live hold alone.
    expect(await sweepElsewhere(h, admitted.expiresAt.getTime() + 1_000)).toBe(0);
    release();
    expect(await text).toContain("w29 ");
    const [usage] = await settledUsage(h, grant.grantId);
    expect(usage).toMatchObject({ outcome: "ok", estimated: false, inputTokens: 9, outputTokens: 30 });
    const [hold] = await h.grants.holds(scopeId);
    expect(hold).toMatchObject({ state: "settled", settledMicros: usage!.costMicros });
    await expectBalancedLedger(h, grant.grantId, scopeId);
    expect(await h.stop()).toBe(0);
  });

  it("a hold swept while its stream still ran keeps its swept usage event when the stream settles late: usage sums to committed", async () => {
    const h = await harness();
    const grant = await h.grants.create([{ provider: "openai", capabilities: ["chat"] }]);
    const scopeId = grant.scopeIds[0]!;
    const release = pausedStream(h);
    const text = fetch(`${h.vault.url}/v1/openai/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${grant.token}`, "content-type": "application/json" },
      body: body("swept"),
    }).then((r) => r.text());
    const hold = await heldHold(h, grant.scopeIds[0]!);
    // A sweeper whose clock is past the hold's expiry (as when renewals could not reach the database).
    expect(await sweepElsewhere(h, hold.expiresAt.getTime() + 1_000)).toBe(1);
    release();
    expect(await text).toContain("w29 "); // a sweep never cuts a stream
    await waitFor(() => h.vault.output().includes("already swept"), 5_000, "the late settlement");
    const [usage] = await h.grants.usage(grant.grantId);
    expect(usage).toMatchObject({ outcome: "swept", estimated: true, costMicros: hold.amountMicros });
    expect((await h.grants.holds(scopeId))[0]).toMatchObject({ state: "swept", settledMicros: hold.amountMicros });
    await expectBalancedLedger(h, grant.grantId, scopeId);
    expect(await h.stop()).toBe(0);
  });
});
