-- Mail intake (mail/inbound): each message taken from a mailbox is stored raw in the transaction
-- that advances its MailboxCursor, then processed into an InboundMessage.

-- CreateTable
CREATE TABLE "MailMessage" (
    "id" UUID NOT NULL,
    "account" TEXT NOT NULL,
    "mailbox" TEXT NOT NULL,
    "uidValidity" BIGINT NOT NULL,
    "uid" BIGINT NOT NULL,
    "messageId" TEXT,
    "contentHash" TEXT,
    "size" INTEGER NOT NULL,
    "raw" BYTEA,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "outcome" TEXT,
    "inboundMessageId" UUID,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "fetchedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMPTZ(3),

    CONSTRAINT "MailMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MailMessage_account_messageId_idx" ON "MailMessage"("account", "messageId");

-- CreateIndex
CREATE INDEX "MailMessage_account_contentHash_idx" ON "MailMessage"("account", "contentHash");

-- CreateIndex
CREATE INDEX "MailMessage_state_fetchedAt_idx" ON "MailMessage"("state", "fetchedAt");

-- CreateIndex
CREATE UNIQUE INDEX "MailMessage_account_mailbox_uidValidity_uid_key" ON "MailMessage"("account", "mailbox", "uidValidity", "uid");
