/**
 * What the OA reads from core's database to answer in a chat: a person's recent items for
 * `#trangthai`, and the message of ours a user quoted. Reads only; changes go through core.
 */
import type { Db } from "../../core/db.ts";
import { formatDateTime, STATUS_LABELS } from "../../core/messages/vi.ts";
import { excerpt } from "../../core/text.ts";
import { formatTrackingCode } from "../../core/tracking-code.ts";
import type { StatusLine } from "./messages.ts";

/** The last `limit` items sent by the person behind a Zalo user id, newest first. */
export async function recentSubmissions(
  db: Db,
  zaloUserId: string,
  opts: { timeZone: string; limit?: number },
): Promise<StatusLine[]> {
  const identity = await db.identity.findUnique({
    where: { channel_externalId: { channel: "zalo", externalId: zaloUserId } },
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

/** The message of ours (by Zalo message id) a user quoted: a review card, or a notice about an item. */
export async function quotedOutbound(db: Db, zaloMessageId: string) {
  return db.outboundMessage.findFirst({
    where: { channel: "zalo", externalRef: zaloMessageId, status: "sent" },
    select: { kind: true, submissionId: true, reviewRequest: { select: { token: true } } },
  });
}
