/** Storing API credentials: encrypted, bound to destinations, listed without values, bad input refused. */
import { afterAll, beforeAll, expect, it } from "vitest";
import { vaultKeys } from "@/lib/foundation/crypto/vault-keys";
import { migrateDatabase } from "@/lib/foundation/db/migrate";
import { addCredential } from "@/lib/domain/credentials/add-credential";
import { openCredential } from "@/lib/domain/credentials/credential-cipher";
import { listCredentials } from "@/lib/domain/credentials/list-credentials";
import { removeCredential } from "@/lib/domain/credentials/remove-credential";
import { describeEachDatabase, freshDatabaseUrl } from "@/test/support/databases";
import { GrantFactory, newSecretKey } from "@/test/support/grants";

const CANARY = "ghp_CANARY" + "cr3dStoreQ9xW2vB8nM4kL6jH3";

describeEachDatabase("API credentials on $kind", (kind) => {
  let grants: GrantFactory;
  let userId: string;
  const cli = { type: "cli" as const };

  beforeAll(async () => {
    const url = await freshDatabaseUrl(kind);
    await migrateDatabase(url);
    grants = new GrantFactory(url, newSecretKey());
    userId = (await grants.create([{ provider: "openai" }])).userId;
  });
  afterAll(() => grants.close());

  it("stores an api_key encrypted and lists it without its value", async () => {
    const view = await addCredential(grants.db, cli, userId, {
      name: "GITHUB_TOKEN",
      kind: "api_key",
      destinations: ["api.github.com", "https://uploads.github.com"],
      account: "work@example.com",
      value: CANARY,
    });
    expect(view).toMatchObject({
      name: "GITHUB_TOKEN",
      kind: "api_key",
      account: "work@example.com",
      destinations: ["https://api.github.com", "https://uploads.github.com"],
      last4: CANARY.slice(-4),
      grants_using: 0,
    });
    const listed = await listCredentials(grants.db, userId);
    expect(JSON.stringify(listed)).not.toContain(CANARY.slice(0, 12));
    const row = await grants.db.credential.findUniqueOrThrow({ where: { id: view.id } });
    expect(Buffer.from(row.ciphertext).toString("latin1")).not.toContain(CANARY.slice(4, 16));
    expect(openCredential(vaultKeys(), row)).toEqual({ kind: "api_key", value: CANARY });
    // copied into another row, the ciphertext no longer opens
    expect(() => openCredential(vaultKeys(), { ...row, name: "OTHER" })).toThrow(/failed authentication/);
  });

  it("reads basic as user:password and oauth2 as its JSON object", async () => {
    const basic = await addCredential(grants.db, cli, userId, {
      name: "JIRA",
      kind: "basic",
      destinations: ["*.atlassian.net"],
      value: "me@example.com:api-token-123456789",
    });
    const row = await grants.db.credential.findUniqueOrThrow({ where: { id: basic.id } });
    expect(openCredential(vaultKeys(), row)).toEqual({ kind: "basic", user: "me@example.com", password: "api-token-123456789" });
    const oauth = await addCredential(grants.db, cli, userId, {
      name: "GMAIL",
      kind: "oauth2",
      destinations: ["gmail.googleapis.com"],
      value: JSON.stringify({
        access_token: "ya29.access-token-abcdef",
        refresh_token: "1//refresh",
        token_url: "https://oauth2.googleapis.com/token",
      }),
    });
    expect(oauth.last4).toBe("cdef");
  });

  it.each([
    [{ name: "github_token" }, "name"],
    [{ name: "G" }, "name"],
    [{ value: "" }, "value"],
    [{ value: "x".repeat(1024 * 1024) }, "value"],
    [{ destinations: ["https://api.github.com/repos"] }, "destinations.0"],
    [{ destinations: ["https://u:p@api.github.com"] }, "destinations.0"],
    [{ destinations: ["javascript:alert(1)"] }, "destinations.0"],
    [{ destinations: ["http://*.example.com"] }, "destinations.0"],
    [{ destinations: [] }, "destinations"],
    [{ kind: "basic", value: "no-colon-here" }, "value"],
    [{ kind: "oauth2", value: "{not json" }, "value"],
    [{ kind: "oauth2", value: '{"refresh_token":"x"}' }, "access_token"],
    [{ kind: "password" }, "kind"],
  ])("refuses bad input (field %2$s) and stores nothing: case %#", async (change, field) => {
    const before = await grants.db.credential.count();
    await expect(
      addCredential(grants.db, cli, userId, {
        name: "BAD_ONE",
        kind: "api_key",
        destinations: ["api.example.com"],
        value: "v".repeat(20),
        ...change,
      }),
    ).rejects.toMatchObject({ code: "invalid_request", field });
    expect(await grants.db.credential.count()).toBe(before);
  });

  it("refuses a second credential with the same name and account", async () => {
    const input = { name: "STRIPE_KEY", kind: "api_key", destinations: ["api.stripe.com"], value: "sk_test_1234567890" };
    await addCredential(grants.db, cli, userId, input);
    await expect(addCredential(grants.db, cli, userId, input)).rejects.toMatchObject({ code: "conflict" });
    await addCredential(grants.db, cli, userId, { ...input, account: "other" });
  });

  it("removes a credential no grant uses; another user's id is not found", async () => {
    const view = await addCredential(grants.db, cli, userId, {
      name: "TEMP_KEY",
      kind: "api_key",
      destinations: ["api.example.com"],
      value: "temp-value-1234",
    });
    await expect(removeCredential(grants.db, cli, "usr_other", view.id)).rejects.toMatchObject({ code: "not_found" });
    await removeCredential(grants.db, cli, userId, view.id);
    expect(await grants.db.credential.findUnique({ where: { id: view.id } })).toBeNull();
  });
});
