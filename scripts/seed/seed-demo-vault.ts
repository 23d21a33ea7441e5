/** The demo vault (see scripts/seed.ts): owner, keys, apps with their usage, one owner price. */
import type { Actor } from "@/lib/domain/audit/record-audit-event";
import type { Db } from "@/lib/foundation/db/client";
import { setPriceOverride } from "@/lib/domain/prices/set-price-override";
import { addProviderKey } from "@/lib/domain/provider-keys/add-provider-key";
import { createUser } from "@/lib/domain/users/create-user";
import { findVaultOwner } from "@/lib/domain/users/find-vault-owner";
import { DEMO_APPS } from "@/scripts/seed/demo-apps";
import { Random } from "@/scripts/seed/random";
import { seedApp, type SeededApp } from "@/scripts/seed/seed-app";

const KEYS = [
  { provider: "openai", label: "work", key: "sk-demo-openai-not-a-real-key-0000000000W0RK" },
  { provider: "anthropic", label: "personal", key: "sk-ant-demo-not-a-real-key-00000000000000PERS" },
  { provider: "google", label: "personal", key: "AIzaDemoNotARealKey000000000000000G00G" },
];

export async function seedDemoVault(
  db: Db,
  options: { email: string; password: string; seed: number; now?: Date },
): Promise<{ createdOwner: boolean; email: string; apps: SeededApp[] }> {
  const now = options.now ?? new Date();
  let owner = await findVaultOwner(db);
  const createdOwner = !owner;
  if (!owner)
    owner = await createUser(
      db,
      { type: "cli", userAgent: "okap-vault seed" },
      { email: options.email, password: options.password },
      { ownerOnly: true },
    );
  if ((await db.grant.count({ where: { userId: owner.id } })) > 0)
    throw new Error("this vault already has grants: seed a fresh vault (another VAULT_DATA_DIR or database)");
  const actor: Actor & { id: string } = { type: "user", id: owner.id, ip: "127.0.0.1", userAgent: "okap-vault seed" };
  const existing = await db.providerKey.findMany({ where: { userId: owner.id, deletedAt: null }, select: { provider: true } });
  for (const k of KEYS) {
    if (!existing.some((e) => e.provider === k.provider)) await addProviderKey(db, actor, owner.id, k);
  }
  const rng = new Random(options.seed);
  const apps: SeededApp[] = [];
  for (const app of DEMO_APPS) apps.push(await seedApp(db, actor, app, rng, now));
  const user = await db.user.findUniqueOrThrow({ where: { id: owner.id } });
  if (user.role === "owner") {
    await setPriceOverride(db, actor, user, {
      provider: "openai",
      model: "ft:gpt-4o-mini:notes",
      input: "0.3",
      output: "1.2",
      cache_read: "0.15",
    });
  }
  return { createdOwner, email: user.email, apps };
}
