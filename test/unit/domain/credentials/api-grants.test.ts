/**
 * api_access entries end to end in the domain: an app asks (alone or beside an AI entry), the owner
 * approves with narrowing and an account pick, the token's answer lists the API entry, the grant view
 * shows it, and the credential cannot be removed while the grant lives.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { migrateDatabase } from "@/lib/foundation/db/migrate";
import { approveAccessRequest } from "@/lib/domain/access-requests/approve-access-request";
import { claimRequestToken } from "@/lib/domain/access-requests/claim-request-token";
import { createAccessRequest } from "@/lib/domain/access-requests/create-access-request";
import { addCredential } from "@/lib/domain/credentials/add-credential";
import { removeCredential } from "@/lib/domain/credentials/remove-credential";
import { findGrantOrThrow } from "@/lib/domain/grants/find-grant-or-throw";
import { revokeGrant } from "@/lib/domain/grants/revoke-grant";
import { parseDialectB } from "@/lib/engines/okap/parse-dialect-b";
import { grantedBody } from "@/lib/engines/okap/render-outcome";
import { describeEachDatabase, freshDatabaseUrl } from "@/test/support/databases";
import { GrantFactory, newSecretKey } from "@/test/support/grants";

describeEachDatabase("api_access grants on $kind", (kind) => {
  let grants: GrantFactory;
  let userId: string;
  const cli = { type: "cli" as const };
  const app = { type: "app" as const, ip: "127.0.0.1", userAgent: "test" };
  let work: string;
  let personal: string;

  beforeAll(async () => {
    const url = await freshDatabaseUrl(kind);
    await migrateDatabase(url);
    grants = new GrantFactory(url, newSecretKey());
    userId = (await grants.create([{ provider: "openai" }])).userId;
    const add = (account: string | null) =>
      addCredential(grants.db, cli, userId, {
        name: "GITHUB_TOKEN",
        kind: "api_key",
        destinations: ["api.github.com"],
        account,
        value: `ghp_${account ?? "default"}_0123456789abcdef`,
      });
    work = (await add("work")).id;
    personal = (await add(null)).id;
  });
  afterAll(() => grants.close());

  const ask = (...entries: unknown[]) =>
    createAccessRequest(grants.db, app, {
      request: parseDialectB({ okap: "1.0", authorization_details: entries, client: { name: "Issue bot" } }),
      delivery: "async",
    });

  it("refuses an entry naming a credential the owner does not hold, storing nothing", async () => {
    const before = await grants.db.accessRequest.count();
    await expect(ask({ type: "api_access", hosts: ["api.stripe.com"], credentials: ["STRIPE_KEY"] })).rejects.toMatchObject({
      code: "provider_not_configured",
      extra: { credentials: ["STRIPE_KEY"] },
    });
    expect(await grants.db.accessRequest.count()).toBe(before);
  });

  it("grants AI and API entries in one token, narrowed by the owner, with the account they picked", async () => {
    const created = await ask(
      { type: "ai_model_access", provider: "openai" },
      { type: "api_access", hosts: ["api.github.com"], methods: ["GET", "POST"], limits: { requests_per_minute: 60 }, reason: "triage" },
    );
    const { grantId } = await approveAccessRequest(grants.db, cli, userId, created.id, {
      api_entries: [
        { index: 0, credential_ids: [work], methods: ["GET"], path_prefixes: ["/repos/acme"], limits: { requests_per_minute: 10 } },
      ],
    });
    const delivered = (await claimRequestToken(grants.db, app, created.id))!;
    const body = grantedBody("b", delivered, "https://vault.example.com") as { authorization_details: Record<string, unknown>[] };
    expect(body.authorization_details.map((e) => e.type)).toEqual(["ai_model_access", "api_access"]);
    expect(body.authorization_details[1]).toMatchObject({
      hosts: ["api.github.com"],
      credentials: ["GITHUB_TOKEN"],
      methods: ["GET"],
      path_prefixes: ["/repos/acme"],
      limits: { requests_per_minute: 10 },
      proxy_url: "https://vault.example.com/proxy",
    });
    expect(JSON.stringify(body)).not.toContain("0123456789abcdef");
    const view = await findGrantOrThrow(grants.db, userId, grantId);
    expect(view.api_scopes).toHaveLength(1);
    expect(view.api_scopes[0]!.credentials).toEqual([{ id: work, name: "GITHUB_TOKEN", account: "work" }]);

    await expect(removeCredential(grants.db, cli, userId, work)).rejects.toMatchObject({
      code: "key_in_use",
      extra: { grants: [grantId] },
    });
    await removeCredential(grants.db, cli, userId, personal); // not used by the grant
    await revokeGrant(grants.db, cli, userId, grantId);
    await removeCredential(grants.db, cli, userId, work);
  });

  it("refuses to widen methods or pick a credential the entry may not use", async () => {
    await addCredential(grants.db, cli, userId, {
      name: "STRIPE_KEY",
      kind: "api_key",
      destinations: ["api.stripe.com"],
      value: "sk_test_abcdefgh1234",
    });
    const stripe = (await grants.db.credential.findFirstOrThrow({ where: { name: "STRIPE_KEY" } })).id;
    await addCredential(grants.db, cli, userId, {
      name: "GITHUB_TOKEN",
      kind: "api_key",
      destinations: ["api.github.com"],
      value: "ghp_again_0123456789",
    });
    const created = await ask({ type: "api_access", hosts: ["api.github.com"], methods: ["GET"] });
    await expect(
      approveAccessRequest(grants.db, cli, userId, created.id, { api_entries: [{ index: 0, methods: ["DELETE"] }] }),
    ).rejects.toMatchObject({ code: "invalid_request", field: "api_entries.0.methods" });
    await expect(
      approveAccessRequest(grants.db, cli, userId, created.id, { api_entries: [{ index: 0, credential_ids: [stripe] }] }),
    ).rejects.toMatchObject({ code: "invalid_request", field: "api_entries.0.credential_ids" });
    await expect(
      approveAccessRequest(grants.db, cli, userId, created.id, { api_entries: [{ index: 0, path_prefixes: ["/../admin"] }] }),
    ).rejects.toMatchObject({ code: "invalid_request" });
  });
});
