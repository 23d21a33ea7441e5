-- AlterTable
ALTER TABLE "UsageEvent" ADD COLUMN     "inputAudioTokens" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "inputImageTokens" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "outputAudioTokens" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "outputImageTokens" INTEGER NOT NULL DEFAULT 0;


-- The settlement records them in the same statement as the rest of the usage (hand-written). A new
-- overload: an instance still running the previous version keeps calling the 15-argument one.
CREATE FUNCTION okap_settle(
  p_hold TEXT, p_cost BIGINT, p_now TIMESTAMP(3), p_status INTEGER, p_outcome TEXT, p_model TEXT,
  p_input INTEGER, p_output INTEGER, p_cache_read INTEGER, p_cache_write INTEGER, p_cache_write_1h INTEGER,
  p_reasoning INTEGER, p_estimated BOOLEAN, p_latency INTEGER, p_ttfb INTEGER,
  p_input_audio INTEGER, p_output_audio INTEGER, p_input_image INTEGER, p_output_image INTEGER
) RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
  v_settled BIGINT;
BEGIN
  v_settled := okap_settle(p_hold, p_cost, p_now, p_status, p_outcome, p_model, p_input, p_output, p_cache_read,
    p_cache_write, p_cache_write_1h, p_reasoning, p_estimated, p_latency, p_ttfb);
  UPDATE "UsageEvent" SET "inputAudioTokens" = p_input_audio, "outputAudioTokens" = p_output_audio,
    "inputImageTokens" = p_input_image, "outputImageTokens" = p_output_image
   WHERE "id" = p_hold;
  RETURN v_settled;
END $$;
