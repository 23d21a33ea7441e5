/** What every CLI command gets: the database (migrated), the opened vault and the acting user. */
import { mkdirSync } from "node:fs";
import os from "node:os";
import type { Actor } from "@/lib/domain/audit/record-audit-event";
import { openVault } from "@/lib/foundation/crypto/open-vault";
import { setSealState } from "@/lib/foundation/crypto/vault-keys";
import { db, type Db } from "@/lib/foundation/db/client";
import { migrateDatabase } from "@/lib/foundation/db/migrate";
import { env } from "@/lib/foundation/env";
import { emailSchema } from "@/lib/domain/auth/password";
import { CliError } from "@/cli/io";

export type CliContext = { db: Db; actor: Actor };

export async function openCliContext(): Promise<CliContext> {
  const config = env();
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  await migrateDatabase(config.databaseUrl);
  const state = await openVault({ secretKey: config.secretKey, dataDir: config.dataDir, db: db() });
  setSealState(state);
  if (state.sealed) throw new CliError(`the vault is sealed: ${state.reason}`);
  return { db: db(), actor: { type: "cli", id: null, ip: null, userAgent: `okap-vault-cli (${os.userInfo().username})` } };
}

/** The account a command acts for: --user EMAIL, or the owner. */
export async function actingUser(ctx: CliContext, email: string | undefined): Promise<{ id: string; email: string; role: string }> {
  if (email !== undefined) {
    const parsed = emailSchema.safeParse(email);
    const user = parsed.success ? await ctx.db.user.findUnique({ where: { email: parsed.data } }) : null;
    if (!user) throw new CliError(`no account with email ${email}`);
    return user;
  }
  const owner = await ctx.db.user.findFirst({ where: { role: "owner" } });
  if (!owner) throw new CliError("the vault has no owner yet: create one with `vault user create --email E --password-stdin`");
  return owner;
}
