import { z } from "zod";
import { safeName } from "@/lib/foundation/text/safe-text";

/**
 * What a management key may do: read, or read and write. The wire (the API's and CLI's JSON, the
 * OpenAPI `x-required-scope`) and the database column call it `scope`.
 */
export const MANAGEMENT_ACCESS = ["read", "write"] as const;
export type ManagementAccess = (typeof MANAGEMENT_ACCESS)[number];

export const createManagementKeyInput = z
  .object({ name: safeName("name", 64), scope: z.enum(MANAGEMENT_ACCESS, { error: 'scope must be "read" or "write"' }) })
  .strict();

/** What leaves the vault about a management key: never the key or its hash. */
export const managementKeyView = z.object({
  id: z.string(),
  name: z.string(),
  scope: z.enum(MANAGEMENT_ACCESS),
  last4: z.string(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});
export type ManagementKeyView = z.infer<typeof managementKeyView>;

export function toManagementKeyView(row: {
  id: string;
  name: string;
  scope: string;
  last4: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}): ManagementKeyView {
  return managementKeyView.parse({
    id: row.id,
    name: row.name,
    scope: row.scope,
    last4: row.last4,
    created_at: row.createdAt.toISOString(),
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
    revoked_at: row.revokedAt?.toISOString() ?? null,
  });
}
