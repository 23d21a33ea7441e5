
-- Hand-written (no model changes): the ledger's invariants, enforced by the database whoever writes.
ALTER TABLE "SpendWindow" ADD CONSTRAINT "SpendWindow_nonnegative" CHECK ("committedMicros" >= 0 AND "heldMicros" >= 0);
ALTER TABLE "Hold" ADD CONSTRAINT "Hold_amounts_nonnegative" CHECK ("amountMicros" >= 0 AND ("settledMicros" IS NULL OR "settledMicros" >= 0));
ALTER TABLE "Hold" ADD CONSTRAINT "Hold_state_known" CHECK ("state" IN ('held', 'settled', 'swept'));

-- A hold changes state once: held -> settled | swept, never back, never settled twice.
CREATE FUNCTION okap_hold_settles_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."state" <> 'held' OR NEW."state" NOT IN ('settled', 'swept') THEN
    RAISE EXCEPTION 'okap: a hold is settled exactly once';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "Hold_settles_once" BEFORE UPDATE OF "state" ON "Hold"
FOR EACH ROW EXECUTE FUNCTION okap_hold_settles_once();

-- One sliding-window rate limit step (see lib/engines/ledger/rate-limit.ts): counts the request in the current
-- window when (count + 1) * span + previous * rest_ms <= limit * span. False when it does not fit.
CREATE FUNCTION okap_rate_step(p_scope TEXT, p_window TEXT, p_prev TEXT, p_limit INTEGER, p_span BIGINT, p_rest BIGINT)
RETURNS BOOLEAN LANGUAGE plpgsql AS $$
DECLARE
  v_prev BIGINT;
BEGIN
  INSERT INTO "RateWindow" ("scopeId", "window", "count") VALUES (p_scope, p_window, 0) ON CONFLICT DO NOTHING;
  SELECT "count" INTO v_prev FROM "RateWindow" WHERE "scopeId" = p_scope AND "window" = p_prev;
  UPDATE "RateWindow" SET "count" = "count" + 1
   WHERE "scopeId" = p_scope AND "window" = p_window
     AND ("count" + 1) * p_span + COALESCE(v_prev, 0) * p_rest <= p_limit::BIGINT * p_span;
  RETURN FOUND;
END $$;

-- One spend window step: holds p_amount when committed + held + amount <= cap (no cap: always).
CREATE FUNCTION okap_hold_step(p_scope TEXT, p_window TEXT, p_amount BIGINT, p_cap BIGINT)
RETURNS BOOLEAN LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "SpendWindow" ("scopeId", "window", "committedMicros", "heldMicros") VALUES (p_scope, p_window, 0, 0) ON CONFLICT DO NOTHING;
  UPDATE "SpendWindow" SET "heldMicros" = "heldMicros" + p_amount
   WHERE "scopeId" = p_scope AND "window" = p_window
     AND (p_cap IS NULL OR "committedMicros" + "heldMicros" + p_amount <= p_cap);
  RETURN FOUND;
END $$;

