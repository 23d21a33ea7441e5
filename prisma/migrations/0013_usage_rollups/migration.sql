-- DropIndex
DROP INDEX "UsageEvent_grantId_createdAt_idx";

-- CreateTable
CREATE TABLE "UsageRollup" (
    "userId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "bucket" DATETIME NOT NULL,
    "grantId" TEXT NOT NULL,
    "scopeId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "requests" BIGINT NOT NULL DEFAULT 0,
    "inputTokens" BIGINT NOT NULL DEFAULT 0,
    "outputTokens" BIGINT NOT NULL DEFAULT 0,
    "cacheReadTokens" BIGINT NOT NULL DEFAULT 0,
    "cacheWriteTokens" BIGINT NOT NULL DEFAULT 0,
    "cacheWrite1hTokens" BIGINT NOT NULL DEFAULT 0,
    "reasoningTokens" BIGINT NOT NULL DEFAULT 0,
    "inputAudioTokens" BIGINT NOT NULL DEFAULT 0,
    "outputAudioTokens" BIGINT NOT NULL DEFAULT 0,
    "inputImageTokens" BIGINT NOT NULL DEFAULT 0,
    "outputImageTokens" BIGINT NOT NULL DEFAULT 0,
    "costMicros" BIGINT NOT NULL DEFAULT 0,

    PRIMARY KEY ("userId", "period", "bucket", "grantId", "scopeId", "provider", "model", "outcome")
);

-- CreateIndex
CREATE INDEX "UsageRollup_grantId_period_bucket_idx" ON "UsageRollup"("grantId", "period", "bucket");

-- CreateIndex
CREATE INDEX "UsageEvent_grantId_userId_createdAt_idx" ON "UsageEvent"("grantId", "userId", "createdAt");


