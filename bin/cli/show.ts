/**
 * `bantin show <tracking code>`: one item and everything that happened to it, read straight from
 * the database: the audit log, review requests, decisions, answers and the delivery log.
 */
import type { Db } from "../../core/db.ts";
import { PermanentError } from "../../core/errors.ts";
import { REJECTION_REASONS, isRejectionReasonCode } from "../../core/domain.ts";
import { KIND_LABELS, STATUS_LABELS, formatDateTime } from "../../core/messages/vi.ts";
import { excerpt } from "../../core/text.ts";
import { formatTrackingCode } from "../../core/tracking-code.ts";
import { fields, parseCode, parseCommand, print, printJson, table, type Io } from "./args.ts";
import type { Session } from "./session.ts";

const EXCERPT_CHARS = 300;

function loadItem(db: Db, trackingNumber: number) {
  return db.submission.findUnique({
    where: { trackingNumber },
    include: {
      field: true,
      sender: { include: { identities: true } },
      duplicateOf: { select: { trackingNumber: true } },
      publication: true,
      auditEvents: { orderBy: [{ at: "asc" }, { id: "asc" }] },
      reviewRequests: { include: { reviewer: true }, orderBy: [{ round: "asc" }, { createdAt: "asc" }] },
      decisions: { include: { decider: true }, orderBy: { decidedAt: "asc" } },
      answers: { include: { responder: true }, orderBy: { createdAt: "asc" } },
      outboundMessages: { include: { recipient: true }, orderBy: { createdAt: "asc" } },
      attachments: { orderBy: { createdAt: "asc" } },
    },
  });
}

/** Runs `show <tracking code>`. */
export async function show(argv: string[], io: Io, session: () => Promise<Session>): Promise<number> {
  const cmd = "show";
  const { values, positionals } = parseCommand(cmd, argv, {
    options: { json: { type: "boolean" } },
    positionals: ["tracking code"],
  });
  const n = parseCode(cmd, positionals[0]!);
  const s = await session();
  const item = await loadItem(s.db, n);
  if (!item) throw new PermanentError(`no item ${formatTrackingCode(n)}`);

  // Audit events name their actor by id only; fetch the names in one query.
  const actorIds = [...new Set(item.auditEvents.map((e) => e.actorId).filter((id): id is string => id !== null))];
  const actors = new Map(
    (await s.db.person.findMany({ where: { id: { in: actorIds } }, select: { id: true, fullName: true } })).map((p) => [
      p.id,
      p.fullName ?? p.id,
    ]),
  );

  if (values.json) {
    printJson(io, {
      trackingCode: formatTrackingCode(item.trackingNumber),
      ...item,
      auditEvents: item.auditEvents.map((e) => ({
        ...e,
        actorName: e.actorId ? (actors.get(e.actorId) ?? null) : null,
      })),
    });
    return 0;
  }

  const at = (d: Date | null) => (d ? formatDateTime(d, s.config.timeZone) : "");
  const name = (p: { fullName: string | null; id: string } | null) => (p ? (p.fullName ?? p.id) : "");
  const code = formatTrackingCode(item.trackingNumber);
  const sender = item.sender;
  const contact = [
    sender.phone,
    sender.email,
    ...sender.identities.filter((i) => i.channel !== "email").map((i) => `${i.channel}:${i.externalId}`),
  ]
    .filter(Boolean)
    .join(", ");

  let out = fields([
    ["item", code],
    ["status", `${STATUS_LABELS[item.status] ?? item.status} (${item.status}) since ${at(item.statusAt)}`],
    ["kind", item.kind ? `${KIND_LABELS[item.kind]} (${item.kind})` : "not classified yet"],
    ["field", item.field ? `${item.field.name} (${item.field.code})` : null],
    ["priority", item.priority],
    ["round", String(item.round)],
    ["sender", `${name(sender)}${sender.workplace ? `, ${sender.workplace}` : ""}${contact ? ` — ${contact}` : ""}`],
    ["channel", item.channel],
    ["received", at(item.receivedAt)],
    [
      "deadline",
      item.deadlineAt
        ? `${at(item.deadlineAt)}${item.late ? " — LATE (trễ hạn)" : ""}`
        : item.late
          ? "LATE (trễ hạn)"
          : null,
    ],
    [
      "duplicate of",
      item.duplicateOf
        ? `${formatTrackingCode(item.duplicateOf.trackingNumber)}${item.duplicateScore != null ? ` (similarity ${item.duplicateScore.toFixed(2)})` : ""}`
        : null,
    ],
    [
      "classifier",
      item.classifier
        ? `${item.classifier}, confidence ${item.confidence?.toFixed(2) ?? "?"}${item.needsPerson ? " — needs the secretariat to confirm" : ""}`
        : null,
    ],
    ["reasons", item.reasons.length ? item.reasons.join("; ") : null],
    ["title", item.title],
    ["text", excerpt(item.text, EXCERPT_CHARS)],
    [
      "attachments",
      item.attachments.length ? item.attachments.map((a) => a.originalName ?? a.contentType).join(", ") : null,
    ],
    [
      "publication",
      item.publication
        ? `${item.publication.slug} — ${item.publication.status} ${at(item.publication.unpublishedAt ?? item.publication.publishedAt)}` +
          (item.publication.unpublishReason ? ` (${item.publication.unpublishReason})` : "")
        : null,
    ],
    ["notify failed", item.notifyFailedAt ? at(item.notifyFailedAt) : null],
  ]);

  out += "\nHistory\n";
  out += table(
    ["at", "action", "actor", "via", "details"],
    item.auditEvents.map((e) => [
      at(e.at),
      e.action,
      e.actorId ? (actors.get(e.actorId) ?? e.actorId) : e.via === "cli" ? "operator" : "system",
      e.via,
      e.data == null ? "" : JSON.stringify(e.data),
    ]),
  );

  out += "\nReview requests\n";
  out += item.reviewRequests.length
    ? table(
        ["reviewer", "role", "stage", "round", "status", "sent", "closed"],
        item.reviewRequests.map((r) => [
          name(r.reviewer),
          r.role,
          r.stage,
          String(r.round),
          r.status,
          at(r.createdAt),
          at(r.closedAt),
        ]),
      )
    : "  (none)\n";

  out += "\nDecisions\n";
  out += item.decisions.length
    ? table(
        ["at", "by", "action", "stage", "round", "reason", "note", "state"],
        item.decisions.map((d) => [
          at(d.decidedAt),
          `${name(d.decider)} via ${d.channel}`,
          d.action,
          d.stage,
          String(d.round),
          d.reasonCode == null
            ? ""
            : `${d.reasonCode}. ${isRejectionReasonCode(d.reasonCode) ? REJECTION_REASONS[d.reasonCode] : "?"}`,
          d.note,
          d.state,
        ]),
      )
    : "  (none)\n";

  if (item.answers.length) {
    out += "\nAnswers\n";
    out += table(
      ["at", "by", "unit", "answer"],
      item.answers.map((a) => [at(a.createdAt), name(a.responder), a.unit, excerpt(a.text, 80)]),
    );
  }

  out += "\nMessages sent\n";
  out += item.outboundMessages.length
    ? table(
        ["created", "channel", "to", "kind", "template", "status", "attempts", "last error"],
        item.outboundMessages.map((m) => [
          at(m.createdAt),
          m.channel,
          m.recipient ? `${name(m.recipient)} (${m.address})` : m.address,
          m.kind,
          m.template,
          m.status,
          String(m.attempts),
          m.lastError,
        ]),
      )
    : "  (none)\n";
  print(io, out);
  return 0;
}
