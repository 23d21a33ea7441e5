/**
 * E13 and E10 on SQLite and PostgreSQL. SIGTERM with live streams: new requests get 503, a stream
 * that finishes within the grace period is drained, stalled ones are cut and settled, exit 0.
 * kill -9 mid-stream: the hold stays held until the sweeper settles it at its reserved amount, and
 * a late settlement racing the sweeper charges nothing twice.
 */
import { describe, expect, it } from "vitest";
import { openProxyStore } from "@/lib/proxy/store/proxy-store-for";
import { ZERO_USAGE } from "@/lib/providers/types";
import { DATABASES, PG_SKIP_REASON } from "../support/databases";
import { startProxyHarness } from "../support/proxy-harness";
import { startVault } from "../support/vault-server";
import { waitFor } from "../support/wait-for";

function stream(words: number): string {
  let out = "";
  for (let i = 0; i < words; i++) out += `data: {"id":"c","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"w${i} "},"finish_reason":null}],"usage":null}\n\n`;
  return out + `data: {"id":"c","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":${words},"total_tokens":${9 + words}}}\n\ndata: [DONE]\n\n`;
}

const body = (content: string) => JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content }], stream: true });

describe.each(DATABASES)("shutdown and crash on $kind", ({ kind, skip }) => {
  if (skip) return void it.skip(`skipped: ${PG_SKIP_REASON}`, () => undefined);

  it("E13: SIGTERM drains a finishing stream, cuts and settles stalled ones, answers 503 and exits 0", async () => {
    const h = await startProxyHarness(kind, { env: { VAULT_SHUTDOWN_GRACE_MS: "1500" } });
    const grant = await h.grants.create([{ provider: "openai", capabilities: ["chat"] }]);
    const headers = { authorization: `Bearer ${grant.token}`, "content-type": "application/json" };
    h.fake.reply((req) => (req.json().messages[0].content === "short" ? { sse: stream(30), eventDelayMs: 30 } : { sse: stream(30), cutAfterEvents: { events: 2, how: "stall" } }));
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

  it("E10: kill -9 mid-stream, then restart: the sweeper settles the hold at its reservation; a late settle changes nothing", async () => {
    const h = await startProxyHarness(kind);
    const grant = await h.grants.create([{ provider: "openai", capabilities: ["chat"] }]);
    h.fake.reply(() => ({ sse: stream(30), cutAfterEvents: { events: 2, how: "stall" } }));
    const pending = fetch(`${h.vault.url}/v1/openai/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${grant.token}`, "content-type": "application/json" }, body: body("crash") })
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
      const swept = await waitFor(async () => {
        const [x] = await h.grants.holds(grant.scopeIds[0]!);
        return x!.state === "swept" ? x : null;
      }, 5_000, "the sweeper");
      expect(swept.settledMicros).toBe(hold!.amountMicros);
      const [usage] = await h.grants.usage(grant.grantId);
      expect(usage).toMatchObject({ outcome: "swept", estimated: true, costMicros: hold!.amountMicros });
      const month = (await h.grants.windows(grant.scopeIds[0]!)).find((w) => w.window.startsWith("m:"))!;
      expect(month).toMatchObject({ committedMicros: hold!.amountMicros, heldMicros: 0n });

      const store = openProxyStore(h.databaseUrl);
      const late = await store.settle({ holdId: hold!.id, costMicros: 1n, nowMs: Date.now(), status: 200, outcome: "ok", model: null, usage: ZERO_USAGE, estimated: false, latencyMs: 1, ttfbMs: 1 });
      await store.close();
      expect(late).toBeNull();
      const after = (await h.grants.windows(grant.scopeIds[0]!)).find((w) => w.window.startsWith("m:"))!;
      expect(after).toMatchObject({ committedMicros: hold!.amountMicros, heldMicros: 0n });
    } finally {
      expect(await restarted.stop()).toBe(0);
      await h.stop();
    }
  });
});
