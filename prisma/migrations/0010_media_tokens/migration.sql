-- Audio and image tokens, subsets of the input and output tokens that are priced at their own rates,
-- recorded on each usage event so its cost can be recomputed from the event alone. Written by hand:
-- ADD COLUMN keeps the table (and its "UsageEvent_swept_is_final" trigger), where Prisma's generated
-- table rebuild would drop it.
ALTER TABLE "UsageEvent" ADD COLUMN "inputAudioTokens" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "UsageEvent" ADD COLUMN "outputAudioTokens" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "UsageEvent" ADD COLUMN "inputImageTokens" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "UsageEvent" ADD COLUMN "outputImageTokens" INTEGER NOT NULL DEFAULT 0;
