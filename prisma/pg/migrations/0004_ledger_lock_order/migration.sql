-- Hand-written (no model changes). Settling (and sweeping) released a hold with one UPDATE over both
-- spend windows, which locks their rows in index order: the day window ('d:...') before the month
-- window ('m:...'). Admission locks them month first, then day. Two instances admitting and settling
-- on one grant at once deadlocked (PostgreSQL aborted one side after deadlock_timeout). Every
-- function now locks the month window first, then the day window.
CREATE OR REPLACE FUNCTION okap_release(p_scope TEXT, p_month TEXT, p_day TEXT, p_amount BIGINT, p_settled BIGINT)
RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "SpendWindow" SET "heldMicros" = "heldMicros" - p_amount, "committedMicros" = "committedMicros" + p_settled
   WHERE "scopeId" = p_scope AND "window" = p_month;
  UPDATE "SpendWindow" SET "heldMicros" = "heldMicros" - p_amount, "committedMicros" = "committedMicros" + p_settled
   WHERE "scopeId" = p_scope AND "window" = p_day;
END $$;
