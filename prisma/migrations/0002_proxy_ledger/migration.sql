
-- Hand-written (no model changes): the ledger's invariants, enforced by the database whoever writes.
-- Spend windows never go negative (SQLite cannot add a CHECK to an existing table: triggers do it).
CREATE TRIGGER "SpendWindow_nonnegative_insert" BEFORE INSERT ON "SpendWindow"
WHEN NEW."committedMicros" < 0 OR NEW."heldMicros" < 0
BEGIN SELECT RAISE(ABORT, 'okap: spend window would go negative'); END;

CREATE TRIGGER "SpendWindow_nonnegative_update" BEFORE UPDATE ON "SpendWindow"
WHEN NEW."committedMicros" < 0 OR NEW."heldMicros" < 0
BEGIN SELECT RAISE(ABORT, 'okap: spend window would go negative'); END;

-- A hold changes state once: held -> settled | swept, never back, never settled twice.
CREATE TRIGGER "Hold_settles_once" BEFORE UPDATE OF "state" ON "Hold"
WHEN OLD."state" <> 'held' OR NEW."state" NOT IN ('settled', 'swept')
BEGIN SELECT RAISE(ABORT, 'okap: a hold is settled exactly once'); END;
