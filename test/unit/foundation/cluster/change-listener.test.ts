/**
 * The change listener against a real PostgreSQL: a NOTIFY from any session drops the grant's cached
 * tokens (and only that grant's), notifyGrantChanged inside a Prisma transaction is delivered on
 * commit, and a listener whose connection is killed reconnects by itself, forgets the whole cache
 * (it may have missed changes) and hears the next change.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenerState, startChangeListener, stopChangeListener } from "@/lib/foundation/cluster/change-listener";
import { CHANGE_CHANNEL } from "@/lib/foundation/cluster/changes";
import { createDb, type Db } from "@/lib/foundation/db/client";
import { migrateDatabase } from "@/lib/foundation/db/migrate";
import { notifyGrantChanged } from "@/lib/domain/grants/notify-grant-changed";
import { findGrant } from "@/lib/surfaces/proxy/grant-cache";
import type { GrantRecord, LedgerStore } from "@/lib/engines/ledger/ledger-store";
import { createPgDatabase, PG_AVAILABLE, PG_SKIP_REASON } from "@/test/support/databases";
import { waitFor } from "@/test/support/wait-for";

/** A store whose only job is to count lookups: a lookup means the cache had no entry. */
function countingStore() {
  const loads = new Map<string, number>();
  const store = {
    kind: "postgres",
    async findGrantByTokenHash(hash: string) {
      loads.set(hash, (loads.get(hash) ?? 0) + 1);
      return {
        tokenId: `tok_${hash}`,
        tokenRevoked: false,
        grantId: `grt_${hash.split("-")[0]}`,
        userId: "u",
        status: "active",
        expiresAtMs: Date.now() + 60_000,
        scopes: [],
      } satisfies GrantRecord;
    },
  } as unknown as LedgerStore;
  return { store, loads: (hash: string) => loads.get(hash) ?? 0 };
}

describe("change listener on PostgreSQL", () => {
  if (!PG_AVAILABLE) return void it.skip(`skipped: ${PG_SKIP_REASON}`, () => undefined);
  let url: string;
  let db: Db;
  let sender: pg.Client;
  // Lookups far apart in time would expire by TTL; all of these run at one fixed "now".
  const now = Date.now();

  beforeAll(async () => {
    url = await createPgDatabase();
    await migrateDatabase(url);
    db = createDb(url);
    sender = new pg.Client({ connectionString: url });
    await sender.connect();
    startChangeListener(url);
    await waitFor(() => listenerState() === "listening", 5_000, "the listener");
  });
  afterAll(async () => {
    await stopChangeListener();
    await sender?.end();
    await db?.$disconnect();
  });

  it("drops exactly the notified grant's tokens when another session sends NOTIFY", async () => {
    const { store, loads } = countingStore();
    for (const hash of ["a-1", "a-2", "b-1"]) await findGrant(store, hash, now);
    await sender.query("SELECT pg_notify($1, $2)", [CHANGE_CHANNEL, "grant:grt_a"]);
    await waitFor(async () => (await findGrant(store, "a-1", now), loads("a-1") === 2), 5_000, "grant a to be dropped");
    await findGrant(store, "a-2", now);
    await findGrant(store, "b-1", now);
    expect([loads("a-2"), loads("b-1")]).toEqual([2, 1]);
  });

  it("ignores malformed payloads", async () => {
    const { store, loads } = countingStore();
    await findGrant(store, "c-1", now);
    await sender.query("SELECT pg_notify($1, $2)", [CHANGE_CHANNEL, "grant:not an id; drop"]);
    await sender.query("SELECT pg_notify($1, $2)", [CHANGE_CHANNEL, "grant:grt_c"]); // delivered in order, after the bad one
    await waitFor(async () => (await findGrant(store, "c-1", now), loads("c-1") === 2), 5_000, "the valid change");
  });

  it("notifyGrantChanged sends its NOTIFY with the transaction's commit, and nothing on rollback", async () => {
    const heard: string[] = [];
    const spy = new pg.Client({ connectionString: url });
    await spy.connect();
    spy.on("notification", (m) => heard.push(m.payload ?? ""));
    await spy.query(`LISTEN ${CHANGE_CHANNEL}`);
    try {
      const { store, loads } = countingStore();
      await findGrant(store, "d-1", now);
      await db.$transaction(async (tx) => notifyGrantChanged(tx, "grt_d"));
      await findGrant(store, "d-1", now);
      expect(loads("d-1")).toBe(2); // dropped in this process at once
      await db
        .$transaction(async (tx) => {
          await notifyGrantChanged(tx, "grt_rolled_back");
          throw new Error("roll back");
        })
        .catch(() => undefined);
      await sender.query("SELECT pg_notify($1, $2)", [CHANGE_CHANNEL, "grant:grt_marker"]);
      await waitFor(() => heard.includes("grant:grt_marker"), 5_000, "the marker");
      expect(heard).toEqual(["grant:grt_d", "grant:grt_marker"]);
    } finally {
      await spy.end();
    }
  });

  it("reconnects after its connection is killed, forgets the whole cache and hears the next change", async () => {
    const { store, loads } = countingStore();
    await findGrant(store, "e-1", now);
    await findGrant(store, "f-1", now);
    const killed = await sender.query(
      `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN ${CHANGE_CHANNEL}'`,
    );
    expect(killed.rows).toEqual([{ ok: true }]);
    await waitFor(() => listenerState() === "reconnecting", 5_000, "the listener to notice");
    await waitFor(() => listenerState() === "listening", 5_000, "the listener to reconnect");
    await findGrant(store, "e-1", now);
    expect(loads("e-1")).toBe(2); // the cache was cleared on reconnect
    await findGrant(store, "f-1", now); // reloaded after the reconnect's clear (before the NOTIFY: it may be heard at once)
    await sender.query("SELECT pg_notify($1, $2)", [CHANGE_CHANNEL, "grant:grt_f"]);
    await waitFor(async () => (await findGrant(store, "f-1", now), loads("f-1") === 3), 5_000, "the change after reconnecting");
  });
});
