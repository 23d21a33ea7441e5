/**
 * At most 100 requests wait for the owner, however they arrive: 200 at once to one instance, or 150
 * at once to each of two instances on one PostgreSQL. The count and the insert are one transaction
 * under a per-owner lock, so no two requests take the same free place. The requests beyond the
 * limit get 429 rate_limited with retry-after, dialect A's answer included (its error_code says so).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/test/support/databases";
import { startOkapVault, type OkapVault } from "@/test/support/okap-vault";
import { startVault, type VaultProcess } from "@/test/support/vault-server";

const LIMIT = 100;
const bodyB = {
  okap: "1.0",
  authorization_details: [{ type: "ai_model_access", provider: "openai", models: ["gpt-4o-mini"] }],
  client: { name: "Flood App", url: "https://flood.example.com" },
};

function askAsync(url: string): Promise<Response> {
  return fetch(`${url}/okap/authorize`, {
    method: "POST",
    headers: { "content-type": "application/json", prefer: "respond-async" },
    body: JSON.stringify(bodyB),
  });
}

describeEachDatabase("the pending-request limit on $kind", (kind) => {
  let v: OkapVault;
  let second: VaultProcess | null = null;
  const pending = () => v.db.accessRequest.count({ where: { status: "pending" } });

  beforeAll(async () => {
    v = await startOkapVault(kind, { providers: ["openai"] });
    if (kind === "postgres") second = await startVault({ databaseUrl: v.databaseUrl, dataDir: v.vault.dataDir });
  });
  afterAll(async () => {
    if (second) expect(await second.stop()).toBe(0);
    await v.stop();
  });

  it("200 concurrent async requests to one instance: exactly 100 wait, the rest get 429 rate_limited", async () => {
    const answers = await Promise.all(Array.from({ length: 200 }, () => askAsync(v.vault.url)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(200 - LIMIT);
    const refused = answers.find((a) => a.status === 429)!;
    expect(refused.headers.get("retry-after")).toBe("60");
    expect((await refused.json()).error).toMatchObject({ type: "rate_limited" });
    expect(await pending()).toBe(LIMIT);

    // Dialect A's answer to the flood carries a rate-limit code, not invalid_request.
    const a = await fetch(`${v.vault.url}/okap/request`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ provider: "openai", app_name: "Flood A" }),
    });
    expect(a.status).toBe(429);
    expect(await a.json()).toMatchObject({ approved: false, error_code: "rate_limited" });
  });

  it.runIf(kind === "postgres")("150 concurrent async requests to each of two instances: never more than 100 wait", async () => {
    await v.db.accessRequest.updateMany({ where: { status: "pending" }, data: { status: "denied", decidedAt: new Date() } });
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) => askAsync(i % 2 ? v.vault.url : second!.url).then((r) => r.status)),
    );
    // A pool that waited too long answers 503 vault_unavailable (retryable), never 500, and never a 101st.
    expect(answers.filter((s) => s !== 202 && s !== 429 && s !== 503)).toEqual([]);
    const waiting = answers.filter((s) => s === 202).length;
    expect(waiting).toBeLessThanOrEqual(LIMIT);
    expect(answers.filter((s) => s === 429).length).toBeGreaterThanOrEqual(300 - LIMIT - answers.filter((s) => s === 503).length);
    expect(await pending()).toBe(waiting);
  });
});
