/**
 * Receiving in one statement: the tracking code drawn and spelled by the database as the code
 * does it, the acknowledgement sent on the channel used or, when that one cannot carry it, on
 * another channel the person has, and the item marked "could not notify" when none can.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { receiveInbound } from "../../core/intake/receive.ts";
import { formatTrackingCode, trackingCodeSql } from "../../core/tracking-code.ts";
import { person, startSpine, type Spine } from "../support/spine.ts";
import { waitFor } from "../support/wait.ts";

let spine: Spine;
beforeAll(async () => {
  // Reachable: telegram, zalo, email — not web.
  spine = await startSpine();
});
afterAll(async () => spine?.close());

it("spells tracking codes in SQL exactly as in code", async () => {
  for (const n of [1, 42, 999, 9999, 10_000, 123_456]) {
    const { rows } = await spine.db.sql.query<{ code: string }>(`SELECT ${trackingCodeSql("$1::int")} AS code`, [n]);
    expect(rows[0]!.code).toBe(formatTrackingCode(n));
  }
});

it("acknowledges on the channel used, keeping a new sender's chat id", async () => {
  const r = await receiveInbound(spine.core, {
    channel: "telegram",
    externalId: "rcv-1",
    sender: { externalId: "7301", displayName: "Lan", chatId: "7301" },
    text: "Xin hỏi giờ tiếp công dân.",
  });
  const ack = await spine.db.outboundMessage.findFirstOrThrow({ where: { submissionId: r.submissionId } });
  expect(ack).toMatchObject({ channel: "telegram", address: "7301", template: "acknowledged" });
  expect(ack.text).toContain(`Mã theo dõi: ${r.trackingCode}.`);
  expect(ack.params).toEqual({ trackingCode: r.trackingCode });
  const audit = await spine.db.auditEvent.findFirstOrThrow({ where: { submissionId: r.submissionId } });
  expect(audit.data).toEqual({ inboundMessageId: r.inboundMessageId, trackingCode: r.trackingCode });
});

it("uses another channel the person has when the one used cannot answer, else marks the item", async () => {
  const known = await person(spine.db, "Trần Văn Bình", { channel: "telegram", externalId: "7302" });
  await spine.db.identity.create({ data: { personId: known, channel: "web", externalId: "0912000333" } });
  const r = await receiveInbound(spine.core, {
    channel: "web",
    externalId: "form:rcv-2",
    sender: { externalId: "0912000333", displayName: "Trần Văn Bình" },
    text: "Xin hỏi thủ tục cấp đổi căn cước.",
  });
  const ack = await spine.db.outboundMessage.findFirstOrThrow({ where: { submissionId: r.submissionId } });
  expect(ack).toMatchObject({ channel: "telegram", address: "7302", recipientId: known });
  await waitFor(() => spine.sent.find((m) => m.type === "text" && m.text.includes(r.trackingCode)), {
    what: "the acknowledgement on Telegram",
  });

  const stranger = await receiveInbound(spine.core, {
    channel: "web",
    externalId: "form:rcv-3",
    sender: { externalId: "lan@example.vn", displayName: "Lan" },
    text: "Xin hỏi lịch tiêm chủng.",
  });
  const s = await spine.db.submission.findUniqueOrThrow({ where: { id: stranger.submissionId } });
  expect(s.notifyFailedAt).not.toBeNull();
  expect(await spine.db.outboundMessage.count({ where: { submissionId: stranger.submissionId } })).toBe(0);
  const events = await spine.db.auditEvent.findMany({
    where: { submissionId: stranger.submissionId },
    orderBy: { id: "asc" },
  });
  expect(events.map((e) => e.action)).toEqual(["submission.received", "notify.unreachable"]);
});
