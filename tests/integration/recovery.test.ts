/**
 * Nothing is lost when Redis refuses the follow-up jobs: the state is committed, and the
 * sweeper re-drives it. Forwarding starts a new round with the new field's reviewers.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { receiveInbound } from "../../core/intake/receive.ts";
import { decide } from "../../core/review/decide.ts";
import { findStuckWork } from "../../core/sweep.ts";
import type { FollowUp } from "../../core/ports.ts";
import { person, startSpine, type Spine } from "../support/spine.ts";
import { waitFor } from "../support/wait.ts";

let spine: Spine;
let secretary: string;

beforeAll(async () => {
  spine = await startSpine();
  secretary = await person(spine.db, "Lê Thị Thư", { channel: "telegram", externalId: "6002" }, [
    { role: "secretariat" },
  ]);
  await person(spine.db, "Bùi Văn Nông", { channel: "telegram", externalId: "6003" }, [
    { role: "member", field: "kinh-te" },
  ]);
  await person(spine.db, "Mai Thị Y", { channel: "zalo", externalId: "z-6004" }, [{ role: "member", field: "y-te" }]);
});
afterAll(async () => spine?.close());

it("an item whose jobs never reached Redis is re-driven by the sweeper and completes", async () => {
  const lost: FollowUp[] = [];
  const offline = { ...spine.core, jobs: { enqueue: async (jobs: readonly FollowUp[]) => void lost.push(...jobs) } };
  const r = await receiveInbound(offline, {
    channel: "telegram",
    externalId: "lost-1",
    sender: { externalId: "6100" },
    text: "Sáng nay Hội Nông dân xã tổ chức tập huấn kỹ thuật trồng lúa chất lượng cao cho bà con.",
  });
  expect(lost.map((j) => j.name).sort()).toEqual(["classify-submission", "send-message"]);
  expect((await spine.db.submission.findUniqueOrThrow({ where: { id: r.submissionId } })).status).toBe("received");

  const work = await findStuckWork(spine.core, 0);
  expect(work.map((j) => j.name).sort()).toEqual(["classify-submission", "send-message"]);
  await spine.producer.enqueue(work);

  await waitFor(() => spine.sent.some((m) => m.type === "card" && m.card.trackingCode === r.trackingCode), {
    what: "card",
  });
  await waitFor(() => spine.sent.some((m) => m.type === "text" && m.to.address === "6100"), { what: "ack" });
  expect((await spine.db.submission.findUniqueOrThrow({ where: { id: r.submissionId } })).status).toBe("in_review");
  // Re-driving again finds nothing stuck and changes nothing.
  await spine.producer.enqueue(await findStuckWork(spine.core, 0));
  expect(await spine.db.reviewRequest.count({ where: { submissionId: r.submissionId } })).toBe(2);
});

it("forwarding to another field opens a new round for that field's member", async () => {
  const r = await receiveInbound(spine.core, {
    channel: "telegram",
    externalId: "fwd-1",
    sender: { externalId: "6101" },
    text: "Chiều ngày 10/11, xã tổ chức hội nghị về sản xuất nông nghiệp và giá lúa vụ đông.",
  });
  const cards = () => spine.sent.filter((m) => m.type === "card" && m.card.trackingCode === r.trackingCode);
  await waitFor(() => cards().length === 2, { what: "first round cards" });
  const d = await decide(spine.core, {
    target: { trackingCode: r.trackingCode },
    deciderId: secretary,
    channel: "telegram",
    action: "forward",
    forwardTo: { fieldCode: "y-te" },
  });
  expect(d.outcome).toBe("decided");
  await waitFor(() => cards().some((c) => c.to.address === "z-6004"), { what: "card for the health member" });
  const s = await spine.db.submission.findUniqueOrThrow({ where: { id: r.submissionId }, include: { field: true } });
  expect(s.round).toBe(2);
  expect(s.field?.code).toBe("y-te");
  expect(s.status).toBe("in_review");
  // The first round's cards were closed.
  await waitFor(
    () => spine.sent.filter((m) => m.type === "card_update" && m.card.trackingCode === r.trackingCode).length === 2,
    {
      what: "first round cards closed",
    },
  );
});
