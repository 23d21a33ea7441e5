import type { Db } from "@/lib/foundation/db/client";
import { skipTake, type Page } from "@/lib/foundation/validation/pagination";
import { toAuditEventView, type AuditEventView, type AuditFilter } from "@/lib/domain/audit/schemas";

/**
 * Who sees what: every account sees the events about itself; the owner also sees the events that
 * belong to no account (sign-in attempts for unknown emails, vault-wide changes).
 */
export function auditWhere(viewer: { id: string; role: string }, filter: AuditFilter) {
  return {
    OR: viewer.role === "owner" ? [{ userId: viewer.id }, { userId: null }] : [{ userId: viewer.id }],
    ...(filter.action ? (filter.action.endsWith(".") ? { action: { startsWith: filter.action } } : { action: filter.action }) : {}),
    ...(filter.actor_type ? { actorType: filter.actor_type } : {}),
    ...(filter.target_id ? { targetId: filter.target_id } : {}),
    ...(filter.since || filter.until
      ? { createdAt: { ...(filter.since ? { gte: filter.since } : {}), ...(filter.until ? { lt: filter.until } : {}) } }
      : {}),
  };
}

export async function listAuditEvents(
  db: Db,
  viewer: { id: string; role: string },
  filter: AuditFilter,
  page: Page,
): Promise<{ data: AuditEventView[]; page: number; limit: number; total: number }> {
  const where = auditWhere(viewer, filter);
  const [rows, total] = await Promise.all([
    db.auditEvent.findMany({ where, orderBy: { seq: "desc" }, ...skipTake(page) }),
    db.auditEvent.count({ where }),
  ]);
  return { data: rows.map(toAuditEventView), page: page.page, limit: page.limit, total };
}
