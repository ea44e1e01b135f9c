/**
 * Amending (bổ sung): the sender replies to their item — after the board asked for changes, or
 * while it is still in review. The reply is stored raw like any message, appended to the item's
 * text, and an item that was sent back goes to review again in a new round. Only the sender
 * amends; a reply to someone else's item is kept as a message of its own by the channel.
 */
import { audit } from "../audit.ts";
import { now, type CoreDeps } from "../context.ts";
import { isUniqueViolation } from "../db.ts";
import { senderMessages, STATUS_LABELS } from "../messages/vi.ts";
import { notifySender } from "../notify/outbound.ts";
import { resolveSender } from "../people/people.ts";
import type { FollowUp } from "../ports.ts";
import { normalizeText } from "../text.ts";
import { formatTrackingCode } from "../tracking-code.ts";
import { findReceived, storeInbound, type InboundInput } from "./receive.ts";

export type AmendResult =
  | { outcome: "amended"; trackingCode: string; reopened: boolean }
  | { outcome: "duplicate"; trackingCode: string }
  | { outcome: "not_amendable"; trackingCode: string; status: string }
  | { outcome: "not_sender" }
  | { outcome: "not_found" };

const AMENDABLE = new Set(["changes_requested", "received", "classified", "in_review"]);

export async function amendSubmission(deps: CoreDeps, submissionId: string, input: InboundInput): Promise<AmendResult> {
  const text = normalizeText(input.text);
  const receivedAt = input.receivedAt ?? now(deps);
  let followUps: FollowUp[] = [];
  try {
    const result = await deps.db.$transaction(async (tx): Promise<AmendResult> => {
      const s = await tx.submission.findUnique({ where: { id: submissionId } });
      if (!s) return { outcome: "not_found" };
      const trackingCode = formatTrackingCode(s.trackingNumber);
      const { personId, identity } = await resolveSender(tx, { ...input.sender, channel: input.channel }, receivedAt);
      if (personId !== s.senderId) return { outcome: "not_sender" };
      await storeInbound(tx, input, { personId, submissionId: s.id, text, subject: null, receivedAt });
      if (!AMENDABLE.has(s.status)) {
        const status = STATUS_LABELS[s.status] ?? s.status;
        followUps = await notifySender(
          tx,
          deps,
          s,
          {
            kind: "text",
            template: "notAmendable",
            params: { trackingCode, status },
            text: senderMessages.notAmendable({ trackingCode, status }),
          },
          identity,
        );
        return { outcome: "not_amendable", trackingCode, status };
      }
      const reopened = s.status === "changes_requested";
      const round = reopened ? s.round + 1 : s.round;
      // Conditional on the status read above: a decision landing meanwhile makes this retry.
      const { count } = await tx.submission.updateMany({
        where: { id: s.id, status: s.status, round: s.round },
        data: {
          text: `${s.text}\n\n— Bổ sung ${receivedAt.toISOString().slice(0, 10)}:\n${text}`,
          ...(reopened ? { status: "classified", statusAt: receivedAt, round } : {}),
        },
      });
      if (count === 0) throw new Error("the item changed while amending; retry");
      await audit(tx, {
        actorId: personId,
        via: input.channel,
        action: "submission.amended",
        submissionId: s.id,
        data: { reopened, round },
      });
      followUps = [
        ...(reopened ? [{ name: "request-review" as const, data: { submissionId: s.id, round } }] : []),
        ...(await notifySender(
          tx,
          deps,
          s,
          {
            kind: "text",
            template: "amended",
            params: { trackingCode, reopened },
            text: senderMessages.amended({ trackingCode, reopened }),
          },
          identity,
        )),
      ];
      return { outcome: "amended", trackingCode, reopened };
    });
    await deps.jobs.enqueue(followUps);
    return result;
  } catch (e) {
    // The same reply delivered twice: the first one amended the item.
    if (isUniqueViolation(e)) {
      const first = await findReceived(deps, input.channel, input.externalId);
      if (first) return { outcome: "duplicate", trackingCode: first.trackingCode };
    }
    throw e;
  }
}
