import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import type { Db } from "@/lib/foundation/db/client";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import {
  GRANT_DEFAULTS_KEY,
  grantDefaultsInput,
  serializeGrantDefaults,
  toGrantDefaultsView,
  type GrantDefaults,
  type GrantDefaultsView,
} from "@/lib/domain/grants/grant-defaults";
import { writeSetting } from "@/lib/foundation/db/settings";

/** Saves the user's defaults for new grants (what applies when a request leaves a limit open). */
export async function setGrantDefaults(db: Db, actor: Actor, userId: string, input: unknown): Promise<GrantDefaultsView> {
  const v = parseInput(grantDefaultsInput, input);
  const defaults: GrantDefaults = {
    monthlySpendMicros: v.monthly_spend,
    dailySpendMicros: v.daily_spend,
    requestsPerMinute: v.requests_per_minute,
    expiresInDays: v.expires_in_days,
  };
  const value = serializeGrantDefaults(defaults);
  const view = toGrantDefaultsView(defaults);
  await db.$transaction(async (tx) => {
    await writeSetting(tx, userId, GRANT_DEFAULTS_KEY, value);
    await recordAuditEvent(tx, actor, {
      userId,
      action: "settings.grant_defaults_changed",
      targetType: "user",
      targetId: userId,
      metadata: view,
    });
  });
  return view;
}
