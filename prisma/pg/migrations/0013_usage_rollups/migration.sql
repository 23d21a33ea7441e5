-- DropIndex
DROP INDEX "UsageEvent_grantId_createdAt_idx";

-- CreateTable
CREATE TABLE "UsageRollup" (
    "userId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "bucket" TIMESTAMP(3) NOT NULL,
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

    CONSTRAINT "UsageRollup_pkey" PRIMARY KEY ("userId","period","bucket","grantId","scopeId","provider","model","outcome")
);

-- CreateIndex
CREATE INDEX "UsageRollup_grantId_period_bucket_idx" ON "UsageRollup"("grantId", "period", "bucket");

-- CreateIndex
CREATE INDEX "UsageEvent_grantId_userId_createdAt_idx" ON "UsageEvent"("grantId", "userId", "createdAt");


-- Usage rollups (per UTC hour and day, grant entry, model, outcome), kept exact by triggers on
-- UsageEvent (after 0010, so the audio and image token classes are rolled up too): whoever writes an event (okap_admit, okap_settle, okap_sweep, the seed), the rollups
-- change in the same transaction. An insert adds the event; an update removes the old row's values
-- from its bucket and adds the new ones (a settlement moves an event from "pending" to its outcome; a
-- swept event is final, migration 0006, so its update is skipped before this fires). A delete (the
-- retention of raw events) leaves the rollups as they are: they keep the history. Every rollup row
-- belongs to one grant entry, and every ledger function locks that entry's spend windows before it
-- writes the event, so rollup rows add no lock order of their own.
CREATE FUNCTION okap_rollup_add(e "UsageEvent", p_sign INTEGER) RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "UsageRollup" ("userId", "period", "bucket", "grantId", "scopeId", "provider", "model", "outcome", "requests", "inputTokens", "outputTokens", "cacheReadTokens", "cacheWriteTokens", "cacheWrite1hTokens", "reasoningTokens", "inputAudioTokens", "outputAudioTokens", "inputImageTokens", "outputImageTokens", "costMicros")
  VALUES (e."userId", 'h', date_trunc('hour', e."createdAt"), e."grantId", e."scopeId", e."provider", COALESCE(e."model", ''), e."outcome", p_sign, p_sign * e."inputTokens", p_sign * e."outputTokens", p_sign * e."cacheReadTokens", p_sign * e."cacheWriteTokens", p_sign * e."cacheWrite1hTokens", p_sign * e."reasoningTokens", p_sign * e."inputAudioTokens", p_sign * e."outputAudioTokens", p_sign * e."inputImageTokens", p_sign * e."outputImageTokens", p_sign * e."costMicros")
  ON CONFLICT ("userId", "period", "bucket", "grantId", "scopeId", "provider", "model", "outcome") DO UPDATE SET "requests" = "UsageRollup"."requests" + EXCLUDED."requests", "inputTokens" = "UsageRollup"."inputTokens" + EXCLUDED."inputTokens", "outputTokens" = "UsageRollup"."outputTokens" + EXCLUDED."outputTokens", "cacheReadTokens" = "UsageRollup"."cacheReadTokens" + EXCLUDED."cacheReadTokens", "cacheWriteTokens" = "UsageRollup"."cacheWriteTokens" + EXCLUDED."cacheWriteTokens", "cacheWrite1hTokens" = "UsageRollup"."cacheWrite1hTokens" + EXCLUDED."cacheWrite1hTokens", "reasoningTokens" = "UsageRollup"."reasoningTokens" + EXCLUDED."reasoningTokens", "inputAudioTokens" = "UsageRollup"."inputAudioTokens" + EXCLUDED."inputAudioTokens", "outputAudioTokens" = "UsageRollup"."outputAudioTokens" + EXCLUDED."outputAudioTokens", "inputImageTokens" = "UsageRollup"."inputImageTokens" + EXCLUDED."inputImageTokens", "outputImageTokens" = "UsageRollup"."outputImageTokens" + EXCLUDED."outputImageTokens", "costMicros" = "UsageRollup"."costMicros" + EXCLUDED."costMicros";
  INSERT INTO "UsageRollup" ("userId", "period", "bucket", "grantId", "scopeId", "provider", "model", "outcome", "requests", "inputTokens", "outputTokens", "cacheReadTokens", "cacheWriteTokens", "cacheWrite1hTokens", "reasoningTokens", "inputAudioTokens", "outputAudioTokens", "inputImageTokens", "outputImageTokens", "costMicros")
  VALUES (e."userId", 'd', date_trunc('day', e."createdAt"), e."grantId", e."scopeId", e."provider", COALESCE(e."model", ''), e."outcome", p_sign, p_sign * e."inputTokens", p_sign * e."outputTokens", p_sign * e."cacheReadTokens", p_sign * e."cacheWriteTokens", p_sign * e."cacheWrite1hTokens", p_sign * e."reasoningTokens", p_sign * e."inputAudioTokens", p_sign * e."outputAudioTokens", p_sign * e."inputImageTokens", p_sign * e."outputImageTokens", p_sign * e."costMicros")
  ON CONFLICT ("userId", "period", "bucket", "grantId", "scopeId", "provider", "model", "outcome") DO UPDATE SET "requests" = "UsageRollup"."requests" + EXCLUDED."requests", "inputTokens" = "UsageRollup"."inputTokens" + EXCLUDED."inputTokens", "outputTokens" = "UsageRollup"."outputTokens" + EXCLUDED."outputTokens", "cacheReadTokens" = "UsageRollup"."cacheReadTokens" + EXCLUDED."cacheReadTokens", "cacheWriteTokens" = "UsageRollup"."cacheWriteTokens" + EXCLUDED."cacheWriteTokens", "cacheWrite1hTokens" = "UsageRollup"."cacheWrite1hTokens" + EXCLUDED."cacheWrite1hTokens", "reasoningTokens" = "UsageRollup"."reasoningTokens" + EXCLUDED."reasoningTokens", "inputAudioTokens" = "UsageRollup"."inputAudioTokens" + EXCLUDED."inputAudioTokens", "outputAudioTokens" = "UsageRollup"."outputAudioTokens" + EXCLUDED."outputAudioTokens", "inputImageTokens" = "UsageRollup"."inputImageTokens" + EXCLUDED."inputImageTokens", "outputImageTokens" = "UsageRollup"."outputImageTokens" + EXCLUDED."outputImageTokens", "costMicros" = "UsageRollup"."costMicros" + EXCLUDED."costMicros";
