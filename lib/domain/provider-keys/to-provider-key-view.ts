import { providerKeyView, type ProviderKeyView } from "@/lib/domain/provider-keys/schemas";

type Row = {
  id: string;
  provider: string;
  label: string;
  last4: string;
  createdAt: Date;
  updatedAt: Date;
  lastUsedAt: Date | null;
};

export function toProviderKeyView(row: Row, grantsUsing = 0): ProviderKeyView {
  return providerKeyView.parse({
    id: row.id,
    provider: row.provider,
    label: row.label,
    last4: row.last4,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
    grants_using: grantsUsing,
  });
}
