/**
 * The canary: a master key added over HTTP and by the CLI must never appear, not even a fragment
 * longer than 4 characters, in the database, the server's logs, the CLI's output or any response.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runVaultCli } from "@/test/support/cli";
import { describeEachDatabase, freshDatabaseUrl } from "@/test/support/databases";
import { databaseBytes, leakedFragments } from "@/test/support/leaks";
import { startVault, type VaultProcess } from "@/test/support/vault-server";
import { WebClient } from "@/test/support/web-client";

const canary = () => `sk-CANARY-${randomBytes(24).toString("base64url")}`;

describeEachDatabase("canary key on $kind", (kind) => {
  let vault: VaultProcess;
  let databaseUrl: string;
  const web: WebClient[] = [];
  const cliOutput: string[] = [];
  const httpKey = canary();
  const replacement = canary();
  const cliKey = canary();

  beforeAll(async () => {
    databaseUrl = await freshDatabaseUrl(kind);
    vault = await startVault({ databaseUrl });
  });
  afterAll(async () => {
    await vault.stop();
  });

  it("goes in over HTTP and the CLI, and is used everywhere the UI shows keys", async () => {
    const owner = new WebClient(vault.url);
    web.push(owner);
    expect((await owner.setup("canary@example.com", "canary owner password")).status).toBe(201);
    await owner.signIn("canary@example.com", "canary owner password");
    const added = await owner.request("POST", "/api/ui/keys", { json: { provider: "openai", label: "canary", key: httpKey } });
    expect(added.status).toBe(201);
    const id = added.json().id;
    // a duplicate label and a bad request that echo nothing of the key either
    expect((await owner.request("POST", "/api/ui/keys", { json: { provider: "openai", label: "canary", key: httpKey } })).status).toBe(409);
    expect((await owner.request("POST", "/api/ui/keys", { json: { provider: "nope", label: "x", key: httpKey } })).status).toBe(400);
    expect((await owner.request("PATCH", `/api/ui/keys/${id}`, { json: { key: replacement } })).status).toBe(200);
    for (const page of ["/", "/keys", "/settings"]) expect((await owner.visit(page)).status).toBe(200);
    await owner.request("GET", "/api/ui/keys");

    const cli = await runVaultCli(["key", "add", "--provider", "anthropic", "--label", "canary-cli", "--json"], {
      env: { VAULT_DATA_DIR: vault.dataDir, DATABASE_URL: databaseUrl },
      stdin: cliKey,
    });
    expect(cli.code).toBe(0);
    const listed = await runVaultCli(["key", "list", "--json"], { env: { VAULT_DATA_DIR: vault.dataDir, DATABASE_URL: databaseUrl } });
    cliOutput.push(cli.stdout, cli.stderr, listed.stdout, listed.stderr);
    expect(JSON.parse(listed.stdout)).toHaveLength(2);
  });

  it("leaves no fragment longer than 4 characters in the database, logs, CLI output or responses", async () => {
    const places: [string, string | Buffer][] = [
      ["database", databaseBytes(databaseUrl)],
      ["server log", vault.output()],
      ["CLI output", cliOutput.join("\n")],
      ["HTTP responses", web.flatMap((c) => c.transcript).join("\n")],
    ];
    expect(web[0]!.transcript.length).toBeGreaterThan(8);
    for (const secret of [httpKey, replacement, cliKey]) {
      for (const [where, bytes] of places) {
        expect(leakedFragments(secret, bytes, 4, { storesLast4: where === "database" }), `${where}`).toEqual([]);
      }
    }
  });
});
