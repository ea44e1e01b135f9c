/**
 * What the bot reads from core's database to answer in a chat: a review card as it was sent, to
 * redraw its buttons. Reads only; every change goes through core's use cases.
 */
import type { Db } from "../../core/db.ts";
import type { ReviewCard } from "../../core/ports.ts";

/** The card core sent for a review token, as rendered then; null once none was sent. */
export async function cardByToken(db: Db, token: string): Promise<ReviewCard | null> {
  const m = await db.outboundMessage.findFirst({
    where: { kind: "review_card", reviewRequest: { token } },
    orderBy: { createdAt: "desc" },
    select: { params: true },
  });
  return m ? (m.params as unknown as ReviewCard) : null;
}
