/**
 * A delivery round told to stop (shutdown: the worker's loop aborts its round's signal) finishes and
 * records the delivery in flight, and claims no further one: those stay pending for the next round,
 * on this instance or another, with no lease to wait for.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { vaultKeys } from "@/lib/foundation/crypto/vault-keys";
import { migrateDatabase } from "@/lib/foundation/db/migrate";
import { withTransaction } from "@/lib/foundation/db/transaction";
import { createWebhook } from "@/lib/domain/webhooks/create-webhook";
import { enqueueWebhookEvent } from "@/lib/domain/webhooks/enqueue-webhook-event";
import { runWebhookDeliveries } from "@/lib/domain/webhooks/run-webhook-deliveries";
import { describeEachDatabase, freshDatabaseUrl } from "@/test/support/databases";
import { GrantFactory, newSecretKey } from "@/test/support/grants";

describeEachDatabase("webhook deliveries on $kind", (kind) => {
  let grants: GrantFactory;
  let receiver: http.Server;
  let onPost: () => void = () => undefined;
  const received: string[] = [];

  beforeAll(async () => {
    const url = await freshDatabaseUrl(kind);
    await migrateDatabase(url);
    grants = new GrantFactory(url, newSecretKey());
    receiver = http.createServer((req, res) => {
      received.push(String(req.headers["okap-webhook-id"]));
      onPost();
      req.resume();
      req.on("end", () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver.close(resolve));
    await grants.close();
  });

  it("a round whose signal is aborted finishes the delivery in flight and claims no other", async () => {
    const db = grants.db;
    const { userId } = await grants.create([{ provider: "openai" }]);
    const { port } = receiver.address() as AddressInfo;
    const { view } = await createWebhook(db, { type: "cli" }, userId, { url: `http://127.0.0.1:${port}/hook`, events: ["grant.revoked"] });
    await withTransaction(db, async (tx) => {
      for (let i = 0; i < 3; i++) await enqueueWebhookEvent(tx, userId, "grant.revoked", { n: i }, { webhookId: view.id });
    });
    const stopping = new AbortController();
    onPost = () => stopping.abort(); // the shutdown comes while the first POST is on its way

    expect(await runWebhookDeliveries(db, vaultKeys(), [30], { signal: stopping.signal })).toBe(1);
    const rows = await db.webhookDelivery.findMany({ where: { webhookId: view.id } });
    expect(received).toHaveLength(1);
    expect(rows.find((r) => r.id === received[0])).toMatchObject({
      status: "delivered",
      attempts: 1,
      responseStatus: 204,
      leaseUntil: null,
    });
    const rest = rows.filter((r) => r.id !== received[0]);
    expect(rest.map((r) => ({ status: r.status, attempts: r.attempts, leaseUntil: r.leaseUntil }))).toEqual([
      { status: "pending", attempts: 0, leaseUntil: null },
      { status: "pending", attempts: 0, leaseUntil: null },
    ]);

    onPost = () => undefined;
    expect(await runWebhookDeliveries(db, vaultKeys(), [30])).toBe(2); // the next round sends the rest
    received.length = 0;
  });
});
