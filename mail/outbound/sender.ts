/**
 * The e-mail `ChannelSender`: core's texts, review cards and answers as mail through one pooled
 * nodemailer transport. Every mail carries a Message-ID minted from its item (the ref returned),
 * `Auto-Submitted` (RFC 3834), a text and an HTML part from one template, and a Reply-To that
 * brings replies back threaded: `reply+<item token>@` for senders, `reply+<card token>@` for the
 * one reviewer a card was sent to.
 */
import type { Transporter } from "nodemailer";
import type { Db } from "../../core/db.ts";
import { DeliveryError } from "../../core/errors.ts";
import { hasAttachment, openAttachment } from "../../core/attachments/store.ts";
import type { CardAttachment, ChannelSender, Recipient, ReviewCard } from "../../core/ports.ts";
import { parseTrackingCode } from "../../core/tracking-code.ts";
import { mintMessageId, replyAddress } from "../addresses.ts";
import { cardFilesLeftOut, cardInstructions, mailFooter, mailSubjects } from "../messages.ts";
import { itemReplyToken } from "../threads.ts";
import { toDeliveryError } from "./errors.ts";
import { renderMail } from "./render.ts";

export interface EmailSenderDeps {
  db: Db;
  transport: Transporter;
  /** DATA_DIR: a card carries the item's files from the attachment store. Without it, cards list them only. */
  dataDir?: string;
  /** Files attached to one card, in bytes, at most (default 15 MB); the rest are named, to see on the web. */
  maxCardAttachmentBytes?: number;
  /** MAIL_FROM as configured: an address, optionally with a display name. */
  from: string;
  replyDomain: string;
}

