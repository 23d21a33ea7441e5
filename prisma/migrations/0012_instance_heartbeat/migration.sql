-- AlterTable
ALTER TABLE "Hold" ADD COLUMN "instanceId" TEXT;

-- CreateTable
CREATE TABLE "VaultInstance" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "startedAt" DATETIME NOT NULL,
    "heartbeatAt" DATETIME NOT NULL
);


-- Hand-written. A hold settled because the instance that admitted it stopped (its heartbeat went
-- silent, or on SQLite the next start found it) is charged its full amount, and its usage event says
-- 'vault_restarted'. Like a swept one, that event is final: a settlement arriving later changes nothing.
DROP TRIGGER "UsageEvent_swept_is_final";
CREATE TRIGGER "UsageEvent_swept_is_final" BEFORE UPDATE ON "UsageEvent"
WHEN OLD."outcome" IN ('swept', 'vault_restarted')
BEGIN SELECT RAISE(IGNORE); END;
