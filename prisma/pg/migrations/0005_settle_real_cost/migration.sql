-- Hand-written (no model changes). A settlement committed LEAST(cost, hold): a request that cost more
-- than its reservation was recorded at its real cost in the usage event but only the reservation
-- reached the spend windows, so the same over-budget request shape could repeat forever. The real
-- cost is now committed, also when it takes a window past its cap; the next admissions are then
-- refused (the overshoot is bounded by the requests already in flight). A zero hold (a free request:
-- model lists, token counting) still fits in a window past its cap.
CREATE OR REPLACE FUNCTION okap_hold_step(p_scope TEXT, p_window TEXT, p_amount BIGINT, p_cap BIGINT)
RETURNS BOOLEAN LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "SpendWindow" ("scopeId", "window", "committedMicros", "heldMicros") VALUES (p_scope, p_window, 0, 0) ON CONFLICT DO NOTHING;
  UPDATE "SpendWindow" SET "heldMicros" = "heldMicros" + p_amount
   WHERE "scopeId" = p_scope AND "window" = p_window
     AND (p_cap IS NULL OR p_amount = 0 OR "committedMicros" + "heldMicros" + p_amount <= p_cap);
  RETURN FOUND;
END $$;

CREATE OR REPLACE FUNCTION okap_settle(
  p_hold TEXT, p_cost BIGINT, p_now TIMESTAMP(3), p_status INTEGER, p_outcome TEXT, p_model TEXT,
  p_input INTEGER, p_output INTEGER, p_cache_read INTEGER, p_cache_write INTEGER, p_cache_write_1h INTEGER,
  p_reasoning INTEGER, p_estimated BOOLEAN, p_latency INTEGER, p_ttfb INTEGER
) RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
  h RECORD;
  v_settled BIGINT := NULL;
BEGIN
  UPDATE "Hold" SET "state" = 'settled', "settledAt" = p_now, "settledMicros" = p_cost
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
