/**
 * What the OA reads from core's database to answer in a chat: the message of ours a user quoted. Reads only; changes go through core.
 */
import type { Db } from "../../core/db.ts";

/** The message of ours (by Zalo message id) a user quoted: a review card, or a notice about an item. */
export async function quotedOutbound(db: Db, zaloMessageId: string) {
  return db.outboundMessage.findFirst({
    where: { channel: "zalo", externalRef: zaloMessageId, status: "sent" },
    select: { kind: true, submissionId: true, reviewRequest: { select: { token: true } } },
  });
}
