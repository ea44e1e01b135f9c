/**
 * Two-step approval (`004` Điều 7.2): a member of the field approves, then the head.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { receiveInbound } from "../../core/intake/receive.ts";
import { decide } from "../../core/review/decide.ts";
import { person, startSpine, type Spine } from "../support/spine.ts";
import { waitFor } from "../support/wait.ts";

let spine: Spine;
let head: string, member: string, secretary: string;

beforeAll(async () => {
  spine = await startSpine({ approvalPolicy: "two-step" });
  head = await person(spine.db, "Trần Văn Trưởng", { channel: "telegram", externalId: "8001" }, [{ role: "head" }]);
  secretary = await person(spine.db, "Lê Thị Thư", { channel: "telegram", externalId: "8002" }, [
    { role: "secretariat" },
  ]);
  member = await person(spine.db, "Hoàng Văn Đường", { channel: "telegram", externalId: "8003" }, [
    { role: "member", field: "ha-tang" },
  ]);
});
afterAll(async () => spine?.close());

it("the member approves first, then the head; only then is it published", async () => {
  const r = await receiveInbound(spine.core, {
    channel: "email",
    externalId: "<two-step-1@example.test>",
    sender: { externalId: "ctv@example.test", displayName: "Cộng tác viên A" },
    subject: "Khánh thành tuyến đường giao thông nông thôn thôn Tây",
    text: "Sáng nay, xã tổ chức lễ khánh thành tuyến đường bê tông dài 2 km và hệ thống đèn chiếu sáng thôn Tây.",
  });
  const cardsOf = () => spine.sent.filter((m) => m.type === "card" && m.card.trackingCode === r.trackingCode);
  const firstCards = await waitFor(() => (cardsOf().length > 0 ? cardsOf() : null), { what: "first-stage card" });
  // In two-step mode the field's members edit and approve first; the secretariat is not asked when a member exists.
  expect(firstCards.map((c) => c.to.address)).toEqual(["8003"]);

  // The field's member takes the first step.
  expect(
    (
      await decide(spine.core, {
        target: { trackingCode: r.trackingCode },
        deciderId: member,
        channel: "telegram",
        action: "approve",
      })
    ).outcome,
  ).toBe("decided");

  const finalCard = await waitFor(
    () =>
      spine.sent.find((m) => m.type === "card" && m.card.trackingCode === r.trackingCode && m.card.stage === "final"),
    { what: "head's card" },
  );
  expect(finalCard.to.address).toBe("8001");
  expect(await spine.db.publication.count({ where: { submissionId: r.submissionId } })).toBe(0);

  // At the final stage only the head (or a deputy) decides.
  expect(
    (
      await decide(spine.core, {
        target: { trackingCode: r.trackingCode },
        deciderId: secretary,
        channel: "telegram",
        action: "approve",
      })
    ).outcome,
  ).toBe("not_allowed");
  expect(
    (
      await decide(spine.core, {
        target: { trackingCode: r.trackingCode },
        deciderId: head,
        channel: "telegram",
        action: "approve",
      })
    ).outcome,
  ).toBe("decided");

  await waitFor(() => spine.db.publication.findUnique({ where: { submissionId: r.submissionId } }), {
    what: "publication",
  });
  const sub = await spine.db.submission.findUniqueOrThrow({ where: { id: r.submissionId } });
  expect(sub.status).toBe("published");
  expect(await spine.db.decision.count({ where: { submissionId: r.submissionId } })).toBe(2);
});
