-- Zalo webhook inbox (bots/zalo): each event stored raw, as signed, before the webhook answers;
-- processed once by the Zalo channel.

-- CreateTable
CREATE TABLE "ZaloEvent" (
    "id" UUID NOT NULL,
    "eventKey" TEXT NOT NULL,
    "eventName" TEXT NOT NULL,
    "raw" BYTEA NOT NULL,
    "signatureValid" BOOLEAN NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "processedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ZaloEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ZaloEvent_eventKey_key" ON "ZaloEvent"("eventKey");

-- CreateIndex
CREATE INDEX "ZaloEvent_state_receivedAt_idx" ON "ZaloEvent"("state", "receivedAt");
