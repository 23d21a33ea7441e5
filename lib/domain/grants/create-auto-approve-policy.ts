import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import { newId } from "@/lib/foundation/crypto/random";
import type { Db } from "@/lib/foundation/db/client";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import { policyInput, toPolicyView, type PolicyView } from "@/lib/domain/grants/auto-approve-policy-views";

/** Adds an owner rule that approves matching requests without a click (audited). */
export async function createAutoApprovePolicy(db: Db, actor: Actor, userId: string, input: unknown): Promise<PolicyView> {
  const v = parseInput(policyInput, input);
  const row = await db.$transaction(async (tx) => {
    const created = await tx.autoApprovePolicy.create({
      data: {
        id: newId("pol"),
        userId,
        name: v.name,
        clientOrigin: v.client_origin,
        provider: v.provider,
        models: JSON.stringify(v.models),
        maxMonthlyMicros: v.max_monthly_spend,
        maxDailyMicros: v.max_daily_spend ?? null,
        maxRequestsPerMinute: v.max_requests_per_minute ?? null,
        maxExpiryDays: v.max_expiry_days,
      },
    });
    await recordAuditEvent(tx, actor, {
      userId,
      action: "auto_approve_policy.created",
      targetType: "auto_approve_policy",
      targetId: created.id,
      metadata: { name: v.name, client_origin: v.client_origin, provider: v.provider },
    });
    return created;
  });
  return toPolicyView(row);
}
