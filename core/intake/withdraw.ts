/**
 * Withdrawing (rút): the sender takes back an item that is not decided yet. Every copy of its
 * card is closed, pending requests end, and the sender is told. Only the sender withdraws, and
 * someone else's tracking code reads as unknown: codes are short and must not reveal items.
 */
import { audit } from "../audit.ts";
import { now, type CoreDeps } from "../context.ts";
import { senderMessages, STATUS_LABELS } from "../messages/vi.ts";
import { notifySender } from "../notify/outbound.ts";
import type { FollowUp } from "../ports.ts";
import { renderOutcome } from "../review/card.ts";
import { closeCards } from "../review/close-cards.ts";
import { formatTrackingCode, parseTrackingCode } from "../tracking-code.ts";

export type WithdrawResult =
  | { outcome: "withdrawn"; trackingCode: string }
  | { outcome: "not_withdrawable"; trackingCode: string; status: string }
  | { outcome: "not_found" };

const OPEN = ["received", "classified", "in_review", "changes_requested"] as const;

export async function withdrawSubmission(
  deps: CoreDeps,
  input: { trackingCode: string; personId: string; via: string },
): Promise<WithdrawResult> {
  const n = parseTrackingCode(input.trackingCode);
  if (!n) return { outcome: "not_found" };
  let followUps: FollowUp[] = [];
  const result = await deps.db.$transaction(async (tx): Promise<WithdrawResult> => {
    const s = await tx.submission.findUnique({ where: { trackingNumber: n } });
    if (!s || s.senderId !== input.personId) return { outcome: "not_found" };
    const trackingCode = formatTrackingCode(n);
    const undecided = await tx.decision.count({ where: { submissionId: s.id, round: s.round, state: "recorded" } });
    if (!(OPEN as readonly string[]).includes(s.status) || undecided > 0) {
      const status = undecided > 0 ? "đang được xử lý" : (STATUS_LABELS[s.status] ?? s.status);
      return { outcome: "not_withdrawable", trackingCode, status };
    }
    const at = now(deps);
    // Conditional on the status read: a decision applied meanwhile wins, and this one retries.
    const { count } = await tx.submission.updateMany({
      where: { id: s.id, status: s.status },
      data: { status: "withdrawn", statusAt: at },
    });
    if (count === 0) throw new Error("the item changed while it was withdrawn; retry");
    await tx.reviewRequest.updateMany({
      where: { submissionId: s.id, status: "pending" },
      data: { status: "closed", closedAt: at },
    });
    const sender = await tx.person.findUniqueOrThrow({ where: { id: s.senderId } });
    const outcome = renderOutcome(
      { action: "withdrawn", deciderName: sender.fullName ?? "Người gửi", decidedAt: at },
      deps.settings.timeZone,
    );
    followUps = [
      ...(await closeCards(tx, { submissionId: s.id, round: s.round }, outcome)),
      ...(await notifySender(tx, deps, s, {
        kind: "text",
        template: "withdrawn",
        params: { trackingCode },
        text: senderMessages.withdrawn({ trackingCode }),
      })),
    ];
    await audit(tx, { actorId: input.personId, via: input.via, action: "submission.withdrawn", submissionId: s.id });
    return { outcome: "withdrawn", trackingCode };
  });
  await deps.jobs.enqueue(followUps);
  return result;
}
