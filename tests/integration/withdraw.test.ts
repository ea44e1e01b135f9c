/**
 * The sender withdraws an item still in review: its cards are closed everywhere, nobody can
 * decide it any more, and someone else cannot withdraw it (nor learn that it exists).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { receiveInbound } from "../../core/intake/receive.ts";
import { withdrawSubmission } from "../../core/intake/withdraw.ts";
import { decide } from "../../core/review/decide.ts";
import { person, startSpine, type Spine } from "../support/spine.ts";
import { waitFor } from "../support/wait.ts";

let spine: Spine;
let secretary: string;

beforeAll(async () => {
  spine = await startSpine();
  secretary = await person(spine.db, "Lê Thị Thư", { channel: "telegram", externalId: "4002" }, [
    { role: "secretariat" },
  ]);
});
afterAll(async () => spine?.close());

const receive = (externalId: string, sender: string) =>
  receiveInbound(spine.core, {
    channel: "telegram",
    externalId,
    sender: { externalId: sender },
    text: "Sáng nay xã tổ chức tiêm chủng mở rộng cho trẻ em tại trạm y tế.",
  });

it("withdraws an item in review: cards closed, decisions refused, the sender told", async () => {
  const r = await receive("wd-1", "4100");
  await waitFor(() => spine.sent.some((m) => m.type === "card" && m.card.trackingCode === r.trackingCode), {
    what: "card",
  });
  const citizen = (await spine.db.submission.findUniqueOrThrow({ where: { id: r.submissionId } })).senderId;

  const stranger = await person(spine.db, "Người Lạ", { channel: "telegram", externalId: "4999" });
  expect(
    await withdrawSubmission(spine.core, { trackingCode: r.trackingCode, personId: stranger, via: "telegram" }),
  ).toEqual({
    outcome: "not_found",
  });

  const w = await withdrawSubmission(spine.core, { trackingCode: r.trackingCode, personId: citizen, via: "telegram" });
  expect(w.outcome).toBe("withdrawn");
  await waitFor(
    () =>
      spine.sent.some(
        (m) => m.type === "card_update" && m.card.trackingCode === r.trackingCode && m.outcome.action === "withdrawn",
      ),
    { what: "card closed" },
  );
  await waitFor(
    () => spine.sent.some((m) => m.type === "text" && m.to.address === "4100" && m.text.includes("đã rút")),
    {
      what: "the sender told",
    },
  );
  const d = await decide(spine.core, {
    target: { trackingCode: r.trackingCode },
    deciderId: secretary,
    channel: "telegram",
    action: "approve",
  });
  expect(d.outcome).toBe("not_in_review");
  expect(
    await withdrawSubmission(spine.core, { trackingCode: r.trackingCode, personId: citizen, via: "telegram" }),
  ).toMatchObject({
    outcome: "not_withdrawable",
  });
});

it("a decided item cannot be withdrawn", async () => {
  const r = await receive("wd-2", "4101");
  await waitFor(() => spine.sent.some((m) => m.type === "card" && m.card.trackingCode === r.trackingCode), {
    what: "card",
  });
  const citizen = (await spine.db.submission.findUniqueOrThrow({ where: { id: r.submissionId } })).senderId;
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
  const w = await withdrawSubmission(spine.core, { trackingCode: r.trackingCode, personId: citizen, via: "telegram" });
  expect(w.outcome).toBe("not_withdrawable");
  await waitFor(() => spine.db.publication.findUnique({ where: { submissionId: r.submissionId } }), {
    what: "publication",
  });
});
