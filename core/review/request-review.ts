/**
 * Asking for review (chuyển duyệt): a classified item gets its first-stage review requests and
 * cards. One read (the item, and the board with its addresses, in one round trip) and one write: the write claims the
 * transition and inserts the requests, the cards and the audit event in a single statement, so
 * it is atomic without an interactive transaction and a retried job finds nothing to do.
 */
import { randomUUID } from "node:crypto";
import type { CoreDeps } from "../context.ts";
import { prepared } from "../db.ts";
import type { Channel, Kind, Priority, Role } from "../domain.ts";
import { findField } from "../fields.ts";
import type { StepResult } from "../intake/classify-submission.ts";
import { pickAddress } from "../notify/outbound.ts";
import type { CardAttachment, FollowUp, ReviewCard } from "../ports.ts";
import { cardSource, newReviewToken, renderCard, type CardSource } from "./card.ts";
import { routeReviewers, type BoardSeat } from "./route.ts";

interface ItemRow {
  status: string;
  round: number;
  trackingNumber: number;
  kind: Kind | null;
  fieldId: string | null;
  priority: Priority;
  text: string;
  title: string | null;
  receivedAt: Date;
  deadlineAt: Date | null;
  late: boolean;
  needsPerson: boolean;
  assignedToId: string | null;
  senderName: string | null;
  senderUnit: string | null;
  duplicateOf: number | null;
  duplicateStatus: string | null;
  duplicateScore: number | null;
  attachments: CardAttachment[];
  board: SeatRow[];
}

interface CardRow {
  id: string;
  channel: Channel;
  address: string;
  recipientId: string | null;
  reviewRequestId: string;
  params: ReviewCard;
  text: string;
}

function cardRow(
  source: CardSource,
  req: { id: string; token: string },
  to: { channel: Channel; address: string; recipientId: string | null },
  deps: CoreDeps,
): CardRow {
  const card = renderCard(source, { id: req.id, token: req.token, stage: "first" }, deps.settings);
  return { id: randomUUID(), ...to, reviewRequestId: req.id, params: card, text: card.text };
}

interface SeatRow extends BoardSeat {
  identities: Array<{ channel: Channel; externalId: string; chatId: string | null }>;
}

