-- AlterTable
ALTER TABLE "GrantScope" ADD COLUMN "containedAt" DATETIME;
ALTER TABLE "GrantScope" ADD COLUMN "containedHoldId" TEXT;
ALTER TABLE "GrantScope" ADD COLUMN "containedNoticeId" TEXT;
ALTER TABLE "GrantScope" ADD COLUMN "containedWindow" TEXT;