const ADDRESS = /^[^\s<>@",;]+@[^\s<>@",;]+\.[^\s<>@",;]+$/;

function trackingCodeIn(text: string): string | null {
  return /\bTB-\d+\b/.exec(text)?.[0] ?? null;
}

/** A sender over a pooled transport (see `createMailTransport`). */
export function createEmailSender(deps: EmailSenderDeps): ChannelSender {
  const { db, transport, replyDomain } = deps;

  /** The item a tracking code names, with the Message-ID of the mail that created it, if any. */
  const itemOf = async (trackingCode: string | null) => {
    const n = trackingCode ? parseTrackingCode(trackingCode) : null;
    if (!n) return null;
    const s = await db.submission.findUnique({
      where: { trackingNumber: n },
      select: {
        id: true,
        senderId: true,
        inboundMessages: {
          where: { channel: "email" },
          orderBy: { receivedAt: "asc" },
          take: 1,
          select: { externalId: true },
        },
      },
    });
    if (!s) return null;
    const original = s.inboundMessages[0]?.externalId;
    return {
      id: s.id,
      senderId: s.senderId,
      originalMessageId: original && /^<[^<>\s]+>$/.test(original) ? original : null,
    };
  };

  const send = async (
    to: Recipient,
    mail: {
      subject: string;
      blocks: string[];
      messageId: string;
      replyTo?: string | null;
      inReplyTo?: string | null;
      auto: "auto-replied" | "auto-generated";
      files?: CardAttachment[];
    },
  ): Promise<string> => {
    const address = to.address.trim();
    if (!ADDRESS.test(address)) throw new DeliveryError(`not an e-mail address: "${to.address}"`, true);
    const { text, html } = renderMail(mail.blocks, { title: mail.subject });
    try {
      await transport.sendMail({
        from: deps.from,
        to: to.name ? { name: to.name.normalize("NFC"), address } : address,
        subject: mail.subject,
        text,
        html,
        ...(mail.files?.length && {
          attachments: mail.files.map((f, i) => ({
            filename: f.originalName?.normalize("NFC") || `tep-${i + 1}`,
            contentType: f.contentType,
            // Streamed from the store, never held whole in memory.
            content: openAttachment(deps.dataDir!, f.sha256),
          })),
        }),
        messageId: mail.messageId,
        ...(mail.replyTo && { replyTo: mail.replyTo }),
        ...(mail.inReplyTo && { inReplyTo: mail.inReplyTo, references: [mail.inReplyTo] }),
        headers: {
          "Auto-Submitted": mail.auto,
          // Asks Exchange not to answer with out-of-office notices, which would only loop.
          "X-Auto-Response-Suppress": "All",
          "Content-Language": "vi",
        },
      });
    } catch (e) {
      throw toDeliveryError(e);
    }
    return mail.messageId;
  };

  const notice = async (to: Recipient, given: string, subject: (code: string | null) => string, kind: string) => {
    const text = given.normalize("NFC");
    const trackingCode = trackingCodeIn(text);
    const item = await itemOf(trackingCode);
    // Only the item's sender can amend it: others (a reviewer told of a decision) get no reply token.
    const own = item && to.personId === item.senderId ? item : null;
    const token = own ? await itemReplyToken(db, own.id) : null;
    return send(to, {
      subject: subject(item ? trackingCode : null),
      blocks: [text, mailFooter.sender({ trackingCode: item ? trackingCode : null })],
      messageId: mintMessageId({
        trackingCode: item ? trackingCode : null,
        kind,
        unique: `${to.address}\n${text}`,
        domain: replyDomain,
      }),
      replyTo: token ? replyAddress(token, replyDomain) : null,
      // In the sender's own thread; anyone else never saw the original.
      inReplyTo: own?.originalMessageId ?? null,
      auto: "auto-replied",
    });
  };

  /** The card's files that fit in one mail (and are in the store), oldest first; the others by name. */
  const cardFiles = async (files: CardAttachment[]) => {
    const attached: CardAttachment[] = [];
    const left: CardAttachment[] = [];
    let total = 0;
    const max = deps.maxCardAttachmentBytes ?? 15 * 1_048_576;
    for (const f of files) {
      if (deps.dataDir && total + f.size <= max && (await hasAttachment(deps.dataDir, f.sha256))) {
        attached.push(f);
        total += f.size;
      } else left.push(f);
    }
    return { attached, left };
  };

  return {
    channel: "email",
    sendText: (to, text) =>
      notice(
        to,
        text,
        (code) => mailSubjects.notice({ trackingCode: code, firstLine: firstLine(text.normalize("NFC"), code) }),
        "note",
      ),
    sendAnswer: (to, answer) =>
      notice(to, answer.text, () => mailSubjects.answer({ trackingCode: answer.trackingCode }), "answer"),
    async sendReviewCard(to, card) {
      const { attached, left } = await cardFiles(card.attachments ?? []);
      return send(to, {
        subject: mailSubjects.card(card),
        blocks: [
          card.text,
          ...(left.length ? [cardFilesLeftOut({ names: left.map((f) => f.originalName ?? f.contentType) })] : []),
          cardInstructions(card),
          mailFooter.reviewer(),
        ],
        files: attached,
        messageId: cardMessageId(card, replyDomain),
        replyTo: replyAddress(card.token, replyDomain),
        auto: "auto-generated",
      });
    },
    async updateReviewCard(to, ref, card, outcome) {
      // Mail cannot be edited: the outcome follows in the same thread, with nothing to reply to.
      await send(to, {
        subject: mailSubjects.cardClosed({ trackingCode: card.trackingCode, outcome }),
        blocks: [outcome.text, card.text, mailFooter.reviewer()],
        messageId: mintMessageId({
          trackingCode: card.trackingCode,
          kind: "closed",
          unique: `${card.reviewRequestId}\n${outcome.action}\n${outcome.decidedAt}`,
          domain: replyDomain,
        }),
        inReplyTo: ref,
        auto: "auto-generated",
      });
    },
  };
}

/** A card's Message-ID: one per review request, so a resend is recognisably the same card. */
export function cardMessageId(card: Pick<ReviewCard, "trackingCode" | "reviewRequestId">, domain: string): string {
  return mintMessageId({ trackingCode: card.trackingCode, kind: "card", unique: card.reviewRequestId, domain });
}

function firstLine(text: string, code: string | null): string {
  const line = text.split("\n").find((l) => l.trim()) ?? "";
  // "Bantin đã nhận … Mã theo dõi: TB-0042." reads better without the code the subject already shows.
  return code ? line.replace(new RegExp(`\\s*(Mã theo dõi:\\s*)?${code}\\.?`, "g"), "").trim() : line;
}
