import { z } from "zod";
import { paginationQuery } from "@/lib/foundation/validation/pagination";
import { isoDate } from "@/lib/foundation/validation/iso-date";

export const auditEventView = z.object({
  seq: z.number().int(),
  action: z.string(),
  actor: z.object({ type: z.string(), id: z.string().nullable() }),
  target: z.object({ type: z.string().nullable(), id: z.string().nullable() }),
  metadata: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  created_at: z.string(),
});
export type AuditEventView = z.infer<typeof auditEventView>;

/** Filters shared by the audit page, its export and the management API. */
export const auditFilters = {
  action: z
    .string()
    .max(64)
    .regex(/^[a-z_.]+$/, "action has only lowercase letters, dots and underscores")
    .optional(),
  actor_type: z.enum(["user", "cli", "app", "policy", "system", "management_key"]).optional(),
  target_id: z.string().max(64).optional(),
  since: isoDate("since").optional(),
  until: isoDate("until").optional(),
};

export const auditListQuery = z.object({ ...auditFilters, ...paginationQuery }).strict();
export const auditExportQuery = z
  .object({ ...auditFilters, format: z.enum(["csv", "json"], { error: 'format must be "csv" or "json"' }) })
  .strict();

export type AuditFilter = {
  action?: string;
  actor_type?: string;
  target_id?: string;
  since?: Date;
  until?: Date;
};

export function toAuditEventView(row: {
  seq: number;
  action: string;
  actorType: string;
  actorId: string | null;
  targetType: string | null;
  targetId: string | null;
  metadata: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
}): AuditEventView {
  let metadata: Record<string, unknown> = {};
  try {
    metadata = JSON.parse(row.metadata) as Record<string, unknown>;
  } catch {
    metadata = {};
  }
  return {
    seq: row.seq,
    action: row.action,
    actor: { type: row.actorType, id: row.actorId },
    target: { type: row.targetType, id: row.targetId },
    metadata,
    ip: row.ip,
    user_agent: row.userAgent,
    created_at: row.createdAt.toISOString(),
  };
}
