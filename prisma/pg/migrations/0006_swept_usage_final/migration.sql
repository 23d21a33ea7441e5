-- Hand-written (no model changes). A swept hold was charged its full amount, and its usage event
-- says so (outcome 'swept', cost = the amount). A settlement arriving after the sweep (a stream that
-- outlived its hold, a settlement retried after an outage) used to overwrite that event with its own
-- cost while the ledger kept the swept amount, so the usage events no longer summed to what was
-- committed. A swept usage event is final: any later update of it is skipped, whoever writes.
CREATE FUNCTION okap_usage_swept_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RETURN NULL; -- a BEFORE ROW trigger returning NULL skips the update of this row
END $$;
CREATE TRIGGER "UsageEvent_swept_is_final" BEFORE UPDATE ON "UsageEvent"
FOR EACH ROW WHEN (OLD."outcome" = 'swept') EXECUTE FUNCTION okap_usage_swept_is_final();
