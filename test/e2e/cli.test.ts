/**
 * The admin CLI as a subprocess (`npm run --silent vault -- ...`), against the same data directory
 * and database as a running server: JSON on stdout, one line on stderr and a non-zero exit on
 * errors, secrets only from stdin.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase, freshDatabaseUrl, tempDir } from "@/test/support/databases";
import { runVaultCli } from "@/test/support/cli";
import { startVault, type VaultProcess } from "@/test/support/vault-server";
import { WebClient } from "@/test/support/web-client";

describeEachDatabase("admin CLI on $kind", (kind) => {
  const env: Record<string, string> = {};
  let vault: VaultProcess | undefined;

  beforeAll(async () => {
    env.VAULT_DATA_DIR = tempDir("okap-cli-");
    env.DATABASE_URL = await freshDatabaseUrl(kind);
  });
  afterAll(async () => {
    await vault?.stop();
  });

  it("creates the owner from stdin before the server ever ran, and the owner can sign in", async () => {
    const created = await runVaultCli(["user", "create", "--email", "Admin@Example.com", "--password-stdin", "--json"], {
      env,
      stdin: "a long enough password\n",
    });
    expect(created.stderr).not.toMatch(/error/i);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ email: "admin@example.com", role: "owner", id: expect.stringMatching(/^usr_/) });

    vault = await startVault({ dataDir: env.VAULT_DATA_DIR, databaseUrl: env.DATABASE_URL });
    const web = new WebClient(vault.url);
    expect((await web.signIn("admin@example.com", "a long enough password")).status).toBe(200);
    expect((await web.visit("/setup")).status).toBe(404);
  });

  it("adds a key from stdin, lists it as JSON (last 4 only) and removes it", async () => {
    const secret = "sk-cli-0123456789abcdefghijWXYZ";
    const added = await runVaultCli(["key", "add", "--provider", "anthropic", "--label", "team", "--json"], { env, stdin: secret + "\n" });
    expect(added.code).toBe(0);
    const key = JSON.parse(added.stdout);
    expect(key).toMatchObject({ provider: "anthropic", label: "team", last4: "WXYZ" });

    const listed = await runVaultCli(["key", "list", "--json"], { env });
    expect(listed.code).toBe(0);
    const keys = JSON.parse(listed.stdout);
    expect(keys).toEqual([expect.objectContaining({ id: key.id, provider: "anthropic", label: "team", last4: "WXYZ" })]);
    expect(listed.stdout).not.toContain(secret.slice(0, 10));

    const removed = await runVaultCli(["key", "remove", key.id, "--json"], { env });
    expect(removed.code).toBe(0);
    expect(JSON.parse(removed.stdout)).toEqual({ id: key.id, removed: true });
    expect(JSON.parse((await runVaultCli(["key", "list", "--json"], { env })).stdout)).toEqual([]);
  });

  it("fails with one line on stderr and a non-zero exit, changing nothing", async () => {
    const cases: [string[], string, RegExp][] = [
      [["key", "add", "--provider", "nope", "--label", "x"], "sk-abcdefghijklmnop", /^error: unknown provider "nope"/],
      [["key", "add", "--provider", "openai", "--label", "x"], "", /^error: key is required/],
      [["key", "add", "--provider", "openai", "--label", "x"], "x".repeat(100 * 1024), /^error: API key on stdin is too large/],
      [["key", "add", "--provider", "openai"], "sk-abcdefghijklmnop", /^error: --label is required/],
      [["key", "add", "--provider", "openai", "--label", "x", "--key", "sk-in-args"], "", /^error: Unknown option '--key'/],
      [["key", "remove", "key_doesnotexist0000000"], "", /^error: No such provider key\./],
      [["user", "create", "--email", "not-an-email", "--password-stdin"], "a long enough password", /^error: email is not a valid address/],
      [["user", "create", "--email", "x@example.com", "--password-stdin"], "short", /^error: password must be at least 12 characters/],
      [
        ["user", "create", "--email", "admin@example.com", "--password-stdin"],
        "another long password",
        /^error: An account with this email already exists/,
      ],
      [["frobnicate"], "", /^error: unknown command "frobnicate"/],
    ];
    for (const [args, stdin, message] of cases) {
      const result = await runVaultCli(args, { env, stdin });
      expect(result.code, args.join(" ")).not.toBe(0);
      expect(result.stdout, args.join(" ")).toBe("");
      expect(result.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(result.stderr, args.join(" ")).toMatch(message);
    }
    expect(JSON.parse((await runVaultCli(["key", "list", "--json"], { env })).stdout)).toEqual([]);
  });

  it("creates member accounts after the owner, each with their own keys", async () => {
    const member = await runVaultCli(["user", "create", "--email", "member@example.com", "--password-stdin", "--json"], {
      env,
      stdin: "member password 123",
    });
    expect(JSON.parse(member.stdout)).toMatchObject({ role: "member" });
    await runVaultCli(["key", "add", "--provider", "openai", "--label", "mine", "--user", "member@example.com"], {
      env,
      stdin: "sk-member-0000000000000000",
    });
    expect(JSON.parse((await runVaultCli(["key", "list", "--json", "--user", "member@example.com"], { env })).stdout)).toHaveLength(1);
    expect(JSON.parse((await runVaultCli(["key", "list", "--json"], { env })).stdout)).toHaveLength(0);
  });

  it("prints a usable VAULT_SECRET_KEY", async () => {
    const result = await runVaultCli(["secret-key", "generate", "--json"], { env });
    expect(Buffer.from(JSON.parse(result.stdout).key, "base64")).toHaveLength(32);
  });
});
