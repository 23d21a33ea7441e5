-- Nothing to change in SQLite's tables: its ledger statements live in
-- lib/engines/ledger/sqlite-ledger-store.ts, which now commits a settlement's real cost (not the lesser of
-- cost and hold) and lets a zero hold through a window past its cap, like the PostgreSQL functions
-- replaced by the migration of the same name. This file keeps both histories in step.
SELECT 1;
