import type { Db, Tx } from "@/lib/foundation/db/client";
import { isRetryableConflict } from "@/lib/foundation/db/errors";

/**
 * Runs fn in an interactive transaction, retrying a few times on lock contention (SQLite's single
 * writer, PostgreSQL serialization failures). fn must be safe to run again: no side effects outside
 * the transaction.
 */
export async function withTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(fn, { maxWait: 10_000, timeout: 15_000 });
    } catch (error) {
      if (attempt >= attempts || !isRetryableConflict(error)) throw error;
      await new Promise((r) => setTimeout(r, 10 * 2 ** attempt + Math.random() * 20));
    }
  }
}
