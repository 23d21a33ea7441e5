/** The process's ProxyStore for the configured database (shared by the server and Next.js bundles). */
import { env } from "@/lib/env";
import { openPgProxyStore } from "@/lib/proxy/store/pg-proxy-store";
import type { ProxyStore } from "@/lib/proxy/store/proxy-store";
import { openSqliteProxyStore } from "@/lib/proxy/store/sqlite-proxy-store";
import { peekSingleton, singleton } from "@/lib/runtime/singleton";

export function openProxyStore(databaseUrl: string, options: { sqliteFsync?: boolean } = {}): ProxyStore {
  return databaseUrl.startsWith("file:") ? openSqliteProxyStore(databaseUrl, { fsync: options.sqliteFsync }) : openPgProxyStore(databaseUrl);
}

export function proxyStore(): ProxyStore {
  return singleton("proxy-store", () => openProxyStore(env().databaseUrl, { sqliteFsync: env().sqliteFsync }));
}

export async function closeProxyStore(): Promise<void> {
  await peekSingleton<ProxyStore>("proxy-store")?.close();
}