-- Admission of one proxied request, atomically: rate limits, both spend windows, the hold and the
-- pending usage event. Any refusal raises 'okap:<reason>' so that nothing of it stays.
CREATE FUNCTION okap_admit(
  p_hold TEXT, p_scope TEXT, p_grant TEXT, p_user TEXT, p_provider TEXT, p_model TEXT, p_endpoint TEXT,
  p_amount BIGINT, p_month TEXT, p_month_cap BIGINT, p_day TEXT, p_day_cap BIGINT,
  p_rpm INTEGER, p_rm TEXT, p_rm_prev TEXT, p_rm_rest BIGINT,
  p_rpd INTEGER, p_rd TEXT, p_rd_prev TEXT, p_rd_rest BIGINT,
  p_now TIMESTAMP(3), p_expires TIMESTAMP(3)
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
  INSERT INTO "Hold" ("id", "scopeId", "monthWindow", "dayWindow", "amountMicros", "state", "createdAt", "expiresAt")
  VALUES (p_hold, p_scope, p_month, p_day, p_amount, 'held', p_now, p_expires);
  INSERT INTO "UsageEvent" ("id", "userId", "grantId", "scopeId", "provider", "model", "endpoint", "status", "outcome", "latencyMs", "createdAt")
  VALUES (p_hold, p_user, p_grant, p_scope, p_provider, p_model, p_endpoint, 0, 'pending', 0, p_now);
END $$;

-- Moves a hold's amount from held to committed (the settled part) in both windows.
CREATE FUNCTION okap_release(p_scope TEXT, p_month TEXT, p_day TEXT, p_amount BIGINT, p_settled BIGINT)
RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "SpendWindow" SET "heldMicros" = "heldMicros" - p_amount, "committedMicros" = "committedMicros" + p_settled
   WHERE "scopeId" = p_scope AND "window" IN (p_month, p_day);
END $$;

-- Settles a hold exactly once (a hold the sweeper already took stays as it is) and completes the
-- usage event. Returns the amount committed, or NULL when the hold was no longer held.
CREATE FUNCTION okap_settle(
  p_hold TEXT, p_cost BIGINT, p_now TIMESTAMP(3), p_status INTEGER, p_outcome TEXT, p_model TEXT,
  p_input INTEGER, p_output INTEGER, p_cache_read INTEGER, p_cache_write INTEGER, p_cache_write_1h INTEGER,
  p_reasoning INTEGER, p_estimated BOOLEAN, p_latency INTEGER, p_ttfb INTEGER
) RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
  h RECORD;
  v_settled BIGINT := NULL;
BEGIN
  UPDATE "Hold" SET "state" = 'settled', "settledAt" = p_now, "settledMicros" = LEAST(p_cost, "amountMicros")
   WHERE "id" = p_hold AND "state" = 'held'
   RETURNING "scopeId", "monthWindow", "dayWindow", "amountMicros", "settledMicros" INTO h;
  IF FOUND THEN
    v_settled := h."settledMicros";
    PERFORM okap_release(h."scopeId", h."monthWindow", h."dayWindow", h."amountMicros", h."settledMicros");
  END IF;
  UPDATE "UsageEvent" SET "status" = p_status, "outcome" = p_outcome, "model" = COALESCE(p_model, "model"),
    "inputTokens" = p_input, "outputTokens" = p_output, "cacheReadTokens" = p_cache_read,
    "cacheWriteTokens" = p_cache_write, "cacheWrite1hTokens" = p_cache_write_1h, "reasoningTokens" = p_reasoning,
    "costMicros" = p_cost, "estimated" = p_estimated, "latencyMs" = p_latency, "ttfbMs" = p_ttfb
   WHERE "id" = p_hold;
  RETURN v_settled;
END $$;

-- Settles every hold past its expiry at its full reserved amount (a crashed request is never free).
CREATE FUNCTION okap_sweep(p_now TIMESTAMP(3)) RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
  h RECORD;
  n INTEGER := 0;
BEGIN
  FOR h IN
    UPDATE "Hold" SET "state" = 'swept', "settledAt" = p_now, "settledMicros" = "amountMicros"
     WHERE "id" IN (SELECT "id" FROM "Hold" WHERE "state" = 'held' AND "expiresAt" < p_now ORDER BY "expiresAt" LIMIT 500 FOR UPDATE SKIP LOCKED)
     RETURNING "id", "scopeId", "monthWindow", "dayWindow", "amountMicros"
  LOOP
    PERFORM okap_release(h."scopeId", h."monthWindow", h."dayWindow", h."amountMicros", h."amountMicros");
    UPDATE "UsageEvent" SET "outcome" = 'swept', "costMicros" = h."amountMicros", "estimated" = TRUE
     WHERE "id" = h."id" AND "outcome" = 'pending';
    n := n + 1;
  END LOOP;
  RETURN n;
END $$;
