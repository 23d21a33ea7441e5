/**
 * An app waiting on the connection (OKAP section 1) while its vault instance stops (SIGTERM), on
 * SQLite and PostgreSQL. During the grace period a decision taken elsewhere (here the CLI, another
 * process) still reaches it; at the deadline it gets the dialect's "ask again" answer instead of a
 * cut connection, its request can no longer be approved, and the vault exits 0.
 */
import { expect, it } from "vitest";
import { describeEachDatabase } from "@/test/support/databases";
import { failedA, grantedA } from "@/test/support/okap-schemas";
import { startOkapVault } from "@/test/support/okap-vault";

const GRACE_MS = 1_500;
const REQUEST = {
  okap: "1.0",
  provider: "openai",
  models: ["gpt-4o-mini"],
  capabilities: ["chat"],
  limits: { monthly_spend: 5 },
  app_name: "Shutdown Test App",
  app_url: "https://app.example.com",
};

function ask(url: string): Promise<Response> {
  return fetch(`${url}/okap/request`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(REQUEST) });
}

describeEachDatabase("OKAP waits when the vault stops, on $kind", (kind) => {
  it("at the end of the grace period the app is told to ask again, and the request can no longer be approved", async () => {
    const v = await startOkapVault(kind, { env: { VAULT_SHUTDOWN_GRACE_MS: String(GRACE_MS) } });
    try {
      const response = await ask(v.vault.url);
      const id = await v.waitForPending();
      const stoppedAt = Date.now();
      const exit = v.vault.stop("SIGTERM");
      const text = await response.text();
      expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(GRACE_MS - 100); // it kept waiting for a decision first
      const body = failedA.parse(JSON.parse(text));
      expect(body).toMatchObject({ approved: false, error_code: "request_expired" });
      expect(body.error).toMatch(/ask again/i);
      expect(await exit).toBe(0);
      const row = await v.db.accessRequest.findUniqueOrThrow({ where: { id } });
      expect(row.status).toBe("abandoned");
      const approve = v.cli(["requests", "approve", id]);
      expect(approve.status).not.toBe(0);
      expect(await v.db.grant.count()).toBe(0);
    } finally {
      await v.stop();
    }
  });

  it("a decision taken on another process during the grace period still reaches the app", async () => {
    const v = await startOkapVault(kind, { env: { VAULT_SHUTDOWN_GRACE_MS: "10000" } });
    try {
      const response = await ask(v.vault.url);
      const id = await v.waitForPending();
      const exit = v.vault.stop("SIGTERM");
      await new Promise((r) => setTimeout(r, 300));
      const approve = v.cli(["requests", "approve", id, "--json"]);
      expect(approve.status, approve.stderr).toBe(0);
      const approvedAt = Date.now();
      const body = grantedA.parse(JSON.parse(await response.text()));
      expect(body.token.limits).toMatchObject({ monthly_spend: 5 });
      expect(await exit).toBe(0);
      expect(Date.now() - approvedAt).toBeLessThan(5_000); // once the last wait is answered, not at the 10 s deadline
      expect(await v.leaks([body.token.token])).toEqual([]);
    } finally {
      await v.stop();
    }
  });
});
