/**
 * What core needs from the outside, declared narrowly. Adapters implement these; core never
 * imports an adapter.
 */
import type { Channel, DecisionAction, Kind, Priority } from "./domain.ts";

// ---------------------------------------------------------------------------------------------
// Follow-up work: use cases persist first, then hand these to the queue after commit.

/** The job catalogue as core sees it: each job's name and its payload (ids only, never bodies or tokens). */
export interface JobPayloads {
  "classify-submission": { submissionId: string };
  "request-review": { submissionId: string; round: number };
  "apply-decision": { decisionId: string };
  "publish-submission": { submissionId: string };
  "send-message": { outboundMessageId: string; channel: Channel };
}
export type JobName = keyof JobPayloads;
export type FollowUp = {
  [N in JobName]: {
    name: N;
    data: JobPayloads[N];
    /** Run no sooner than this many milliseconds from now (e.g. to let an album's other photos arrive). */
    delayMs?: number;
  };
}[JobName];

/** Enqueues follow-up work. Implemented by the queue; a failure here is healed by the sweeper. */
export interface JobSink {
  enqueue(jobs: readonly FollowUp[]): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Channels: how core's messages leave.

/** An address on one channel: a Telegram chat id, a Zalo user id, an e-mail address. */
export interface Recipient {
  personId: string | null;
  address: string;
  name?: string | null;
}

/** What a reviewer can do from a card. `answer` is for questions (a reply to the card). */
export type CardAction = DecisionAction | "answer";

/** A file that came with the item, as a card lists it; the bytes are in the attachment store. */
export interface CardAttachment {
  sha256: string;
  contentType: string;
  originalName: string | null;
  size: number;
  /** The channel it came in on and that channel's reference (a Telegram file_id…), for reuse there. */
  channel: Channel;
  externalRef: string | null;
}

/** A review card (phiếu duyệt), rendered by core, drawn by each channel in its own terms. */
export interface ReviewCard {
  reviewRequestId: string;
  /** Unguessable, bound to the item and this reviewer: channels put it in buttons and reply addresses. */
  token: string;
  trackingCode: string;
  kind: Kind | null;
  kindLabel: string;
  fieldCode: string | null;
  fieldName: string | null;
  priority: Priority;
  senderName: string;
  senderUnit: string | null;
  excerpt: string;
  receivedAt: string;
  deadlineAt: string | null;
  late: boolean;
  duplicateOf: string | null;
  /** A rejection reason the card suggests (7 when the item repeats a published one); absent when none. */
  suggestedRejection?: number | null;
  /** Photos and files sent with the item, oldest first (absent on cards rendered before they existed). */
  attachments?: CardAttachment[];
  stage: "first" | "final";
  actions: CardAction[];
  webUrl: string;
  /** The whole card as plain Vietnamese text, for channels without rich layout. */
  text: string;
}

/** How a decided card should read once its actions are removed. */
export interface CardOutcome {
  action: DecisionAction | "answer" | "withdrawn";
  deciderName: string;
  decidedAt: string;
  text: string;
}

/** The official answer to a question, as sent to the citizen. */
export interface AnswerMessage {
  trackingCode: string;
  question: string;
  answer: string;
  unit: string | null;
  url: string | null;
  text: string;
}

/** The provider's reference to a sent message (message id, chat id…), kept to edit it later. */
export type SentRef = string;

/**
 * A channel's way out. Errors are thrown as `DeliveryError` (permanent or not); anything else
 * thrown is treated as transient.
 */
export interface ChannelSender {
  readonly channel: Channel;
  sendText(to: Recipient, text: string): Promise<SentRef>;
  sendReviewCard(to: Recipient, card: ReviewCard): Promise<SentRef>;
  updateReviewCard(to: Recipient, ref: SentRef, card: ReviewCard, outcome: CardOutcome): Promise<void>;
  sendAnswer(to: Recipient, answer: AnswerMessage): Promise<SentRef>;
}

/** The explicit registry of senders, built in one composition root. */
export type ChannelSenders = Partial<Record<Channel, ChannelSender>>;
