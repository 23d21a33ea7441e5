-- AlterTable
ALTER TABLE "GrantScope" ADD COLUMN     "containedAt" TIMESTAMP(3),
ADD COLUMN     "containedHoldId" TEXT,
ADD COLUMN     "containedNoticeId" TEXT,
ADD COLUMN     "containedWindow" TEXT;


-- Hand-written: overshoot containment (docs/proxy.md, "When a request costs more than its reservation").
-- A spend-window step on the month window refuses with 'okap:contained' a priced request of an entry
-- whose containment names this month while another priced request of it is still held: one at a time,
-- so after a surprise the window passes its cap by at most one request's real cost. Checked after the
-- conditional UPDATE, under its row lock, so concurrent admissions (any instance) see each other.
CREATE OR REPLACE FUNCTION okap_hold_step(p_scope TEXT, p_window TEXT, p_amount BIGINT, p_cap BIGINT)
RETURNS BOOLEAN LANGUAGE plpgsql AS $$
DECLARE
  v_held_before BIGINT;
BEGIN
  INSERT INTO "SpendWindow" ("scopeId", "window", "committedMicros", "heldMicros") VALUES (p_scope, p_window, 0, 0) ON CONFLICT DO NOTHING;
  UPDATE "SpendWindow" SET "heldMicros" = "heldMicros" + p_amount
   WHERE "scopeId" = p_scope AND "window" = p_window
     AND (p_cap IS NULL OR p_amount = 0 OR "committedMicros" + "heldMicros" + p_amount <= p_cap)
   RETURNING "heldMicros" - p_amount INTO v_held_before;
  IF NOT FOUND THEN
    RETURN FALSE;
  END IF;
  IF p_amount > 0 AND v_held_before > 0
     AND EXISTS (SELECT 1 FROM "GrantScope" WHERE "id" = p_scope AND "containedWindow" = p_window) THEN
    RAISE EXCEPTION 'okap:contained';
  END IF;
  RETURN TRUE;
END $$;

-- okap_settle (with the media token counts of 0010), then: a settlement above its hold on a capped entry contains the entry for the hold's
-- month (once per month: `contained` is true only for the settlement that started it).
CREATE FUNCTION okap_settle_contained(
  p_hold TEXT, p_cost BIGINT, p_now TIMESTAMP(3), p_status INTEGER, p_outcome TEXT, p_model TEXT,
  p_input INTEGER, p_output INTEGER, p_cache_read INTEGER, p_cache_write INTEGER, p_cache_write_1h INTEGER,
  p_reasoning INTEGER, p_estimated BOOLEAN, p_latency INTEGER, p_ttfb INTEGER,
  p_input_audio INTEGER, p_output_audio INTEGER, p_input_image INTEGER, p_output_image INTEGER
) RETURNS TABLE ("settled" BIGINT, "contained" BOOLEAN) LANGUAGE plpgsql AS $$
DECLARE
  h RECORD;
BEGIN
  "settled" := okap_settle(p_hold, p_cost, p_now, p_status, p_outcome, p_model, p_input, p_output, p_cache_read,
    p_cache_write, p_cache_write_1h, p_reasoning, p_estimated, p_latency, p_ttfb,
    p_input_audio, p_output_audio, p_input_image, p_output_image);
  "contained" := FALSE;
  IF "settled" IS NOT NULL THEN
    SELECT "scopeId", "monthWindow", "amountMicros" INTO h FROM "Hold" WHERE "id" = p_hold;
    IF "settled" > h."amountMicros" THEN
      UPDATE "GrantScope" SET "containedWindow" = h."monthWindow", "containedAt" = p_now, "containedHoldId" = p_hold
       WHERE "id" = h."scopeId" AND ("monthlyCapMicros" IS NOT NULL OR "dailyCapMicros" IS NOT NULL)
         AND "containedWindow" IS DISTINCT FROM h."monthWindow";
      "contained" := FOUND;
    END IF;
  END IF;
  RETURN NEXT;
END $$;
