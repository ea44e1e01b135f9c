/**
 * Correcting a classification (sửa phân loại): an operator sets an item's kind and/or field. The
 * item keeps the correction (it is not re-classified again) and the correction is kept as an audit
 * event with the text it applies to, so `bantin reclassify --export` can turn corrections into
 * corpus lines (core/classify/corpus/) for the next `npm run train:classifier`.
 */
import { audit } from "../audit.ts";
import type { Db } from "../db.ts";
import { FIELD_CODES, KINDS, type Kind } from "../domain.ts";
import { PermanentError } from "../errors.ts";
import { findField } from "../fields.ts";
import type { Actor } from "../people/people.ts";

export const CORRECTED = "classification.corrected";

export interface Correction {
  trackingNumber: number;
  kind?: Kind;
  /** A field code of the taxonomy. */
  field?: string;
}

/** Applies a correction; returns what the item was and what it is now. */
export async function correctClassification(db: Db, c: Correction, actor: Actor) {
  if (!c.kind && !c.field) throw new PermanentError("nothing to correct: give a kind, a field or both");
  if (c.kind && !KINDS.includes(c.kind)) throw new PermanentError(`unknown kind ${c.kind}: ${KINDS.join(", ")}`);
  const field = c.field ? await findField(db, { code: c.field }) : null;
  if (c.field && !field) throw new PermanentError(`unknown field ${c.field}`);
  return db.$transaction(async (tx) => {
    const s = await tx.submission.findUnique({
      where: { trackingNumber: c.trackingNumber },
      include: { field: { select: { code: true } } },
    });
    if (!s) throw new PermanentError("no such item");
    const from = { kind: s.kind, field: s.field?.code ?? null };
    const to = { kind: c.kind ?? s.kind, field: field?.code ?? from.field };
    await tx.submission.update({
      where: { id: s.id },
      data: {
        kind: to.kind,
        fieldId: field?.id ?? s.fieldId,
        needsPerson: false,
        classifier: `${s.classifier ?? "?"}+corrected`,
      },
    });
    await audit(tx, {
      actorId: actor.personId,
      via: actor.via,
      action: CORRECTED,
      submissionId: s.id,
      data: { from, to, classifier: s.classifier, text: s.text, subject: s.title, channel: s.channel },
    });
    return { id: s.id, from, to };
  });
}

/** Every correction as a corpus line (newest last), ready to append to a corpus file. */
export async function correctionsAsCorpus(db: Db): Promise<string[]> {
  const events = await db.auditEvent.findMany({ where: { action: CORRECTED }, orderBy: { at: "asc" } });
  const latest = new Map<string, string>();
  for (const e of events) {
    const d = e.data as {
      to: { kind: string | null; field: string | null };
      text: string;
      subject: string | null;
      channel: string;
    };
    if (!d.to.kind || !KINDS.includes(d.to.kind as Kind)) continue;
    const field = d.to.kind === "spam" ? "khac" : d.to.field;
    if (!field || !(FIELD_CODES as readonly string[]).includes(field)) continue;
    const channel = ["telegram", "zalo", "email", "web"].includes(d.channel) ? d.channel : "web";
    // One line per item: a later correction of the same item replaces the earlier one.
    latest.set(
      e.submissionId ?? String(e.id),
      JSON.stringify({ kind: d.to.kind, field, channel, ...(d.subject && { subject: d.subject }), text: d.text }),
    );
  }
  return [...latest.values()];
}
