-- Nothing to change on SQLite: its ledger transactions take the database's single write lock
-- (BEGIN IMMEDIATE), so they cannot deadlock. The PostgreSQL migration of the same name fixes
-- the lock order of its ledger functions; this file keeps both histories in step.
SELECT 1;