/** Asks the reviewers of an item's current round (or only of `round`, when given). */
export async function requestReview(deps: CoreDeps, submissionId: string, round?: number): Promise<StepResult> {
  const sql = deps.db.sql;
  const { rows: items } = await sql.query<ItemRow>(
    prepared(
      "review-item",
      `SELECT s.status, s.round, s."trackingNumber", s.kind, s."fieldId", s.priority, s.text, s.title, s."receivedAt",
            s."deadlineAt", s.late, s."needsPerson", s."assignedToId",
            p."fullName" AS "senderName",
            coalesce(p.workplace, (SELECT r.unit FROM "RoleMembership" r
                                    WHERE r."personId" = p.id AND r."revokedAt" IS NULL AND r.unit IS NOT NULL
                                    ORDER BY r."grantedAt" LIMIT 1)) AS "senderUnit",
            d."trackingNumber" AS "duplicateOf", d.status::text AS "duplicateStatus", s."duplicateScore",
            coalesce((SELECT json_agg(json_build_object('sha256', a.sha256, 'contentType', a."contentType",
                                                        'originalName', a."originalName", 'size', a.size,
                                                        'channel', m.channel, 'externalRef', a."externalRef")
                                      ORDER BY a."createdAt", a.id)
                        FROM "Attachment" a LEFT JOIN "InboundMessage" m ON m.id = a."inboundMessageId"
                       WHERE a."submissionId" = s.id), '[]') AS attachments,
            -- The board, read in the same round trip: every active role but collaborators, oldest first.
            (SELECT coalesce(json_agg(json_build_object(
                      'personId', r."personId", 'role', r.role, 'fieldId', r."fieldId", 'reviewChannel', bp."reviewChannel",
                      'identities', coalesce((SELECT json_agg(json_build_object('channel', i.channel,
                                                'externalId', i."externalId", 'chatId', i."chatId"))
                                                FROM "Identity" i WHERE i."personId" = r."personId"), '[]'))
                      ORDER BY r."grantedAt"), '[]')
               FROM "RoleMembership" r JOIN "Person" bp ON bp.id = r."personId"
              WHERE r."revokedAt" IS NULL AND bp."revokedAt" IS NULL AND r.role <> 'collaborator') AS board
       FROM "Submission" s
       JOIN "Person" p ON p.id = s."senderId"
       LEFT JOIN "Submission" d ON d.id = s."duplicateOfId"
      WHERE s.id = $1`,
      [submissionId],
    ),
  );
  const s = items[0];
  if (!s || s.status !== "classified" || (round !== undefined && s.round !== round)) return "skipped";
  const current = s.round;
  const reviewers = routeReviewers(s.board, s, "first", deps.settings.approvalPolicy) as SeatRow[];
  if (reviewers.length === 0) {
    // Nobody holds a role yet: the item stays classified; the sweeper asks again once a board exists.
    await sql.query(`INSERT INTO "AuditEvent" (via, action, "submissionId") VALUES ('system', 'review.unrouted', $1)`, [
      submissionId,
    ]);
    deps.log.warn({ submissionId }, "no reviewer holds a role: the item waits for a board member");
    return "skipped";
  }

  const field = s.fieldId ? await findField(deps.db, { id: s.fieldId }) : null;
  const requests = reviewers.map((r) => ({
    id: randomUUID(),
    reviewerId: r.personId,
    role: r.role as Role,
    token: newReviewToken(),
  }));
  const source = cardSource(s, {
    senderName: s.senderName,
    senderUnit: s.senderUnit,
    field,
    duplicateOf: s.duplicateOf,
    duplicateStatus: s.duplicateStatus,
    duplicateScore: s.duplicateScore,
    attachments: s.attachments,
  });
  const cards: CardRow[] = requests.flatMap((req, i) => {
    const r = reviewers[i]!;
    const to = pickAddress(r.identities, deps.settings.reachableChannels, r.reviewChannel);
    // Without an address the request still stands: the reviewer decides from another channel or the CLI.
    if (!to) return [];
    return [cardRow(source, req, { ...to, recipientId: r.personId }, deps)];
  });
  // One more copy for each board chat, carrying the first request's token: whoever presses there
  // decides as themselves, and the copy is closed with the others.
  for (const chat of deps.settings.boardChats ?? []) {
    if (deps.settings.reachableChannels.includes(chat.channel))
      cards.push(cardRow(source, requests[0]!, { ...chat, recipientId: null }, deps));
  }
  const event = {
    stage: "first",
    round: current,
    reviewers: reviewers.map((r) => ({ personId: r.personId, role: r.role })),
    unreachable: reviewers.filter((r) => !cards.some((c) => c.recipientId === r.personId)).map((r) => r.personId),
  };

  const { rows } = await sql.query<{ claimed: number }>(
    prepared(
      "review-write",
      `WITH claim AS (
       UPDATE "Submission" SET status = 'in_review', "statusAt" = now(), "updatedAt" = now()
        WHERE id = $1 AND status = 'classified' AND round = $2
        RETURNING id),
     requests AS (
       INSERT INTO "ReviewRequest" (id, "submissionId", "reviewerId", role, stage, round, token)
       SELECT r.id, claim.id, r."reviewerId", r.role::"Role", 'first', $2, r.token
         FROM claim, jsonb_to_recordset($3::jsonb) AS r(id uuid, "reviewerId" uuid, role text, token text)
       RETURNING id),
     -- The cards reference the requests: foreign keys are checked at the end of the statement.
     cards AS (
       INSERT INTO "OutboundMessage" (id, channel, kind, "recipientId", address, "submissionId", "reviewRequestId", template, params, text)
       SELECT c.id, c.channel::"Channel", 'review_card', c."recipientId", c.address, claim.id, c."reviewRequestId", 'review_card', c.params, c.text
         FROM claim, jsonb_to_recordset($4::jsonb)
              AS c(id uuid, channel text, "recipientId" uuid, address text, "reviewRequestId" uuid, params jsonb, text text)),
     logged AS (
       INSERT INTO "AuditEvent" (via, action, "submissionId", data)
       SELECT 'system', 'review.requested', claim.id, $5::jsonb FROM claim)
     SELECT count(*)::int AS claimed FROM claim`,
      [submissionId, current, JSON.stringify(requests), JSON.stringify(cards), JSON.stringify(event)],
    ),
  );
  if (rows[0]?.claimed !== 1) return "skipped";
  const followUps: FollowUp[] = cards.map((c) => ({
    name: "send-message",
    data: { outboundMessageId: c.id, channel: c.channel },
  }));
  await deps.jobs.enqueue(followUps);
  return "done";
}
