-- AlterTable
ALTER TABLE "Grant" ADD COLUMN "expiryNotifiedAt" DATETIME;

-- CreateTable
CREATE TABLE "SpendAlert" (
    "scopeId" TEXT NOT NULL,
    "window" TEXT NOT NULL,
    "threshold" INTEGER NOT NULL,
    "committedMicros" BIGINT NOT NULL,
    "capMicros" BIGINT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("scopeId", "window", "threshold"),
    CONSTRAINT "SpendAlert_scopeId_fkey" FOREIGN KEY ("scopeId") REFERENCES "GrantScope" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Grant_status_expiresAt_idx" ON "Grant"("status", "expiresAt");

