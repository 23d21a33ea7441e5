import type { Db } from "@/lib/foundation/db/client";

export type AccountView = { totp_enabled: boolean; recovery_codes_left: number };

/** What Settings -> Account shows about the second factor (never a secret). */
export async function accountView(db: Db, userId: string): Promise<AccountView> {
  const [user, left] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: userId }, select: { totpEnabledAt: true } }),
    db.recoveryCode.count({ where: { userId, usedAt: null } }),
  ]);
  return { totp_enabled: user.totpEnabledAt !== null, recovery_codes_left: left };
}
