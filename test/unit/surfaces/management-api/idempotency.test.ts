/**
 * Idempotency-Key on management API POSTs, on a real database (SQLite and PostgreSQL): the first
 * run is stored, a retry with the same body replays it, another body is refused, a key still
 * running is a conflict, a failure or a 5xx is not stored (the client may retry), keys are per
 * management key.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/foundation/db/client";
import { migrateDatabase } from "@/lib/foundation/db/migrate";
import { isVaultError } from "@/lib/foundation/errors/vault-error";
import { requestHash, runIdempotent, type StoredResponse } from "@/lib/surfaces/management-api/idempotency";
import { describeEachDatabase, freshDatabaseUrl } from "@/test/support/databases";

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "resolved";
  } catch (error) {
    return isVaultError(error) ? error.code : `unknown: ${String(error)}`;
  }
}

it("hashes method, path and body, so any of them changes the hash", () => {
  const base = requestHash("POST", "/api/v1/grants/grt_1/revoke", "null");
  expect(base).toMatch(/^[0-9a-f]{64}$/);
  expect(requestHash("POST", "/api/v1/grants/grt_1/revoke", "null")).toBe(base);
  expect(requestHash("POST", "/api/v1/grants/grt_2/revoke", "null")).not.toBe(base);
  expect(requestHash("PATCH", "/api/v1/grants/grt_1/revoke", "null")).not.toBe(base);
  expect(requestHash("POST", "/api/v1/grants/grt_1/revoke", "{}")).not.toBe(base);
});

describeEachDatabase("runIdempotent on $kind", (kind) => {
  let db: Db;
  let runs = 0;
  const ok = (body: string) => async (): Promise<StoredResponse> => {
    runs++;
    return { status: 200, body };
  };
  const scope = (key: string, hash = "h1", managementKeyId = "mk_a") => ({ managementKeyId, key, requestHash: hash });

  beforeAll(async () => {
    const url = await freshDatabaseUrl(kind);
    await migrateDatabase(url);
    db = createDb(url);
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  it("refuses an empty key or one longer than 255 characters, before running anything", async () => {
    runs = 0;
    expect(await codeOf(runIdempotent(db, scope(""), ok("x")))).toBe("invalid_request");
    expect(await codeOf(runIdempotent(db, scope("k".repeat(256)), ok("x")))).toBe("invalid_request");
    expect(await runIdempotent(db, scope("k".repeat(255)), ok("long"))).toEqual({ status: 200, body: "long" });
    expect(runs).toBe(1);
  });

  it("runs once and replays the stored answer for the same request", async () => {
    runs = 0;
    expect(await runIdempotent(db, scope("once"), ok('{"n":1}'))).toEqual({ status: 200, body: '{"n":1}' });
    expect(await runIdempotent(db, scope("once"), ok('{"n":2}'))).toEqual({ status: 200, body: '{"n":1}' });
    expect(runs).toBe(1);
  });

  it("refuses the same key with another request (422), and keys are per management key", async () => {
    await runIdempotent(db, scope("shared"), ok("first"));
    expect(await codeOf(runIdempotent(db, scope("shared", "h2"), ok("second")))).toBe("idempotency_error");
    expect(await runIdempotent(db, scope("shared", "h2", "mk_b"), ok("other key"))).toEqual({ status: 200, body: "other key" });
  });

  it("answers 409 while the first request with the key is still running", async () => {
    let release!: () => void;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const first = runIdempotent(db, scope("slow"), async () => {
      started(); // the in-progress row is stored before the run begins
      await new Promise<void>((resolve) => (release = resolve));
      return { status: 201, body: "done" };
    });
    await running;
    expect(await codeOf(runIdempotent(db, scope("slow"), ok("again")))).toBe("conflict");
    release();
    expect(await first).toEqual({ status: 201, body: "done" });
    expect(await runIdempotent(db, scope("slow"), ok("again"))).toEqual({ status: 201, body: "done" });
  });

  it("stores neither a failure nor a 5xx: the client's retry runs again", async () => {
    runs = 0;
    expect(
      await codeOf(
        runIdempotent(db, scope("fails"), async () => {
          throw new Error("database went away");
        }),
      ),
    ).toMatch(/database went away/);
    expect(await runIdempotent(db, scope("fails"), ok("second try"))).toEqual({ status: 200, body: "second try" });
    await runIdempotent(db, scope("five-hundred"), async () => ({ status: 500, body: "{}" }));
    expect(await runIdempotent(db, scope("five-hundred"), ok("recovered"))).toEqual({ status: 200, body: "recovered" });
    expect(runs).toBe(2);
  });
});
