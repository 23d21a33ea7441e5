/** Finding the master key and sealing on a missing or wrong one, on a real database. */
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/foundation/db/client";
import { migrateDatabase } from "@/lib/foundation/db/migrate";
import { openVault } from "@/lib/foundation/crypto/open-vault";
import { sqliteUrl, tempDir } from "@/test/support/databases";
import { ROOT } from "@/test/support/vault-server";

const clients: Db[] = [];
async function freshDb(): Promise<{ db: Db; dataDir: string }> {
  const dataDir = tempDir();
  const url = sqliteUrl(dataDir);
  await migrateDatabase(url, ROOT);
  const db = createDb(url);
  clients.push(db);
  return { db, dataDir };
}
afterAll(async () => Promise.all(clients.map((c) => c.$disconnect())));

describe("opening the vault", () => {
  it("generates a 0600 key file on first start and reuses it afterwards", async () => {
    const { db, dataDir } = await freshDb();
    const first = await openVault({ secretKey: undefined, dataDir, db });
    expect(first).toMatchObject({ sealed: false, source: "generated" });
    const file = path.join(dataDir, "secret.key");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = await openVault({ secretKey: undefined, dataDir, db });
    expect(again).toMatchObject({ sealed: false, source: "file" });
    expect(!again.sealed && !first.sealed && again.ring.fingerprint === first.ring.fingerprint).toBe(true);
    // the stored fingerprint is not the key
    const stored = await db.setting.findUniqueOrThrow({ where: { scope_key: { scope: "vault", key: "key_fingerprint" } } });
    expect(readFileSync(file, "utf8")).not.toContain(stored.value);
  });

  it("uses VAULT_SECRET_KEY when set and writes no key file", async () => {
    const { db, dataDir } = await freshDb();
    const state = await openVault({ secretKey: randomBytes(32).toString("hex"), dataDir, db });
    expect(state).toMatchObject({ sealed: false, source: "env" });
    expect(existsSync(path.join(dataDir, "secret.key"))).toBe(false);
  });

  it("seals with a wrong key, a malformed key, or a deleted key file", async () => {
    const { db, dataDir } = await freshDb();
    const key = randomBytes(32).toString("base64");
    expect((await openVault({ secretKey: key, dataDir, db })).sealed).toBe(false);
    const wrong = await openVault({ secretKey: randomBytes(32).toString("base64"), dataDir, db });
    expect(wrong).toMatchObject({ sealed: true, reason: expect.stringMatching(/does not match/) });
    const short = await openVault({ secretKey: "too-short", dataDir, db });
    expect(short).toMatchObject({ sealed: true, reason: expect.stringMatching(/VAULT_SECRET_KEY must be 32 random bytes/) });
    expect(JSON.stringify(short)).not.toContain("too-short");
    // no env key and no key file, but the database has a fingerprint: never generate a new key
    const missing = await openVault({ secretKey: undefined, dataDir, db });
    expect(missing).toMatchObject({ sealed: true, reason: expect.stringMatching(/is missing/) });
    expect(existsSync(path.join(dataDir, "secret.key"))).toBe(false);
  });

  it("seals when the key file was replaced or corrupted", async () => {
    const { db, dataDir } = await freshDb();
    await openVault({ secretKey: undefined, dataDir, db });
    const file = path.join(dataDir, "secret.key");
    writeFileSync(file, randomBytes(32).toString("base64"));
    expect(await openVault({ secretKey: undefined, dataDir, db })).toMatchObject({
      sealed: true,
      reason: expect.stringMatching(/does not match/),
    });
    writeFileSync(file, "garbage");
    expect(await openVault({ secretKey: undefined, dataDir, db })).toMatchObject({
      sealed: true,
      reason: expect.stringMatching(/not a valid key/),
    });
    rmSync(file);
  });
});
