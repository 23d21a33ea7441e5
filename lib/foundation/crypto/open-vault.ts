/**
 * Finds the master key and checks it against the database: VAULT_SECRET_KEY, else the key file in the
 * data directory, else (only for a database that never had a key) a new key written to that file with
 * mode 0600. The key's fingerprint is stored in the database on first use; a key with another
 * fingerprint, a missing key file or a malformed key seals the vault instead of starting unprotected.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import type { Db } from "@/lib/foundation/db/client";
import { deriveKeyRing, keyFingerprint, parseMasterKey } from "@/lib/foundation/crypto/key-ring";
import type { SealState } from "@/lib/foundation/crypto/vault-keys";
import { log } from "@/lib/foundation/log";
import { createSetting, readSetting, VAULT_NAMESPACE } from "@/lib/foundation/db/settings";

export const KEY_FILE = "secret.key";
const FINGERPRINT_KEY = "key_fingerprint";

type Source = { kek: Buffer; source: "env" | "file" | "generated" } | { sealed: string };

function readKeyFile(file: string): Source {
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) log.warn("the key file is readable by other users; run chmod 600 on it", { file, mode: mode.toString(8) });
  try {
    return { kek: parseMasterKey(readFileSync(file, "utf8")), source: "file" };
  } catch (error) {
    return { sealed: `the key file ${file} is not a valid key: ${(error as Error).message}` };
  }
}

function createKeyFile(file: string): Source {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const kek = randomBytes(32);
  try {
    writeFileSync(file, kek.toString("base64") + "\n", { flag: "wx", mode: 0o600 });
    chmodSync(file, 0o600);
    return { kek, source: "generated" };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return readKeyFile(file); // another process won
    throw error;
  }
}

async function storedFingerprint(db: Db): Promise<string | null> {
  return readSetting(db, VAULT_NAMESPACE, FINGERPRINT_KEY);
}

async function findKey(secretKey: string | undefined, dataDir: string, db: Db): Promise<Source> {
  if (secretKey !== undefined) {
    try {
      return { kek: parseMasterKey(secretKey), source: "env" };
    } catch (error) {
      return { sealed: `VAULT_SECRET_KEY ${(error as Error).message}` };
    }
  }
  const file = path.join(dataDir, KEY_FILE);
  if (existsSync(file)) return readKeyFile(file);
  if ((await storedFingerprint(db)) !== null) {
    return {
      sealed: `the key file ${file} is missing and VAULT_SECRET_KEY is not set, but this database was encrypted with a key; restore the key`,
    };
  }
  return createKeyFile(file);
}

export async function openVault(options: { secretKey: string | undefined; dataDir: string; db: Db }): Promise<SealState> {
  const found = await findKey(options.secretKey, options.dataDir, options.db);
  if ("sealed" in found) return { sealed: true, reason: found.sealed };
  const fingerprint = keyFingerprint(found.kek);
  let stored = await storedFingerprint(options.db);
  if (stored === null) {
    try {
      await createSetting(options.db, VAULT_NAMESPACE, FINGERPRINT_KEY, fingerprint);
      stored = fingerprint;
    } catch {
      stored = await storedFingerprint(options.db); // another instance stored its key first
    }
  }
  if (stored !== fingerprint) {
    return {
      sealed: true,
      reason:
        "the configured key does not match the key this database was encrypted with (fingerprint mismatch); " +
        "every instance sharing this database needs the same VAULT_SECRET_KEY",
      // Logged, never shown on pages: enough to tell keys apart, nothing about the key itself.
      detail: { key_fingerprint: fingerprint.slice(0, 8), database_key_fingerprint: stored?.slice(0, 8) ?? "unreadable" },
    };
  }
  return { sealed: false, ring: deriveKeyRing(found.kek), source: found.source };
}
