/**
 * Publishing (đăng tải): an approved item appears on the public site at once, with its author
 * and source; the sender is told, with the link. Unpublishing keeps the record.
 */
import { audit } from "../audit.ts";
import type { CoreDeps } from "../context.ts";
import type { StepResult } from "../intake/classify-submission.ts";
import { senderMessages } from "../messages/vi.ts";
import { notifySender } from "../notify/outbound.ts";
import type { Actor } from "../people/people.ts";
import type { FollowUp } from "../ports.ts";
import { formatTrackingCode, parseTrackingCode } from "../tracking-code.ts";
import { slugFor, titleFor } from "./publication-text.ts";
import { PermanentError } from "../errors.ts";

/** The public address of a publication. */
export function publicationUrl(baseUrl: string, slug: string): string {
  return `${baseUrl}/tin/${slug}`;
}

export async function publishSubmission(deps: CoreDeps, submissionId: string): Promise<StepResult> {
  let followUps: FollowUp[] = [];
  const result = await deps.db.$transaction(async (tx) => {
    const { count } = await tx.submission.updateMany({
      where: { id: submissionId, status: "approved" },
      data: { status: "published", statusAt: new Date() },
    });
    if (count === 0) return "skipped" as const;
    const s = await tx.submission.findUniqueOrThrow({
      where: { id: submissionId },
      include: { sender: { include: { roles: { where: { revokedAt: null } } } } },
    });
    const title = titleFor(s.title, s.text);
    const slug = slugFor(title, s.trackingNumber);
    const unit = s.sender.workplace ?? s.sender.roles.find((r) => r.unit)?.unit ?? null;
    const p = await tx.publication.create({
      data: {
        submissionId: s.id,
        slug,
        kind: s.kind ?? "news",
        fieldId: s.fieldId,
        title,
        body: s.text,
        author: s.sender.fullName ?? "Cộng tác viên",
        source: unit ?? "Cộng tác viên của trang",
      },
    });
    const trackingCode = formatTrackingCode(s.trackingNumber);
    const url = publicationUrl(deps.settings.publicBaseUrl, p.slug);
    await audit(tx, {
      via: "system",
      action: "submission.published",
      submissionId: s.id,
      data: { publicationId: p.id, slug },
    });
    followUps = await notifySender(tx, deps, s, {
      kind: "text",
      template: "published",
      params: { trackingCode, url },
      text: senderMessages.published({ trackingCode, url }),
    });
    return "done" as const;
  });
  if (result === "done") await deps.jobs.enqueue(followUps);
  return result;
}

export interface CorrectionInput {
  trackingCode: string;
  /** What was corrected, shown on the item as a correction ("Đính chính: …"). */
  note: string;
  title?: string;
  body?: string;
  answerText?: string;
}

/**
 * Corrects a published item: the new title, body or answer replace the old ones, and the note
 * is added to the item's corrections (`[{ at, text }]`), which the site shows as such. The text
 * before the correction stays in the audit log.
 */
export async function correctPublication(deps: CoreDeps, input: CorrectionInput, actor: Actor) {
  const n = parseTrackingCode(input.trackingCode);
  if (!n) throw new PermanentError(`not a tracking code: ${input.trackingCode}`);
  const note = input.note.normalize("NFC").trim();
  if (!note) throw new PermanentError("a correction needs a note saying what was corrected");
  const clean = (s: string | undefined) => (s === undefined ? undefined : s.normalize("NFC").trim() || undefined);
  return deps.db.$transaction(async (tx) => {
    const p = await tx.publication.findFirst({ where: { submission: { trackingNumber: n } } });
    if (!p) throw new PermanentError(`${formatTrackingCode(n)} has no publication`);
    if (p.status === "unpublished") throw new PermanentError(`${formatTrackingCode(n)} is unpublished`);
    const answerText = clean(input.answerText);
    if (answerText !== undefined && p.answerText === null)
      throw new PermanentError(`${formatTrackingCode(n)} is not an answered question`);
    const at = new Date();
    const previous = Array.isArray(p.corrections) ? p.corrections : [];
    const u = await tx.publication.update({
      where: { id: p.id },
      data: {
        title: clean(input.title),
        body: clean(input.body),
        answerText,
        corrections: [...previous, { at: at.toISOString(), text: note }],
      },
    });
    await audit(tx, {
      actorId: actor.personId,
      via: actor.via,
      action: "publication.corrected",
      submissionId: p.submissionId,
      data: {
        note,
        before: {
          ...(clean(input.title) !== undefined && { title: p.title }),
          ...(clean(input.body) !== undefined && { body: p.body }),
          ...(answerText !== undefined && { answerText: p.answerText }),
        },
      },
    });
    return u;
  });
}

/** Takes a publication off the site; the row, its history and its attribution stay. */
export async function unpublish(deps: CoreDeps, input: { trackingCode: string; reason: string }, actor: Actor) {
  const n = parseTrackingCode(input.trackingCode);
  if (!n) throw new PermanentError(`not a tracking code: ${input.trackingCode}`);
  return deps.db.$transaction(async (tx) => {
    const p = await tx.publication.findFirst({ where: { submission: { trackingNumber: n } } });
    if (!p) throw new PermanentError(`${formatTrackingCode(n)} has no publication`);
    if (p.status === "unpublished") return p;
    const u = await tx.publication.update({
      where: { id: p.id },
      data: { status: "unpublished", unpublishedAt: new Date(), unpublishReason: input.reason.normalize("NFC") },
    });
    await audit(tx, {
      actorId: actor.personId,
      via: actor.via,
      action: "publication.unpublished",
      submissionId: p.submissionId,
      data: { reason: input.reason },
    });
    return u;
  });
}
