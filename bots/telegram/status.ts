/**
 * What the bot reads from core's database to answer in a chat: a person's recent items for
 * `/trangthai`, and a review card as it was sent, to redraw its buttons. Reads only; every
 * change goes through core's use cases.
 */
import type { Db } from "../../core/db.ts";
import { formatDateTime, STATUS_LABELS } from "../../core/messages/vi.ts";
import { canonicalExternalId } from "../../core/people/people.ts";
import type { ReviewCard } from "../../core/ports.ts";
import { excerpt } from "../../core/text.ts";
import { formatTrackingCode } from "../../core/tracking-code.ts";
import type { StatusLine } from "./messages.ts";

/** The last `limit` items sent by the person behind a Telegram user id, newest first. */
export async function recentSubmissions(
  db: Db,
  telegramUserId: string,
  opts: { timeZone: string; limit?: number },
): Promise<StatusLine[]> {
  const identity = await db.identity.findUnique({
    where: { channel_externalId: { channel: "telegram", externalId: canonicalExternalId("telegram", telegramUserId) } },
    select: { personId: true },
  });
  if (!identity) return [];
  const rows = await db.submission.findMany({
    where: { senderId: identity.personId },
    orderBy: { receivedAt: "desc" },
    take: opts.limit ?? 10,
    select: { trackingNumber: true, status: true, receivedAt: true, title: true, text: true },
  });
  return rows.map((s) => ({
    trackingCode: formatTrackingCode(s.trackingNumber),
    status: STATUS_LABELS[s.status] ?? s.status,
    receivedAt: formatDateTime(s.receivedAt, opts.timeZone),
    excerpt: excerpt(s.title ?? s.text, 60),
  }));
}

/** The card core sent for a review token, as rendered then; null once none was sent. */
export async function cardByToken(db: Db, token: string): Promise<ReviewCard | null> {
  const m = await db.outboundMessage.findFirst({
    where: { kind: "review_card", reviewRequest: { token } },
    orderBy: { createdAt: "desc" },
    select: { params: true },
  });
  return m ? (m.params as unknown as ReviewCard) : null;
}
