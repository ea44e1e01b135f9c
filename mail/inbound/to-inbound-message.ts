/**
 * A parsed mail as core's inbound input: the new text (quotes and signature kept apart in the
 * payload), the subject as title, the raw source, and the attachments streamed from the parser's
 * temporary files into the attachment store. Files over ATTACHMENT_MAX_MB are left out and named.
 */
import { createReadStream } from "node:fs";
import { AttachmentTooLargeError, storeAttachment } from "../../core/attachments/store.ts";
import type { Prisma } from "../../core/db.ts";
import type { InboundInput } from "../../core/intake/receive.ts";
import { mailReplies } from "../messages.ts";
import type { MailIntakeDeps } from "./intake.ts";
import type { ParsedMail } from "./parse.ts";

/** The core input: text, subject, the parsed extras as payload, the raw source, attachments stored. */
export async function toInboundInput(
  deps: MailIntakeDeps,
  p: ParsedMail,
  raw: Uint8Array,
  externalId: string,
  receivedAt: Date,
): Promise<{ input: InboundInput; omitted: string[] }> {
  const stored: Array<NonNullable<InboundInput["attachments"]>[number]> = [];
  const omitted: string[] = [];
  const mismatched: string[] = [];
  for (const a of p.attachments) {
    try {
      const s = await storeAttachment(deps.dataDir, createReadStream(a.path), {
        maxBytes: deps.attachmentMaxBytes,
        declaredType: a.contentType,
        originalName: a.filename,
      });
      if (s.typeMismatch) mismatched.push(a.filename ?? a.partId ?? "?");
      stored.push({
        sha256: s.sha256,
        size: s.size,
        contentType: s.contentType,
        originalName: a.filename,
        externalRef: a.partId ? `part:${a.partId}` : null,
      });
    } catch (e) {
      if (!(e instanceof AttachmentTooLargeError)) throw e;
      omitted.push(a.filename ?? `part ${a.partId ?? "?"}`);
    }
  }
  const notes = [
    ...(omitted.length ? [mailReplies.attachmentsOmitted({ names: omitted, max: deps.attachmentMaxBytes })] : []),
  ];
  const names = stored.map((a) => a.originalName).filter((n): n is string => !!n);
  const body = p.text || (names.length ? `[${names.join(", ")}]` : "") || p.subject;
  const payload = {
    messageId: p.messageId,
    from: p.from,
    recipients: p.recipients,
    subject: p.subject,
    date: p.date,
    threadIds: p.threadIds,
    headers: p.headers,
    quoted: p.quoted || null,
    signature: p.signature || null,
    html: p.html,
    legacyEncoding: p.legacyEncoding,
    authentication: p.auth.detail,
    attachmentsOmitted: omitted,
    attachmentTypeMismatch: mismatched,
    notes: p.notes,
  };
  const input: InboundInput = {
    channel: "email",
    externalId,
    sender: { externalId: p.from!.address, displayName: p.from!.name },
    text: [body, ...notes].filter(Boolean).join("\n\n"),
    subject: p.subject || null,
    payload: JSON.parse(JSON.stringify(payload)) as Prisma.InputJsonValue,
    raw,
    receivedAt,
    attachments: stored,
  };
  return { input, omitted };
}