END $$;

CREATE FUNCTION okap_usage_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    PERFORM okap_rollup_add(OLD, -1);
  END IF;
  PERFORM okap_rollup_add(NEW, 1);
  RETURN NULL;
END $$;

CREATE TRIGGER "UsageEvent_rollup" AFTER INSERT OR UPDATE ON "UsageEvent"
FOR EACH ROW EXECUTE FUNCTION okap_usage_rollup();

-- Backfill: the events a vault already holds.
INSERT INTO "UsageRollup" ("userId", "period", "bucket", "grantId", "scopeId", "provider", "model", "outcome", "requests", "inputTokens", "outputTokens", "cacheReadTokens", "cacheWriteTokens", "cacheWrite1hTokens", "reasoningTokens", "inputAudioTokens", "outputAudioTokens", "inputImageTokens", "outputImageTokens", "costMicros")
SELECT "userId", 'h', date_trunc('hour', "createdAt"), "grantId", "scopeId", "provider", COALESCE("model", ''), "outcome", COUNT(*), SUM("inputTokens"), SUM("outputTokens"), SUM("cacheReadTokens"), SUM("cacheWriteTokens"), SUM("cacheWrite1hTokens"), SUM("reasoningTokens"), SUM("inputAudioTokens"), SUM("outputAudioTokens"), SUM("inputImageTokens"), SUM("outputImageTokens"), SUM("costMicros")
  FROM "UsageEvent" GROUP BY 1, 3, 4, 5, 6, 7, 8;
INSERT INTO "UsageRollup" ("userId", "period", "bucket", "grantId", "scopeId", "provider", "model", "outcome", "requests", "inputTokens", "outputTokens", "cacheReadTokens", "cacheWriteTokens", "cacheWrite1hTokens", "reasoningTokens", "inputAudioTokens", "outputAudioTokens", "inputImageTokens", "outputImageTokens", "costMicros")
SELECT "userId", 'd', date_trunc('day', "createdAt"), "grantId", "scopeId", "provider", COALESCE("model", ''), "outcome", COUNT(*), SUM("inputTokens"), SUM("outputTokens"), SUM("cacheReadTokens"), SUM("cacheWriteTokens"), SUM("cacheWrite1hTokens"), SUM("reasoningTokens"), SUM("inputAudioTokens"), SUM("outputAudioTokens"), SUM("inputImageTokens"), SUM("outputImageTokens"), SUM("costMicros")
  FROM "UsageEvent" GROUP BY 1, 3, 4, 5, 6, 7, 8;
