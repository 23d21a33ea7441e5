/**
 * Appends one row to the audit log. Call it with the transaction client of the change it records,
 * so both commit or neither does. Metadata holds identifiers and sizes, never a secret value.
 */
import type { Tx } from "@/lib/foundation/db/client";

export type Actor = {
  type: "user" | "cli" | "app" | "policy" | "system" | "management_key";
  id?: string | null;
  ip?: string | null;
  userAgent?: string | null;
};

export type AuditInput = {
  userId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  metadata?: Record<string, string | number | boolean | null | string[]>;
};

export async function recordAuditEvent(tx: Tx, actor: Actor, event: AuditInput): Promise<void> {
  await tx.auditEvent.create({
    data: {
      userId: event.userId,
      actorType: actor.type,
      actorId: actor.id ?? null,
      action: event.action,
      targetType: event.targetType ?? null,
      targetId: event.targetId ?? null,
      metadata: JSON.stringify(event.metadata ?? {}),
      ip: actor.ip ?? null,
      userAgent: actor.userAgent?.slice(0, 300) ?? null,
    },
  });
}
