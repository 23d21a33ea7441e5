/** The migrator on real SQLite and PostgreSQL databases. */
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createDb } from "@/lib/foundation/db/client";
import { migrateDatabase, migrationsDir } from "@/lib/foundation/db/migrate";
import { DATABASES, freshDatabaseUrl, PG_SKIP_REASON, tempDir } from "@/test/support/databases";
import { ROOT } from "@/test/support/vault-server";

describe.each(DATABASES)("migrations on $kind", ({ kind, skip }) => {
  it.skipIf(skip)(
    `apply once, then are a no-op, and the client can use every table${skip ? ` (skipped: ${PG_SKIP_REASON})` : ""}`,
    async () => {
      const url = await freshDatabaseUrl(kind);
      const first = await migrateDatabase(url, ROOT);
      expect(first.applied.length).toBe(first.total);
      expect(first.total).toBeGreaterThan(0);
      expect((await migrateDatabase(url, ROOT)).applied).toEqual([]);
      const db = createDb(url);
      try {
        await db.user.create({ data: { id: "usr_1", email: "a@example.com", passwordHash: "x" } });
        await db.setting.create({ data: { scope: "vault", key: "k", value: "1" } });
        const big = 9_007_199_254_740_993n; // > 2^53: money must survive exactly
        await db.priceOverride.create({ data: { provider: "openai", model: "m", inputMicrosPerMtok: big, outputMicrosPerMtok: 1n } });
        expect((await db.priceOverride.findFirstOrThrow()).inputMicrosPerMtok).toBe(big);
        for (const model of [
          "providerKey",
          "accessRequest",
          "grant",
          "grantScope",
          "token",
          "spendWindow",
          "hold",
          "rateWindow",
          "usageEvent",
          "auditEvent",
          "managementKey",
          "idempotencyRecord",
          "autoApprovePolicy",
          "webhook",
          "webhookDelivery",
          "authThrottle",
        ] as const) {
          expect(await (db[model] as unknown as { count: () => Promise<number> }).count(), model).toBe(0);
        }
      } finally {
        await db.$disconnect();
      }
    },
  );

  it.skipIf(skip)("run safely from several processes at once", async () => {
    const url = await freshDatabaseUrl(kind);
    const results = await Promise.all([migrateDatabase(url, ROOT), migrateDatabase(url, ROOT), migrateDatabase(url, ROOT)]);
    expect(results.map((r) => r.applied.length).reduce((a, b) => a + b)).toBe(results[0]!.total);
  });

  it.skipIf(skip)("refuse to run when an applied migration was edited", async () => {
    const url = await freshDatabaseUrl(kind);
    const root = tempDir("okap-migrations-");
    const dir = migrationsDir(kind, root);
    mkdirSync(path.dirname(dir), { recursive: true });
    cpSync(migrationsDir(kind, ROOT), dir, { recursive: true });
    await migrateDatabase(url, root);
    const first = path.join(dir, "0001_init", "migration.sql");
    writeFileSync(first, "-- edited\n" + "SELECT 1;");
    await expect(migrateDatabase(url, root)).rejects.toThrow(/0001_init was changed after it was applied/);
  });
});
