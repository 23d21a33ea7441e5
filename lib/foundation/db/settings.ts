/**
 * Settings: text values (JSON, validated by their owners) by namespace and key. A namespace is
 * "vault" (vault-wide: the key fingerprint, the owner marker, upstream URLs) or a user id (that
 * user's grant defaults). The table's column for the namespace is named `scope` (a name kept so the
 * database needs no migration); this file is the only code that says so.
 */
import type { Db, Tx } from "@/lib/foundation/db/client";

export const VAULT_NAMESPACE = "vault";

type Client = Db | Tx;

const id = (namespace: string, key: string) => ({ scope_key: { scope: namespace, key } });

export async function readSetting(db: Client, namespace: string, key: string): Promise<string | null> {
  return (await db.setting.findUnique({ where: id(namespace, key) }))?.value ?? null;
}

/** Every setting of a namespace whose key starts with `prefix`. */
export async function readSettings(db: Client, namespace: string, prefix: string): Promise<{ key: string; value: string }[]> {
  const rows = await db.setting.findMany({ where: { scope: namespace, key: { startsWith: prefix } } });
  return rows.map((r) => ({ key: r.key, value: r.value }));
}

/** Inserts a setting that must not exist yet (a unique violation otherwise: first writer wins). */
export async function createSetting(db: Client, namespace: string, key: string, value: string): Promise<void> {
  await db.setting.create({ data: { scope: namespace, key, value } });
}

export async function writeSetting(db: Client, namespace: string, key: string, value: string): Promise<void> {
  await db.setting.upsert({ where: id(namespace, key), create: { scope: namespace, key, value }, update: { value } });
}

export async function deleteSetting(db: Client, namespace: string, key: string): Promise<void> {
  await db.setting.deleteMany({ where: { scope: namespace, key } });
}
