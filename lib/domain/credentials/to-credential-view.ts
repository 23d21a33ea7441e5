import { credentialView, type CredentialView } from "@/lib/domain/credentials/schemas";
import { parseJsonList } from "@/lib/engines/ledger/ledger-store";

type Row = {
  id: string;
  name: string;
  kind: string;
  account: string;
  label: string;
  destinations: string;
  last4: string;
  createdAt: Date;
  lastUsedAt: Date | null;
};

export function toCredentialView(row: Row, grantsUsing = 0): CredentialView {
  return credentialView.parse({
    id: row.id,
    name: row.name,
    kind: row.kind,
    account: row.account || null,
    label: row.label || null,
    destinations: parseJsonList(row.destinations),
    last4: row.last4,
    created_at: row.createdAt.toISOString(),
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
    grants_using: grantsUsing,
  });
}
