-- AlterTable
ALTER TABLE "Grant" ADD COLUMN     "expiryNotifiedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "SpendAlert" (
    "scopeId" TEXT NOT NULL,
    "window" TEXT NOT NULL,
    "threshold" INTEGER NOT NULL,
    "committedMicros" BIGINT NOT NULL,
    "capMicros" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SpendAlert_pkey" PRIMARY KEY ("scopeId","window","threshold")
);

-- CreateIndex
CREATE INDEX "Grant_status_expiresAt_idx" ON "Grant"("status", "expiresAt");

-- AddForeignKey
ALTER TABLE "SpendAlert" ADD CONSTRAINT "SpendAlert_scopeId_fkey" FOREIGN KEY ("scopeId") REFERENCES "GrantScope"("id") ON DELETE CASCADE ON UPDATE CASCADE;

