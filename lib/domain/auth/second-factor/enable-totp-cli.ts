/** `vault user 2fa enable`: for headless servers, the factor is on at once; the output is the only copy of its secrets. */
import type { Db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import type { Actor } from "@/lib/domain/audit/record-audit-event";
import { enableTotp } from "@/lib/domain/auth/second-factor/enrol-totp";
import { newTotpSecret, otpauthUrl, TOTP_PERIOD_SECONDS } from "@/lib/domain/auth/second-factor/totp";

export async function enableTotpByEmail(
  db: Db,
  actor: Actor,
  email: string,
): Promise<{ otpauth_url: string; secret: string; recovery_codes: string[] }> {
  const user = await db.user.findUnique({ where: { email } });
  if (!user) throw new VaultError("not_found", `No account with email ${email}.`);
  if (user.totpEnabledAt) throw new VaultError("conflict", `Two-factor sign-in is already on for ${email}; turn it off first.`);
  const secret = newTotpSecret();
  // No code has been used yet: the step before now, so the first code from the app works.
  const step = Math.floor(Date.now() / 1000 / TOTP_PERIOD_SECONDS) - 2;
  const recovery_codes = await enableTotp(db, user.id, secret, step, null, actor, "cli");
  return { otpauth_url: otpauthUrl(secret, user.email), secret, recovery_codes };
}
