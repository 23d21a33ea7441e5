/**
 * Ghost holds after a crash. The vault is killed (SIGKILL) with streams in flight and started again
 * on the same data. The holds those streams left must not reserve the grant's budget until their
 * lifetime runs out (a quarter of an hour by default): on SQLite the start settles them at once, on
 * PostgreSQL whichever instance notices that the dead one's heartbeat stopped settles them. They are
 * charged their full reserved amount (the provider may have billed them), the windows hold nothing
 * any more, and the owner sees them on the grant's page as "vault restarted".
 */
import http, { type ClientRequest, type IncomingMessage } from "node:http";
import OpenAI from "openai";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/test/support/databases";
import { defaultReply } from "@/test/support/fake-upstream";
import { OWNER_PASSWORD, type TestGrant } from "@/test/support/grants";
import { startProxyHarness, type ProxyHarness } from "@/test/support/proxy-harness";
import { startVault, type VaultProcess } from "@/test/support/vault-server";
import { waitFor } from "@/test/support/wait-for";
import { WebClient } from "@/test/support/web-client";

const STREAMS = 12;
const STREAM_BODY = JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Count slowly" }], stream: true });

function openStream(url: string, token: string): Promise<{ req: ClientRequest; res: IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}/v1/openai/chat/completions`,
      { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } },
      (res) => {
        res.on("error", () => undefined);
        res.resume();
        resolve({ req, res });
      },
    );
    req.on("error", reject);
    req.end(STREAM_BODY);
  });
}

describeEachDatabase("a vault killed with streams in flight, on $kind", (kind) => {
  let h: ProxyHarness;
  let grant: TestGrant;
  let restarted: VaultProcess | null = null;

  beforeAll(async () => {
    h = await startProxyHarness(kind, { env: { VAULT_HEARTBEAT_MS: "400" } });
    grant = await h.grants.create([{ provider: "openai", capabilities: ["chat"], monthlyUsd: "5" }]);
  });
  afterAll(async () => {
    if (restarted) expect(await restarted.stop()).toBe(0);
    await h.stop();
  });

  it("leaves no hold reserving the budget after the restart: each is charged its reservation as 'vault restarted'", async () => {
    // Every stream sends its first event, then the provider goes quiet: the requests are in flight.
    h.fake.reply((req) => ({ ...defaultReply(req), cutAfterEvents: { events: 1, how: "stall" } }));
    const streams = await Promise.all(Array.from({ length: STREAMS }, () => openStream(h.vault.url, grant.token)));
    expect(streams.map((s) => s.res.statusCode)).toEqual(Array(STREAMS).fill(200));
    const scopeId = grant.scopeIds[0]!;
    const held = await h.grants.holds(scopeId);
    expect(held.filter((x) => x.state === "held")).toHaveLength(STREAMS);
    const reserved = held.reduce((sum, x) => sum + x.amountMicros, 0n);

    h.vault.child.kill("SIGKILL");
    await h.vault.stop();
    for (const s of streams) s.req.destroy();

    const { PORT: _port, ...env } = h.vault.env;
    restarted = await startVault({ dataDir: h.vault.dataDir, env });

    // SQLite: the start itself settles them; PostgreSQL: within a few heartbeats (400 ms here, 10 s by default).
    const holds = await waitFor(
      async () => {
        const rows = await h.grants.holds(scopeId);
        return rows.every((x) => x.state !== "held") ? rows : null;
      },
      kind === "sqlite" ? 3_000 : 15_000,
      "the dead vault's holds to be settled",
    );
    expect(holds.map((x) => x.settledMicros)).toEqual(holds.map((x) => x.amountMicros));
    const windows = await h.grants.windows(scopeId);
    expect(windows.map((w) => w.heldMicros)).toEqual(windows.map(() => 0n));
    expect(windows.map((w) => w.committedMicros)).toEqual(windows.map(() => reserved));
    const usage = await h.grants.usage(grant.grantId);
    expect(usage.map((u) => u.outcome)).toEqual(Array(STREAMS).fill("vault_restarted"));
    expect(usage.every((u) => u.estimated)).toBe(true);
    expect(usage.reduce((sum, u) => sum + u.costMicros, 0n)).toBe(reserved);

    // The restarted vault serves the grant with its budget free again.
    h.fake.reset();
    const openai = new OpenAI({ apiKey: grant.token, baseURL: `${restarted.url}/v1/openai`, maxRetries: 0 });
    const ok = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] });
    expect(ok.choices.length).toBeGreaterThan(0);

    // The owner sees why on the grant's page.
    const owner = new WebClient(restarted.url);
    expect((await owner.signIn(h.grants.ownerEmail, OWNER_PASSWORD)).status).toBe(200);
    const page = await owner.request("GET", `/grants/${grant.grantId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("vault restarted");
  });
});
