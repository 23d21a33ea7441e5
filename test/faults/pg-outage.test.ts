/**
 * PostgreSQL going away, as an operator sees it: stopped (refusing), then hung (SIGSTOP: connections
 * open, nothing answers). Every surface answers 503 vault_unavailable with retry-after, never 500:
 * the proxy, /okap/authorize, the management API and the pages; a hung database gives its 503 within
 * the pools' timeouts instead of hanging with it, /readyz says not ready; the log gets a handful of
 * single-line entries (one when the database goes, a summary, one when it is back), not one per
 * refused request; and the vault recovers by itself. Runs on a throwaway cluster of its own.
 */
import { describe, expect, it } from "vitest";
import { chatBody } from "@/test/support/chat-fixtures";
import { FakeUpstream } from "@/test/support/fake-upstream";
import { GrantFactory, newSecretKey, OWNER_PASSWORD } from "@/test/support/grants";
import { ManagementApi } from "@/test/support/management-api";
import { ThrowawayPostgres } from "@/test/support/throwaway-postgres";
import { startVault, type VaultProcess } from "@/test/support/vault-server";
import { waitFor } from "@/test/support/wait-for";
import { WebClient } from "@/test/support/web-client";

const okapBody = JSON.stringify({
  okap: "1.0",
  authorization_details: [{ type: "ai_model_access", provider: "openai" }],
  client: { name: "Outage App", url: "https://outage.example.com" },
});

describe("PostgreSQL stopped, then hung", () => {
  it("answers 503 vault_unavailable everywhere, writes a handful of log lines, and recovers by itself", async (ctx) => {
    const pgServer = await ThrowawayPostgres.create();
    if ("skip" in pgServer) return ctx.skip(`cannot run a throwaway PostgreSQL cluster here: ${pgServer.skip}`);
    const fake = await FakeUpstream.start();
    let vault: VaultProcess | null = null;
    let grants: GrantFactory | null = null;
    try {
      const databaseUrl = await pgServer.createDatabase("vault");
      const secret = newSecretKey();
      vault = await startVault({ databaseUrl, env: { ...fake.env(), VAULT_SECRET_KEY: secret, VAULT_HEARTBEAT_MS: "1000" } });
      grants = new GrantFactory(databaseUrl, secret);
      // Uncapped: the recorded chat fixture reports 1,200 prompt tokens for "hi", more than any reservation,
      // which on a capped entry starts overshoot containment and its (asynchronous) notice line.
      const grant = await grants.create([{ provider: "openai", capabilities: ["chat"], monthlyUsd: null }]);
      const api = await ManagementApi.create(vault.url, grants.db, grant.userId, "read");
      const owner = new WebClient(vault.url);
      expect((await owner.signIn(grants.ownerEmail, OWNER_PASSWORD)).status).toBe(200);
      await grants.close();
      const url = vault.url;
      const proxy = (signal?: AbortSignal) =>
        fetch(`${url}/v1/openai/chat/completions`, {
          method: "POST",
          headers: { authorization: `Bearer ${grant.token}`, "content-type": "application/json" },
          body: chatBody("hi", { max_tokens: 20 }),
          signal,
        });
      const everySurface = async () => [
        await proxy(),
        await fetch(`${url}/okap/authorize`, { method: "POST", headers: { "content-type": "application/json" }, body: okapBody }),
        await fetch(`${url}/api/v1/grants`, { headers: { authorization: `Bearer ${api.key}` } }),
        (await owner.request("GET", `/grants/${grant.grantId}`)) as unknown as Response,
      ];
      expect((await proxy()).status).toBe(200);
      expect((await api.get("/api/v1/grants")).status).toBe(200);

      // Stopped: refused connections.
      const before = vault.output().split("\n").length;
      await pgServer.stop();
      for (let round = 0; round < 25; round++) {
        const answers = await everySurface();
        expect(answers.map((a) => a.status)).toEqual([503, 503, 503, 503]);
        for (const a of answers) expect(a.headers.get("retry-after")).toMatch(/^\d+$/);
      }
      const okap = await fetch(`${url}/okap/authorize`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: okapBody,
      });
      expect((await okap.json()).error).toMatchObject({ type: "vault_unavailable" });
      const management = await fetch(`${url}/api/v1/grants`, { headers: { authorization: `Bearer ${api.key}` } });
      expect((await management.json()).error).toMatchObject({ type: "vault_unavailable" });
      expect((await fetch(`${url}/readyz`)).status).toBe(503);
      await pgServer.start();
      await waitFor(async () => (await proxy()).status === 200, 20_000, "the vault to serve again");
      await waitFor(() => vault!.output().includes("database reachable again"), 15_000, "the recovery line");
      const outage = vault
        .output()
        .split("\n")
        .slice(before - 1);
      expect(outage.length, outage.join("\n")).toBeLessThan(12); // 100+ refused answers
      expect(outage.join("\n")).not.toMatch(/unhandled error|"stack"|internal_error/);

      // Hung: connections stay open and nothing answers; the pools' timeouts turn it into a 503.
      pgServer.freeze();
      try {
        const hung = await proxy(AbortSignal.timeout(15_000));
        expect(hung.status).toBe(503);
        expect((await hung.json()).error).toMatchObject({ type: "vault_unavailable" });
        expect((await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(15_000) })).status).toBe(503);
      } finally {
        pgServer.thaw();
      }
      await waitFor(async () => (await proxy()).status === 200, 20_000, "the vault to serve again after the hang");
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      expect(vault.output()).not.toMatch(/unhandled error/);
      expect(await vault.stop()).toBe(0);
    } finally {
      await vault?.stop();
      await grants?.close().catch(() => undefined);
      await fake.close();
      await pgServer.destroy();
    }
  }, 180_000);
});
