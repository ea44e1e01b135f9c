/**
 * Attaching (bổ sung tệp): a message that belongs to an item already received — the second and
 * later photos of an album, sent as separate messages — is stored raw and its files join that
 * item. No new item, no new acknowledgement, no new review round.
 */
import { audit } from "../audit.ts";
import { now, type CoreDeps } from "../context.ts";
import { isUniqueViolation } from "../db.ts";
import { canonicalExternalId } from "../people/people.ts";
import { normalizeText } from "../text.ts";
import { storeInbound, type InboundInput } from "./receive.ts";

export type AttachOutcome = "attached" | "duplicate" | "closed" | "not_sender" | "not_found";

/** Items whose files can still change: not yet decided. */
const OPEN = new Set(["received", "classified", "in_review", "changes_requested"]);

/**
 * Stores `input` as part of the item `submissionId`; its attachments join the item, and
 * `appendText` (a caption on a later part) is added to the item's text.
 */
export async function attachToSubmission(
  deps: CoreDeps,
  submissionId: string,
  input: InboundInput,
  appendText: string | null = null,
): Promise<AttachOutcome> {
  const receivedAt = input.receivedAt ?? now(deps);
  const senderId = canonicalExternalId(input.channel, input.sender.externalId);
  try {
    return await deps.db.$transaction(async (tx) => {
      const s = await tx.submission.findUnique({ where: { id: submissionId } });
      if (!s) return "not_found" as const;
      const identity = await tx.identity.findUnique({
        where: { channel_externalId: { channel: input.channel, externalId: senderId } },
      });
      if (!identity || identity.personId !== s.senderId) return "not_sender" as const;
      if (!OPEN.has(s.status)) return "closed" as const;
      const text = normalizeText(input.text);
      await storeInbound(tx, input, { personId: s.senderId, submissionId, text, subject: null, receivedAt });
      const extra = appendText ? normalizeText(appendText).trim() : "";
      if (extra && !s.text.includes(extra)) {
        await tx.submission.update({ where: { id: submissionId }, data: { text: `${s.text}\n${extra}` } });
      }
      await audit(tx, {
        actorId: s.senderId,
        via: input.channel,
        action: "submission.attached",
        submissionId,
        data: { externalId: input.externalId, files: input.attachments?.length ?? 0 },
      });
      return "attached" as const;
    });
  } catch (e) {
    if (isUniqueViolation(e)) return "duplicate";
    throw e;
  }
}
