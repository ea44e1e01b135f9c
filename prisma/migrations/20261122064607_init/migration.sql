-- CreateEnum
CREATE TYPE "Channel" AS ENUM ('telegram', 'zalo', 'email', 'web');

-- CreateEnum
CREATE TYPE "Kind" AS ENUM ('news', 'question', 'feedback', 'complaint', 'spam');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('head', 'deputy', 'member', 'secretariat', 'collaborator', 'responder');

-- CreateEnum
CREATE TYPE "Priority" AS ENUM ('normal', 'high');

-- CreateEnum
CREATE TYPE "SubmissionStatus" AS ENUM ('received', 'classified', 'in_review', 'changes_requested', 'approved', 'published', 'answered', 'forwarded', 'rejected', 'withdrawn');

-- CreateEnum
CREATE TYPE "ReviewStage" AS ENUM ('first', 'final');

-- CreateEnum
CREATE TYPE "ReviewRequestStatus" AS ENUM ('pending', 'decided', 'closed');

-- CreateEnum
CREATE TYPE "DecisionAction" AS ENUM ('approve', 'reject', 'request_changes', 'forward');

-- CreateEnum
CREATE TYPE "DecisionState" AS ENUM ('recorded', 'applied');

-- CreateEnum
CREATE TYPE "PublicationStatus" AS ENUM ('published', 'unpublished');

-- CreateEnum
CREATE TYPE "OutboundKind" AS ENUM ('text', 'review_card', 'card_update', 'answer');

-- CreateEnum
CREATE TYPE "OutboundStatus" AS ENUM ('pending', 'sent', 'failed', 'skipped', 'unreachable');

