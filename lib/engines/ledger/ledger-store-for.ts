/** The process's LedgerStore for the configured database (shared by the server and Next.js bundles). */
import { env } from "@/lib/foundation/env";
import { openPgLedgerStore } from "@/lib/engines/ledger/pg-ledger-store";
import type { LedgerStore } from "@/lib/engines/ledger/ledger-store";
import { openSqliteLedgerStore } from "@/lib/engines/ledger/sqlite-ledger-store";
import { peekSingleton, singleton } from "@/lib/foundation/runtime/singleton";

export function openLedgerStore(databaseUrl: string, options: { sqliteFsync?: boolean } = {}): LedgerStore {
  return databaseUrl.startsWith("file:")
    ? openSqliteLedgerStore(databaseUrl, { fsync: options.sqliteFsync })
    : openPgLedgerStore(databaseUrl);
}

export function ledgerStore(): LedgerStore {
  return singleton("ledger-store", () => openLedgerStore(env().databaseUrl, { sqliteFsync: env().sqliteFsync }));
}

export async function closeLedgerStore(): Promise<void> {
  await peekSingleton<LedgerStore>("ledger-store")?.close();
}