-- Usage rollups (per UTC hour and day, grant entry, model, outcome), kept exact by triggers on
-- UsageEvent (after 0010, so the audio and image token classes are rolled up too): whoever writes an event (the ledger's admission and settlement, the sweep, the seed), the
-- rollups change in the same transaction. An insert adds the event; an update removes the old row's
-- values from its bucket and adds the new ones (a settlement moves an event from "pending" to its
-- outcome; a swept event is final, migration 0006, so its update is skipped before this fires). A
-- delete (the retention of raw events) leaves the rollups as they are: they keep the history.
-- SQLite stores Prisma DateTimes as ISO text ("2026-11-22T10:04:05.123+00:00"): the bucket is the same
-- text with the minutes (hour) or the time (day) zeroed.
CREATE TRIGGER "UsageEvent_rollup_insert" AFTER INSERT ON "UsageEvent"
BEGIN
  INSERT INTO "UsageRollup" ("userId", "period", "bucket", "grantId", "scopeId", "provider", "model", "outcome", "requests", "inputTokens", "outputTokens", "cacheReadTokens", "cacheWriteTokens", "cacheWrite1hTokens", "reasoningTokens", "inputAudioTokens", "outputAudioTokens", "inputImageTokens", "outputImageTokens", "costMicros")
  VALUES (NEW."userId", 'h', strftime('%Y-%m-%dT%H:00:00.000+00:00', NEW."createdAt"), NEW."grantId", NEW."scopeId", NEW."provider", COALESCE(NEW."model", ''), NEW."outcome", 1, NEW."inputTokens", NEW."outputTokens", NEW."cacheReadTokens", NEW."cacheWriteTokens", NEW."cacheWrite1hTokens", NEW."reasoningTokens", NEW."inputAudioTokens", NEW."outputAudioTokens", NEW."inputImageTokens", NEW."outputImageTokens", NEW."costMicros")
  ON CONFLICT ("userId", "period", "bucket", "grantId", "scopeId", "provider", "model", "outcome") DO UPDATE SET "requests" = "UsageRollup"."requests" + excluded."requests", "inputTokens" = "UsageRollup"."inputTokens" + excluded."inputTokens", "outputTokens" = "UsageRollup"."outputTokens" + excluded."outputTokens", "cacheReadTokens" = "UsageRollup"."cacheReadTokens" + excluded."cacheReadTokens", "cacheWriteTokens" = "UsageRollup"."cacheWriteTokens" + excluded."cacheWriteTokens", "cacheWrite1hTokens" = "UsageRollup"."cacheWrite1hTokens" + excluded."cacheWrite1hTokens", "reasoningTokens" = "UsageRollup"."reasoningTokens" + excluded."reasoningTokens", "inputAudioTokens" = "UsageRollup"."inputAudioTokens" + excluded."inputAudioTokens", "outputAudioTokens" = "UsageRollup"."outputAudioTokens" + excluded."outputAudioTokens", "inputImageTokens" = "UsageRollup"."inputImageTokens" + excluded."inputImageTokens", "outputImageTokens" = "UsageRollup"."outputImageTokens" + excluded."outputImageTokens", "costMicros" = "UsageRollup"."costMicros" + excluded."costMicros";
  INSERT INTO "UsageRollup" ("userId", "period", "bucket", "grantId", "scopeId", "provider", "model", "outcome", "requests", "inputTokens", "outputTokens", "cacheReadTokens", "cacheWriteTokens", "cacheWrite1hTokens", "reasoningTokens", "inputAudioTokens", "outputAudioTokens", "inputImageTokens", "outputImageTokens", "costMicros")
  VALUES (NEW."userId", 'd', strftime('%Y-%m-%dT00:00:00.000+00:00', NEW."createdAt"), NEW."grantId", NEW."scopeId", NEW."provider", COALESCE(NEW."model", ''), NEW."outcome", 1, NEW."inputTokens", NEW."outputTokens", NEW."cacheReadTokens", NEW."cacheWriteTokens", NEW."cacheWrite1hTokens", NEW."reasoningTokens", NEW."inputAudioTokens", NEW."outputAudioTokens", NEW."inputImageTokens", NEW."outputImageTokens", NEW."costMicros")
  ON CONFLICT ("userId", "period", "bucket", "grantId", "scopeId", "provider", "model", "outcome") DO UPDATE SET "requests" = "UsageRollup"."requests" + excluded."requests", "inputTokens" = "UsageRollup"."inputTokens" + excluded."inputTokens", "outputTokens" = "UsageRollup"."outputTokens" + excluded."outputTokens", "cacheReadTokens" = "UsageRollup"."cacheReadTokens" + excluded."cacheReadTokens", "cacheWriteTokens" = "UsageRollup"."cacheWriteTokens" + excluded."cacheWriteTokens", "cacheWrite1hTokens" = "UsageRollup"."cacheWrite1hTokens" + excluded."cacheWrite1hTokens", "reasoningTokens" = "UsageRollup"."reasoningTokens" + excluded."reasoningTokens", "inputAudioTokens" = "UsageRollup"."inputAudioTokens" + excluded."inputAudioTokens", "outputAudioTokens" = "UsageRollup"."outputAudioTokens" + excluded."outputAudioTokens", "inputImageTokens" = "UsageRollup"."inputImageTokens" + excluded."inputImageTokens", "outputImageTokens" = "UsageRollup"."outputImageTokens" + excluded."outputImageTokens", "costMicros" = "UsageRollup"."costMicros" + excluded."costMicros";
END;

CREATE TRIGGER "UsageEvent_rollup_update" AFTER UPDATE ON "UsageEvent"
BEGIN
  INSERT INTO "UsageRollup" ("userId", "period", "bucket", "grantId", "scopeId", "provider", "model", "outcome", "requests", "inputTokens", "outputTokens", "cacheReadTokens", "cacheWriteTokens", "cacheWrite1hTokens", "reasoningTokens", "inputAudioTokens", "outputAudioTokens", "inputImageTokens", "outputImageTokens", "costMicros")
  VALUES (OLD."userId", 'h', strftime('%Y-%m-%dT%H:00:00.000+00:00', OLD."createdAt"), OLD."grantId", OLD."scopeId", OLD."provider", COALESCE(OLD."model", ''), OLD."outcome", -1, -OLD."inputTokens", -OLD."outputTokens", -OLD."cacheReadTokens", -OLD."cacheWriteTokens", -OLD."cacheWrite1hTokens", -OLD."reasoningTokens", -OLD."inputAudioTokens", -OLD."outputAudioTokens", -OLD."inputImageTokens", -OLD."outputImageTokens", -OLD."costMicros")
  ON CONFLICT ("userId", "period", "bucket", "grantId", "scopeId", "provider", "model", "outcome") DO UPDATE SET "requests" = "UsageRollup"."requests" + excluded."requests", "inputTokens" = "UsageRollup"."inputTokens" + excluded."inputTokens", "outputTokens" = "UsageRollup"."outputTokens" + excluded."outputTokens", "cacheReadTokens" = "UsageRollup"."cacheReadTokens" + excluded."cacheReadTokens", "cacheWriteTokens" = "UsageRollup"."cacheWriteTokens" + excluded."cacheWriteTokens", "cacheWrite1hTokens" = "UsageRollup"."cacheWrite1hTokens" + excluded."cacheWrite1hTokens", "reasoningTokens" = "UsageRollup"."reasoningTokens" + excluded."reasoningTokens", "inputAudioTokens" = "UsageRollup"."inputAudioTokens" + excluded."inputAudioTokens", "outputAudioTokens" = "UsageRollup"."outputAudioTokens" + excluded."outputAudioTokens", "inputImageTokens" = "UsageRollup"."inputImageTokens" + excluded."inputImageTokens", "outputImageTokens" = "UsageRollup"."outputImageTokens" + excluded."outputImageTokens", "costMicros" = "UsageRollup"."costMicros" + excluded."costMicros";
  INSERT INTO "UsageRollup" ("userId", "period", "bucket", "grantId", "scopeId", "provider", "model", "outcome", "requests", "inputTokens", "outputTokens", "cacheReadTokens", "cacheWriteTokens", "cacheWrite1hTokens", "reasoningTokens", "inputAudioTokens", "outputAudioTokens", "inputImageTokens", "outputImageTokens", "costMicros")
  VALUES (OLD."userId", 'd', strftime('%Y-%m-%dT00:00:00.000+00:00', OLD."createdAt"), OLD."grantId", OLD."scopeId", OLD."provider", COALESCE(OLD."model", ''), OLD."outcome", -1, -OLD."inputTokens", -OLD."outputTokens", -OLD."cacheReadTokens", -OLD."cacheWriteTokens", -OLD."cacheWrite1hTokens", -OLD."reasoningTokens", -OLD."inputAudioTokens", -OLD."outputAudioTokens", -OLD."inputImageTokens", -OLD."outputImageTokens", -OLD."costMicros")
  ON CONFLICT ("userId", "period", "bucket", "grantId", "scopeId", "provider", "model", "outcome") DO UPDATE SET "requests" = "UsageRollup"."requests" + excluded."requests", "inputTokens" = "UsageRollup"."inputTokens" + excluded."inputTokens", "outputTokens" = "UsageRollup"."outputTokens" + excluded."outputTokens", "cacheReadTokens" = "UsageRollup"."cacheReadTokens" + excluded."cacheReadTokens", "cacheWriteTokens" = "UsageRollup"."cacheWriteTokens" + excluded."cacheWriteTokens", "cacheWrite1hTokens" = "UsageRollup"."cacheWrite1hTokens" + excluded."cacheWrite1hTokens", "reasoningTokens" = "UsageRollup"."reasoningTokens" + excluded."reasoningTokens", "inputAudioTokens" = "UsageRollup"."inputAudioTokens" + excluded."inputAudioTokens", "outputAudioTokens" = "UsageRollup"."outputAudioTokens" + excluded."outputAudioTokens", "inputImageTokens" = "UsageRollup"."inputImageTokens" + excluded."inputImageTokens", "outputImageTokens" = "UsageRollup"."outputImageTokens" + excluded."outputImageTokens", "costMicros" = "UsageRollup"."costMicros" + excluded."costMicros";
  INSERT INTO "UsageRollup" ("userId", "period", "bucket", "grantId", "scopeId", "provider", "model", "outcome", "requests", "inputTokens", "outputTokens", "cacheReadTokens", "cacheWriteTokens", "cacheWrite1hTokens", "reasoningTokens", "inputAudioTokens", "outputAudioTokens", "inputImageTokens", "outputImageTokens", "costMicros")
  VALUES (NEW."userId", 'h', strftime('%Y-%m-%dT%H:00:00.000+00:00', NEW."createdAt"), NEW."grantId", NEW."scopeId", NEW."provider", COALESCE(NEW."model", ''), NEW."outcome", 1, NEW."inputTokens", NEW."outputTokens", NEW."cacheReadTokens", NEW."cacheWriteTokens", NEW."cacheWrite1hTokens", NEW."reasoningTokens", NEW."inputAudioTokens", NEW."outputAudioTokens", NEW."inputImageTokens", NEW."outputImageTokens", NEW."costMicros")
  ON CONFLICT ("userId", "period", "bucket", "grantId", "scopeId", "provider", "model", "outcome") DO UPDATE SET "requests" = "UsageRollup"."requests" + excluded."requests", "inputTokens" = "UsageRollup"."inputTokens" + excluded."inputTokens", "outputTokens" = "UsageRollup"."outputTokens" + excluded."outputTokens", "cacheReadTokens" = "UsageRollup"."cacheReadTokens" + excluded."cacheReadTokens", "cacheWriteTokens" = "UsageRollup"."cacheWriteTokens" + excluded."cacheWriteTokens", "cacheWrite1hTokens" = "UsageRollup"."cacheWrite1hTokens" + excluded."cacheWrite1hTokens", "reasoningTokens" = "UsageRollup"."reasoningTokens" + excluded."reasoningTokens", "inputAudioTokens" = "UsageRollup"."inputAudioTokens" + excluded."inputAudioTokens", "outputAudioTokens" = "UsageRollup"."outputAudioTokens" + excluded."outputAudioTokens", "inputImageTokens" = "UsageRollup"."inputImageTokens" + excluded."inputImageTokens", "outputImageTokens" = "UsageRollup"."outputImageTokens" + excluded."outputImageTokens", "costMicros" = "UsageRollup"."costMicros" + excluded."costMicros";
  INSERT INTO "UsageRollup" ("userId", "period", "bucket", "grantId", "scopeId", "provider", "model", "outcome", "requests", "inputTokens", "outputTokens", "cacheReadTokens", "cacheWriteTokens", "cacheWrite1hTokens", "reasoningTokens", "inputAudioTokens", "outputAudioTokens", "inputImageTokens", "outputImageTokens", "costMicros")
  VALUES (NEW."userId", 'd', strftime('%Y-%m-%dT00:00:00.000+00:00', NEW."createdAt"), NEW."grantId", NEW."scopeId", NEW."provider", COALESCE(NEW."model", ''), NEW."outcome", 1, NEW."inputTokens", NEW."outputTokens", NEW."cacheReadTokens", NEW."cacheWriteTokens", NEW."cacheWrite1hTokens", NEW."reasoningTokens", NEW."inputAudioTokens", NEW."outputAudioTokens", NEW."inputImageTokens", NEW."outputImageTokens", NEW."costMicros")
  ON CONFLICT ("userId", "period", "bucket", "grantId", "scopeId", "provider", "model", "outcome") DO UPDATE SET "requests" = "UsageRollup"."requests" + excluded."requests", "inputTokens" = "UsageRollup"."inputTokens" + excluded."inputTokens", "outputTokens" = "UsageRollup"."outputTokens" + excluded."outputTokens", "cacheReadTokens" = "UsageRollup"."cacheReadTokens" + excluded."cacheReadTokens", "cacheWriteTokens" = "UsageRollup"."cacheWriteTokens" + excluded."cacheWriteTokens", "cacheWrite1hTokens" = "UsageRollup"."cacheWrite1hTokens" + excluded."cacheWrite1hTokens", "reasoningTokens" = "UsageRollup"."reasoningTokens" + excluded."reasoningTokens", "inputAudioTokens" = "UsageRollup"."inputAudioTokens" + excluded."inputAudioTokens", "outputAudioTokens" = "UsageRollup"."outputAudioTokens" + excluded."outputAudioTokens", "inputImageTokens" = "UsageRollup"."inputImageTokens" + excluded."inputImageTokens", "outputImageTokens" = "UsageRollup"."outputImageTokens" + excluded."outputImageTokens", "costMicros" = "UsageRollup"."costMicros" + excluded."costMicros";
END;

-- Backfill: the events a vault already holds.
INSERT INTO "UsageRollup" ("userId", "period", "bucket", "grantId", "scopeId", "provider", "model", "outcome", "requests", "inputTokens", "outputTokens", "cacheReadTokens", "cacheWriteTokens", "cacheWrite1hTokens", "reasoningTokens", "inputAudioTokens", "outputAudioTokens", "inputImageTokens", "outputImageTokens", "costMicros")
SELECT "userId", 'h', strftime('%Y-%m-%dT%H:00:00.000+00:00', "createdAt"), "grantId", "scopeId", "provider", COALESCE("model", ''), "outcome", COUNT(*), SUM("inputTokens"), SUM("outputTokens"), SUM("cacheReadTokens"), SUM("cacheWriteTokens"), SUM("cacheWrite1hTokens"), SUM("reasoningTokens"), SUM("inputAudioTokens"), SUM("outputAudioTokens"), SUM("inputImageTokens"), SUM("outputImageTokens"), SUM("costMicros")
  FROM "UsageEvent" GROUP BY 1, 3, 4, 5, 6, 7, 8;
INSERT INTO "UsageRollup" ("userId", "period", "bucket", "grantId", "scopeId", "provider", "model", "outcome", "requests", "inputTokens", "outputTokens", "cacheReadTokens", "cacheWriteTokens", "cacheWrite1hTokens", "reasoningTokens", "inputAudioTokens", "outputAudioTokens", "inputImageTokens", "outputImageTokens", "costMicros")
SELECT "userId", 'd', strftime('%Y-%m-%dT00:00:00.000+00:00', "createdAt"), "grantId", "scopeId", "provider", COALESCE("model", ''), "outcome", COUNT(*), SUM("inputTokens"), SUM("outputTokens"), SUM("cacheReadTokens"), SUM("cacheWriteTokens"), SUM("cacheWrite1hTokens"), SUM("reasoningTokens"), SUM("inputAudioTokens"), SUM("outputAudioTokens"), SUM("inputImageTokens"), SUM("outputImageTokens"), SUM("costMicros")
  FROM "UsageEvent" GROUP BY 1, 3, 4, 5, 6, 7, 8;