-- CreateTable
CREATE TABLE "Person" (
    "id" UUID NOT NULL,
    "fullName" TEXT,
    "workplace" TEXT,
    "title" TEXT,
    "phone" TEXT,
    "email" TEXT,
    "address" TEXT,
    "reviewChannel" "Channel",
    "note" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Identity" (
    "id" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "channel" "Channel" NOT NULL,
    "externalId" TEXT NOT NULL,
    "displayName" TEXT,
    "chatId" TEXT,
    "lastSeenAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Identity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoleMembership" (
    "id" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "role" "Role" NOT NULL,
    "fieldId" UUID,
    "unit" TEXT,
    "grantedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "grantedById" UUID,
    "revokedAt" TIMESTAMPTZ(3),
    "revokedById" UUID,
    "note" TEXT,

    CONSTRAINT "RoleMembership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Field" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Field_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Invite" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "personId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Invite_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InboundMessage" (
    "id" UUID NOT NULL,
    "channel" "Channel" NOT NULL,
    "externalId" TEXT NOT NULL,
    "senderExternalId" TEXT NOT NULL,
    "senderName" TEXT,
    "personId" UUID,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "payload" JSONB,
    "raw" BYTEA,
    "text" TEXT NOT NULL,
    "subject" TEXT,
    "submissionId" UUID,
    "setAsideReason" TEXT,

    CONSTRAINT "InboundMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Submission" (
    "id" UUID NOT NULL,
    "trackingNumber" SERIAL NOT NULL,
    "status" "SubmissionStatus" NOT NULL DEFAULT 'received',
    "statusAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" "Kind",
    "fieldId" UUID,
    "priority" "Priority" NOT NULL DEFAULT 'normal',
    "senderId" UUID NOT NULL,
    "channel" "Channel" NOT NULL,
    "title" TEXT,
    "text" TEXT NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "eventDate" TIMESTAMPTZ(3),
    "deadlineAt" TIMESTAMPTZ(3),
    "late" BOOLEAN NOT NULL DEFAULT false,
    "duplicateOfId" UUID,
    "duplicateScore" DOUBLE PRECISION,
    "classifier" TEXT,
    "confidence" DOUBLE PRECISION,
    "scores" JSONB,
    "reasons" TEXT[],
    "needsPerson" BOOLEAN NOT NULL DEFAULT false,
    "assignedToId" UUID,
    "round" INTEGER NOT NULL DEFAULT 1,
    "notifyFailedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Submission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Attachment" (
    "id" UUID NOT NULL,
    "sha256" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "contentType" TEXT NOT NULL,
    "originalName" TEXT,
    "externalRef" TEXT,
    "inboundMessageId" UUID,
    "submissionId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Attachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewRequest" (
    "id" UUID NOT NULL,
    "submissionId" UUID NOT NULL,
    "reviewerId" UUID NOT NULL,
    "role" "Role" NOT NULL,
    "stage" "ReviewStage" NOT NULL,
    "round" INTEGER NOT NULL,
    "status" "ReviewRequestStatus" NOT NULL DEFAULT 'pending',
    "token" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ReviewRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Decision" (
    "id" UUID NOT NULL,
    "submissionId" UUID NOT NULL,
    "stage" "ReviewStage" NOT NULL,
    "round" INTEGER NOT NULL,
    "action" "DecisionAction" NOT NULL,
    "deciderId" UUID NOT NULL,
    "channel" "Channel" NOT NULL,
    "reasonCode" INTEGER,
    "note" TEXT,
    "forwardFieldId" UUID,
    "forwardPersonId" UUID,
    "state" "DecisionState" NOT NULL DEFAULT 'recorded',
    "decidedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "appliedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Answer" (
    "id" UUID NOT NULL,
    "submissionId" UUID NOT NULL,
    "responderId" UUID NOT NULL,
    "unit" TEXT,
    "text" TEXT NOT NULL,
    "channel" "Channel" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Answer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Publication" (
    "id" UUID NOT NULL,
    "submissionId" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "kind" "Kind" NOT NULL,
    "fieldId" UUID,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "question" TEXT,
    "answerText" TEXT,
    "answerUnit" TEXT,
    "answeredAt" TIMESTAMPTZ(3),
    "author" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "status" "PublicationStatus" NOT NULL DEFAULT 'published',
    "publishedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "unpublishedAt" TIMESTAMPTZ(3),
    "unpublishReason" TEXT,
    "corrections" JSONB,

    CONSTRAINT "Publication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboundMessage" (
    "id" UUID NOT NULL,
    "channel" "Channel" NOT NULL,
    "kind" "OutboundKind" NOT NULL,
    "recipientId" UUID,
    "address" TEXT NOT NULL,
    "submissionId" UUID,
    "reviewRequestId" UUID,
    "template" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "text" TEXT NOT NULL,
    "status" "OutboundStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "externalRef" TEXT,
    "updatesId" UUID,
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMPTZ(3),

    CONSTRAINT "OutboundMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" UUID,
    "via" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "submissionId" UUID,
    "data" JSONB,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MailboxCursor" (
    "id" UUID NOT NULL,
    "account" TEXT NOT NULL,
    "mailbox" TEXT NOT NULL,
    "uidValidity" BIGINT NOT NULL,
    "lastUid" BIGINT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "MailboxCursor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChannelToken" (
    "id" UUID NOT NULL,
    "channel" "Channel" NOT NULL,
    "name" TEXT NOT NULL,
    "accessToken" TEXT,
    "refreshToken" TEXT,
    "expiresAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ChannelToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChannelState" (
    "channel" "Channel" NOT NULL,
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ChannelState_pkey" PRIMARY KEY ("channel","key")
);

-- CreateIndex
CREATE INDEX "Person_phone_idx" ON "Person"("phone");

-- CreateIndex
CREATE INDEX "Person_email_idx" ON "Person"("email");

-- CreateIndex
CREATE INDEX "Identity_personId_idx" ON "Identity"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "Identity_channel_externalId_key" ON "Identity"("channel", "externalId");

-- CreateIndex
CREATE INDEX "RoleMembership_personId_revokedAt_idx" ON "RoleMembership"("personId", "revokedAt");

-- CreateIndex
CREATE INDEX "RoleMembership_role_fieldId_revokedAt_idx" ON "RoleMembership"("role", "fieldId", "revokedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Field_code_key" ON "Field"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Invite_code_key" ON "Invite"("code");

-- CreateIndex
CREATE INDEX "InboundMessage_submissionId_idx" ON "InboundMessage"("submissionId");

-- CreateIndex
CREATE UNIQUE INDEX "InboundMessage_channel_externalId_key" ON "InboundMessage"("channel", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "Submission_trackingNumber_key" ON "Submission"("trackingNumber");

-- CreateIndex
CREATE INDEX "Submission_status_statusAt_idx" ON "Submission"("status", "statusAt");

-- CreateIndex
CREATE INDEX "Submission_senderId_idx" ON "Submission"("senderId");

-- CreateIndex
CREATE INDEX "Submission_fieldId_status_idx" ON "Submission"("fieldId", "status");

-- CreateIndex
CREATE INDEX "Attachment_sha256_idx" ON "Attachment"("sha256");

-- CreateIndex
CREATE INDEX "Attachment_submissionId_idx" ON "Attachment"("submissionId");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewRequest_token_key" ON "ReviewRequest"("token");

-- CreateIndex
CREATE INDEX "ReviewRequest_reviewerId_status_idx" ON "ReviewRequest"("reviewerId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewRequest_submissionId_reviewerId_stage_round_key" ON "ReviewRequest"("submissionId", "reviewerId", "stage", "round");

-- CreateIndex
CREATE INDEX "Decision_state_decidedAt_idx" ON "Decision"("state", "decidedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Decision_submissionId_stage_round_key" ON "Decision"("submissionId", "stage", "round");

-- CreateIndex
CREATE INDEX "Answer_submissionId_idx" ON "Answer"("submissionId");

-- CreateIndex
CREATE UNIQUE INDEX "Publication_submissionId_key" ON "Publication"("submissionId");

-- CreateIndex
CREATE UNIQUE INDEX "Publication_slug_key" ON "Publication"("slug");

-- CreateIndex
CREATE INDEX "Publication_status_publishedAt_idx" ON "Publication"("status", "publishedAt");

-- CreateIndex
CREATE INDEX "Publication_fieldId_status_publishedAt_idx" ON "Publication"("fieldId", "status", "publishedAt");

-- CreateIndex
CREATE INDEX "OutboundMessage_status_createdAt_idx" ON "OutboundMessage"("status", "createdAt");

-- CreateIndex
CREATE INDEX "OutboundMessage_submissionId_idx" ON "OutboundMessage"("submissionId");

-- CreateIndex
CREATE INDEX "OutboundMessage_reviewRequestId_idx" ON "OutboundMessage"("reviewRequestId");

-- CreateIndex
CREATE INDEX "AuditEvent_submissionId_at_idx" ON "AuditEvent"("submissionId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_action_at_idx" ON "AuditEvent"("action", "at");

-- CreateIndex
CREATE UNIQUE INDEX "MailboxCursor_account_mailbox_key" ON "MailboxCursor"("account", "mailbox");

-- CreateIndex
CREATE UNIQUE INDEX "ChannelToken_channel_name_key" ON "ChannelToken"("channel", "name");

-- AddForeignKey
ALTER TABLE "Identity" ADD CONSTRAINT "Identity_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleMembership" ADD CONSTRAINT "RoleMembership_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleMembership" ADD CONSTRAINT "RoleMembership_fieldId_fkey" FOREIGN KEY ("fieldId") REFERENCES "Field"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleMembership" ADD CONSTRAINT "RoleMembership_grantedById_fkey" FOREIGN KEY ("grantedById") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleMembership" ADD CONSTRAINT "RoleMembership_revokedById_fkey" FOREIGN KEY ("revokedById") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invite" ADD CONSTRAINT "Invite_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InboundMessage" ADD CONSTRAINT "InboundMessage_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InboundMessage" ADD CONSTRAINT "InboundMessage_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Submission" ADD CONSTRAINT "Submission_fieldId_fkey" FOREIGN KEY ("fieldId") REFERENCES "Field"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Submission" ADD CONSTRAINT "Submission_senderId_fkey" FOREIGN KEY ("senderId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Submission" ADD CONSTRAINT "Submission_duplicateOfId_fkey" FOREIGN KEY ("duplicateOfId") REFERENCES "Submission"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_inboundMessageId_fkey" FOREIGN KEY ("inboundMessageId") REFERENCES "InboundMessage"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewRequest" ADD CONSTRAINT "ReviewRequest_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewRequest" ADD CONSTRAINT "ReviewRequest_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_deciderId_fkey" FOREIGN KEY ("deciderId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Answer" ADD CONSTRAINT "Answer_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Answer" ADD CONSTRAINT "Answer_responderId_fkey" FOREIGN KEY ("responderId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Publication" ADD CONSTRAINT "Publication_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Publication" ADD CONSTRAINT "Publication_fieldId_fkey" FOREIGN KEY ("fieldId") REFERENCES "Field"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboundMessage" ADD CONSTRAINT "OutboundMessage_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboundMessage" ADD CONSTRAINT "OutboundMessage_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboundMessage" ADD CONSTRAINT "OutboundMessage_reviewRequestId_fkey" FOREIGN KEY ("reviewRequestId") REFERENCES "ReviewRequest"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Append-only and never-deleted, enforced by the database itself (not tracked by Prisma's diff).
CREATE FUNCTION bantin_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on % is not allowed: %', TG_OP, TG_TABLE_NAME, TG_ARGV[0]
    USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TRIGGER "AuditEvent_append_only" BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION bantin_refuse_change('the audit log is append-only');
CREATE TRIGGER "Publication_never_deleted" BEFORE DELETE ON "Publication"
  FOR EACH ROW EXECUTE FUNCTION bantin_refuse_change('unpublish instead: publications are kept');
CREATE TRIGGER "InboundMessage_never_deleted" BEFORE DELETE ON "InboundMessage"
  FOR EACH ROW EXECUTE FUNCTION bantin_refuse_change('inbound originals are kept');
