import { defineOperation } from "@/lib/surfaces/management-api/operation";
import { pageEnvelope } from "@/lib/foundation/validation/pagination";
import { auditEventView, auditExportQuery, auditListQuery } from "@/lib/domain/audit/schemas";

export const listAuditLogOperation = defineOperation({
  method: "GET",
  path: "/api/v1/audit-log",
  tag: "Audit log",
  summary: "List audit events, newest first",
  description:
    "Filters: `action` (exact, or a prefix ending in a dot such as `grant.`), `actor_type`, `target_id`, `since`/`until` (ISO 8601).",
  access: "read",
  query: auditListQuery,
  response: pageEnvelope(auditEventView),
  errors: [400, 401, 403, 429],
});

export const exportAuditLogOperation = defineOperation({
  method: "GET",
  path: "/api/v1/audit-log/export",
  tag: "Audit log",
  summary: "Export every matching audit event as CSV or JSON",
  description: "CSV cells that a spreadsheet would run as a formula are prefixed with a single quote.",
  access: "read",
  query: auditExportQuery,
  response: { contentType: "text/csv", description: "CSV (format=csv) or a JSON array of audit events (format=json)" },
  errors: [400, 401, 403, 429],
});
