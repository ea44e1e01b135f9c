/**
 * A sender's own items and where each stands, for the channels' status command (`/trangthai`,
 * `#trangthai`): found through the identity they write from, newest first.
 */
import type { Db } from "../db.ts";
import type { Channel } from "../domain.ts";
import { formatDateTime, STATUS_LABELS } from "../messages/vi.ts";
import { canonicalExternalId } from "../people/people.ts";
import { excerpt } from "../text.ts";
import { formatTrackingCode } from "../tracking-code.ts";

/** One line of a status list. */
export interface StatusLine {
  trackingCode: string;
  status: string;
  receivedAt: string;
  excerpt: string;
}

/** The last `limit` items sent by the person behind a channel identity, newest first. */
export async function recentSubmissions(
  db: Db,
  identity: { channel: Channel; externalId: string },
  opts: { timeZone: string; limit?: number },
): Promise<StatusLine[]> {
  const found = await db.identity.findUnique({
    where: {
      channel_externalId: {
        channel: identity.channel,
        externalId: canonicalExternalId(identity.channel, identity.externalId),
      },
    },
    select: { personId: true },
  });
  if (!found) return [];
  const rows = await db.submission.findMany({
    where: { senderId: found.personId },
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
