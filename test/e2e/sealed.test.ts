/** A vault with a missing or wrong key starts sealed: a banner on pages, 503 vault_sealed on APIs. */
import { randomBytes } from "node:crypto";
import { renameSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startVault, type VaultProcess } from "@/test/support/vault-server";
import { WebClient } from "@/test/support/web-client";

const running: VaultProcess[] = [];
afterAll(async () => {
  await Promise.all(running.map((v) => v.stop()));
});

async function start(options: Parameters<typeof startVault>[0]) {
  const vault = await startVault(options);
  running.push(vault);
  return vault;
}

async function expectSealed(vault: VaultProcess, reason: RegExp) {
  const client = new WebClient(vault.url);
  const ready = await client.request("GET", "/readyz");
  expect(ready.status).toBe(503);
  expect(ready.json().checks.vault).toBe("sealed");
  for (const [method, url] of [
    ["GET", "/api/ui/keys"],
    ["POST", "/api/setup"],
    ["GET", "/api/auth/session"],
    ["POST", "/okap/request"],
    ["POST", "/v1/openai/chat/completions"],
  ]) {
    const response = await client.request(method!, url!, method === "GET" ? {} : { json: {} });
    expect(response.status, url).toBe(503);
    expect(response.json().error.type, url).toBe("vault_sealed");
  }
  const login = await client.visit("/login");
  expect(login.text).toContain("The vault is sealed");
  expect(login.text).toMatch(reason);
  expect((await client.visit("/setup")).status).toBe(404);
  const keys = await client.visit("/keys");
  expect(keys.text).toContain("The vault is sealed");
  expect(keys.text).not.toContain("Stored keys");
  expect(vault.output()).toMatch(/SEALED/);
}

describe("sealed vault", () => {
  it("seals with a wrong VAULT_SECRET_KEY, without printing it, and opens with the right one", async () => {
    const key = randomBytes(32).toString("base64");
    const first = await start({ env: { VAULT_SECRET_KEY: key } });
    const owner = new WebClient(first.url);
    expect((await owner.setup("sealed@example.com", "sealed owner password")).status).toBe(201);
    await first.stop();

    const wrongKey = randomBytes(32).toString("base64");
    const wrong = await start({ dataDir: first.dataDir, env: { VAULT_SECRET_KEY: wrongKey }, waitFor: "alive" });
    await expectSealed(wrong, /does not match/);
    expect(wrong.output()).not.toContain(wrongKey.slice(0, 8));
    await wrong.stop();

    const tooShort = await start({ dataDir: first.dataDir, env: { VAULT_SECRET_KEY: "short-and-wrong" }, waitFor: "alive" });
    await expectSealed(tooShort, /must be 32 random bytes/);
    expect(tooShort.output()).not.toContain("short-and-wrong");
    await tooShort.stop();

    const right = await start({ dataDir: first.dataDir, env: { VAULT_SECRET_KEY: key } });
    const client = new WebClient(right.url);
    expect((await client.signIn("sealed@example.com", "sealed owner password")).status).toBe(200);
  });

  it("seals when the generated key file is missing, instead of generating a new one", async () => {
    const first = await start({});
    expect((await new WebClient(first.url).setup("keyfile@example.com", "keyfile owner password")).status).toBe(201);
    await first.stop();
    const file = path.join(first.dataDir, "secret.key");
    renameSync(file, `${file}.bak`);
    const missing = await start({ dataDir: first.dataDir, waitFor: "alive" });
    await expectSealed(missing, /is missing/);
    await missing.stop();
    renameSync(`${file}.bak`, file);
    const restored = await start({ dataDir: first.dataDir });
    expect((await new WebClient(restored.url).signIn("keyfile@example.com", "keyfile owner password")).status).toBe(200);
  });
});
