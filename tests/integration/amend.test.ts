/**
 * Changes requested, then the sender amends: the reply is stored raw, appended, and the item
 * goes back to review in a new round. Only the sender amends; a redelivered reply amends once.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Recorded } from "../../bots/recording/sender.ts";
import { amendSubmission } from "../../core/intake/amend.ts";
import { receiveInbound } from "../../core/intake/receive.ts";
import { decide } from "../../core/review/decide.ts";
import { person, startSpine, type Spine } from "../support/spine.ts";
import { waitFor } from "../support/wait.ts";

let spine: Spine;
let secretary: string;

beforeAll(async () => {
  spine = await startSpine();
  secretary = await person(spine.db, "Lê Thị Thư", { channel: "telegram", externalId: "5002" }, [
    { role: "secretariat" },
  ]);
});
afterAll(async () => spine?.close());

it("a sender amends after changes are requested; the item is reviewed again and then published", async () => {
  const r = await receiveInbound(spine.core, {
    channel: "zalo",
    externalId: "amend-1",
    sender: { externalId: "z-5100", displayName: "Trịnh Văn Tin" },
    text: "Sáng nay xã ra quân tổng vệ sinh môi trường.",
  });
  const cards = () =>
    spine.sent.filter(
      (m): m is Extract<Recorded, { type: "card" }> => m.type === "card" && m.card.trackingCode === r.trackingCode,
    );
  await waitFor(() => cards().length === 1, { what: "first card" });
  const asked = await decide(spine.core, {
    target: { trackingCode: r.trackingCode },
    deciderId: secretary,
    channel: "telegram",
    action: "request_changes",
    note: "bổ sung số người tham gia và ảnh",
  });
  expect(asked.outcome).toBe("decided");
  await waitFor(
    () => spine.sent.some((m) => m.type === "text" && m.to.address === "z-5100" && m.text.includes("bổ sung số người")),
    { what: "changes requested notice" },
  );

  const reply = {
    channel: "zalo" as const,
    externalId: "amend-2",
    sender: { externalId: "z-5100" },
    text: "Có 120 người tham gia, thu gom 3 tấn rác.",
  };
  const amended = await amendSubmission(spine.core, r.submissionId, reply);
  expect(amended).toMatchObject({ outcome: "amended", reopened: true });
  expect(await amendSubmission(spine.core, r.submissionId, reply)).toMatchObject({ outcome: "duplicate" });

  await waitFor(() => cards().length === 2, { what: "second-round card" });
  expect(cards()[1]!.card.text).toContain("120 người");
  const s = await spine.db.submission.findUniqueOrThrow({ where: { id: r.submissionId } });
  expect(s.round).toBe(2);
  expect(await spine.db.inboundMessage.count({ where: { submissionId: r.submissionId } })).toBe(2);

  // Someone else's reply does not amend it.
  const stranger = await amendSubmission(spine.core, r.submissionId, {
    ...reply,
    externalId: "amend-3",
    sender: { externalId: "z-other" },
  });
  expect(stranger.outcome).toBe("not_sender");

  expect(
    (
      await decide(spine.core, {
        target: { trackingCode: r.trackingCode },
        deciderId: secretary,
        channel: "telegram",
        action: "approve",
      })
    ).outcome,
  ).toBe("decided");
  const pub = await waitFor(() => spine.db.publication.findUnique({ where: { submissionId: r.submissionId } }), {
    what: "publication",
  });
  expect(pub.body).toContain("3 tấn rác");

  // Once published, a further reply is kept but does not change the item.
  const late = await amendSubmission(spine.core, r.submissionId, {
    ...reply,
    externalId: "amend-4",
    text: "Sửa lại: 130 người",
  });
  expect(late.outcome).toBe("not_amendable");
  expect(
    (await spine.db.publication.findUniqueOrThrow({ where: { submissionId: r.submissionId } })).body,
  ).not.toContain("130");
});
