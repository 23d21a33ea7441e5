-- CreateTable
CREATE TABLE "Credential" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "account" TEXT NOT NULL DEFAULT '',
    "label" TEXT NOT NULL DEFAULT '',
    "destinations" TEXT NOT NULL,
    "ciphertext" BYTEA NOT NULL,
    "last4" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "Credential_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiGrantScope" (
    "id" TEXT NOT NULL,
    "grantId" TEXT NOT NULL,
    "hosts" TEXT NOT NULL,
    "wildcard" BOOLEAN NOT NULL DEFAULT false,
    "refusedHosts" TEXT NOT NULL DEFAULT '[]',
    "methods" TEXT NOT NULL,
    "pathPrefixes" TEXT NOT NULL,
    "requestsPerMinute" INTEGER,
    "requestsPerDay" INTEGER,

    CONSTRAINT "ApiGrantScope_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiScopeCredential" (
    "scopeId" TEXT NOT NULL,
    "credentialId" TEXT NOT NULL,

    CONSTRAINT "ApiScopeCredential_pkey" PRIMARY KEY ("scopeId","credentialId")
);

-- CreateTable
CREATE TABLE "ApiCall" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "grantId" TEXT,
    "scopeId" TEXT,
    "credentials" TEXT NOT NULL DEFAULT '[]',
    "account" TEXT,
    "method" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "bytesIn" INTEGER NOT NULL DEFAULT 0,
    "bytesOut" INTEGER NOT NULL DEFAULT 0,
    "durationMs" INTEGER NOT NULL DEFAULT 0,
    "redacted" BOOLEAN NOT NULL DEFAULT false,
    "blockedReason" TEXT,
    "agentId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiCall_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Credential_userId_name_idx" ON "Credential"("userId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Credential_userId_name_account_key" ON "Credential"("userId", "name", "account");

-- CreateIndex
CREATE INDEX "ApiGrantScope_grantId_idx" ON "ApiGrantScope"("grantId");

-- CreateIndex
CREATE INDEX "ApiScopeCredential_credentialId_idx" ON "ApiScopeCredential"("credentialId");

-- CreateIndex
CREATE INDEX "ApiCall_grantId_createdAt_idx" ON "ApiCall"("grantId", "createdAt");

-- CreateIndex
CREATE INDEX "ApiCall_userId_createdAt_idx" ON "ApiCall"("userId", "createdAt");

-- AddForeignKey
ALTER TABLE "Credential" ADD CONSTRAINT "Credential_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiGrantScope" ADD CONSTRAINT "ApiGrantScope_grantId_fkey" FOREIGN KEY ("grantId") REFERENCES "Grant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiScopeCredential" ADD CONSTRAINT "ApiScopeCredential_scopeId_fkey" FOREIGN KEY ("scopeId") REFERENCES "ApiGrantScope"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiScopeCredential" ADD CONSTRAINT "ApiScopeCredential_credentialId_fkey" FOREIGN KEY ("credentialId") REFERENCES "Credential"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

