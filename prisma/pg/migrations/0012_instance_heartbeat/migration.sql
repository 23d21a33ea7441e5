-- AlterTable
ALTER TABLE "Hold" ADD COLUMN     "instanceId" TEXT;

-- CreateTable
CREATE TABLE "VaultInstance" (
    "id" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "heartbeatAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VaultInstance_pkey" PRIMARY KEY ("id")
);


-- Hand-written. A hold settled because the instance that admitted it stopped (its heartbeat went
-- silent, or on SQLite the next start found it) is charged its full amount, and its usage event says
-- 'vault_restarted'. Like a swept one, that event is final: a settlement arriving later changes nothing.
DROP TRIGGER "UsageEvent_swept_is_final" ON "UsageEvent";
CREATE TRIGGER "UsageEvent_swept_is_final" BEFORE UPDATE ON "UsageEvent"
FOR EACH ROW WHEN (OLD."outcome" IN ('swept', 'vault_restarted')) EXECUTE FUNCTION okap_usage_swept_is_final();

-- Admission now records the instance that admitted the hold (p_instance, last).
DROP FUNCTION okap_admit(TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, BIGINT, TEXT, BIGINT, TEXT, BIGINT,
  INTEGER, TEXT, TEXT, BIGINT, INTEGER, TEXT, TEXT, BIGINT, TIMESTAMP(3), TIMESTAMP(3));
CREATE FUNCTION okap_admit(
  p_hold TEXT, p_scope TEXT, p_grant TEXT, p_user TEXT, p_provider TEXT, p_model TEXT, p_endpoint TEXT,
  p_amount BIGINT, p_month TEXT, p_month_cap BIGINT, p_day TEXT, p_day_cap BIGINT,
  p_rpm INTEGER, p_rm TEXT, p_rm_prev TEXT, p_rm_rest BIGINT,
  p_rpd INTEGER, p_rd TEXT, p_rd_prev TEXT, p_rd_rest BIGINT,
  p_now TIMESTAMP(3), p_expires TIMESTAMP(3), p_instance TEXT
) RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
  IF p_rpm IS NOT NULL AND NOT okap_rate_step(p_scope, p_rm, p_rm_prev, p_rpm, 60000, p_rm_rest) THEN
    RAISE EXCEPTION 'okap:rate_minute';
  END IF;
  IF p_rpd IS NOT NULL AND NOT okap_rate_step(p_scope, p_rd, p_rd_prev, p_rpd, 86400000, p_rd_rest) THEN
    RAISE EXCEPTION 'okap:rate_day';
  END IF;
  IF NOT okap_hold_step(p_scope, p_month, p_amount, p_month_cap) THEN
    RAISE EXCEPTION 'okap:budget_month';
  END IF;
  IF NOT okap_hold_step(p_scope, p_day, p_amount, p_day_cap) THEN
    RAISE EXCEPTION 'okap:budget_day';
  END IF;
  INSERT INTO "Hold" ("id", "scopeId", "monthWindow", "dayWindow", "amountMicros", "state", "createdAt", "expiresAt", "instanceId")
  VALUES (p_hold, p_scope, p_month, p_day, p_amount, 'held', p_now, p_expires, p_instance);
  INSERT INTO "UsageEvent" ("id", "userId", "grantId", "scopeId", "provider", "model", "endpoint", "status", "outcome", "latencyMs", "createdAt")
  VALUES (p_hold, p_user, p_grant, p_scope, p_provider, p_model, p_endpoint, 0, 'pending', 0, p_now);
END $$;

-- An instance's heartbeat, on the database's clock (instances' clocks may disagree).
CREATE FUNCTION okap_heartbeat(p_instance TEXT) RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
  v_now TIMESTAMP(3) := (now() AT TIME ZONE 'UTC');
BEGIN
  INSERT INTO "VaultInstance" ("id", "startedAt", "heartbeatAt") VALUES (p_instance, v_now, v_now)
  ON CONFLICT ("id") DO UPDATE SET "heartbeatAt" = v_now;
  DELETE FROM "VaultInstance" i WHERE i."heartbeatAt" < v_now - INTERVAL '1 day'
    AND NOT EXISTS (SELECT 1 FROM "Hold" h WHERE h."state" = 'held' AND h."instanceId" = i."id");
END $$;

-- Settles, at their full reserved amount, the holds of every other instance whose heartbeat is older
-- than p_stale_ms (or that never wrote one), admitted before that too. Returns how many.
CREATE FUNCTION okap_settle_orphans(p_self TEXT, p_stale_ms INTEGER, p_now TIMESTAMP(3)) RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
  v_stale TIMESTAMP(3) := (now() AT TIME ZONE 'UTC') - make_interval(secs => p_stale_ms / 1000.0);
  h RECORD;
  n INTEGER := 0;
BEGIN
  FOR h IN
    UPDATE "Hold" SET "state" = 'swept', "settledAt" = p_now, "settledMicros" = "amountMicros"
     WHERE "id" IN (
       SELECT o."id" FROM "Hold" o
        WHERE o."state" = 'held' AND o."instanceId" IS NOT NULL AND o."instanceId" <> p_self AND o."createdAt" < v_stale
          AND NOT EXISTS (SELECT 1 FROM "VaultInstance" i WHERE i."id" = o."instanceId" AND i."heartbeatAt" >= v_stale)
        ORDER BY o."createdAt" LIMIT 5000 FOR UPDATE SKIP LOCKED)
     RETURNING "id", "scopeId", "monthWindow", "dayWindow", "amountMicros"
  LOOP
    PERFORM okap_release(h."scopeId", h."monthWindow", h."dayWindow", h."amountMicros", h."amountMicros");
    UPDATE "UsageEvent" SET "outcome" = 'vault_restarted', "costMicros" = h."amountMicros", "estimated" = TRUE
     WHERE "id" = h."id" AND "outcome" = 'pending';
    n := n + 1;
  END LOOP;
  RETURN n;
END $$;
