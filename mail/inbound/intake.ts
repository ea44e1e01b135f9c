/**
 * Mail intake's shared vocabulary: what processing needs, what became of a message, and the
 * external id a mail is known by everywhere (receiving, amending, setting aside).
 */
import { createHash } from "node:crypto";
import type { CoreDeps } from "../../core/context.ts";
import type { Logger } from "../../core/logger.ts";

export interface MailIntakeDeps {
  core: CoreDeps;
  log: Logger;
  dataDir: string;
  attachmentMaxBytes: number;
  replyDomain: string;
  /** Bantin's own addresses: mail from them is a loop. */
  ownAddresses: string[];
  /** More attachments than this and the message is set aside with a reply. Default 100. */
  maxAttachments?: number;
  /** A parse taking longer fails (and is retried, then set aside). Default 60 s. */
  parseTimeoutMs?: number;
}

export type MailOutcome =
  "received" | "amended" | "decided" | "answered" | "review-refused" | "review-not-applied" | "set-aside" | "duplicate";

export interface Processed {
  outcome: MailOutcome;
  inboundMessageId: string | null;
  detail?: string;
}

/** The external id of a mail: its Message-ID, or the hash of its bytes when it has none. */
export function mailExternalId(messageId: string | null, raw: Uint8Array): string {
  return messageId ?? `sha256:${createHash("sha256").update(raw).digest("hex")}`;
}
