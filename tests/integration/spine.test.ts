/**
 * The whole spine against the real PostgreSQL and Redis, with recording senders: receive →
 * classify → route → review cards → decide → publish/answer → the sender is told.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { receiveInbound } from "../../core/intake/receive.ts";
import { answerQuestion } from "../../core/publishing/answer.ts";
import { decide } from "../../core/review/decide.ts";
import { REJECTION_REASONS } from "../../core/domain.ts";
import type { Recorded } from "../../bots/recording/sender.ts";
import { person, startSpine, type Spine } from "../support/spine.ts";
import { waitFor } from "../support/wait.ts";

const NEWS =
  "Sáng ngày 15/11, UBND xã tổ chức Ngày hội Đại đoàn kết toàn dân tộc tại nhà văn hóa thôn Đông, " +
  "với các hoạt động văn nghệ, thể thao và trao quà cho hộ nghèo.";
const QUESTION = "cho em hoi lam giay khai sinh cho con can nhung giay to gi a";

let spine: Spine;
const ids: Record<string, string> = {};

beforeAll(async () => {
  spine = await startSpine();
  const db = spine.db;
  ids.head = await person(db, "Trần Văn Trưởng", { channel: "telegram", externalId: "9001" }, [{ role: "head" }]);
  ids.secretary = await person(db, "Lê Thị Thư", { channel: "telegram", externalId: "9002" }, [
    { role: "secretariat" },
  ]);
  ids.culture = await person(db, "Phạm Văn Hóa", { channel: "zalo", externalId: "z-9003" }, [
    { role: "member", field: "van-hoa" },
  ]);
  ids.roads = await person(db, "Đỗ Văn Đường", { channel: "email", externalId: "duong@xa.gov.vn" }, [
    { role: "member", field: "ha-tang" },
  ]);
  ids.justice = await person(db, "Vũ Thị Tư Pháp", { channel: "telegram", externalId: "9005" }, [
    { role: "responder", field: "hanh-chinh", unit: "Công chức Tư pháp – Hộ tịch" },
  ]);
  ids.collaborator = await person(db, "Ngô Văn Cộng", { channel: "telegram", externalId: "9006" }, [
    { role: "collaborator", unit: "Thôn Đông" },
  ]);
});

afterAll(async () => {
  await spine?.close();
});

let seq = 0;
const receive = (text: string, from: { channel: "telegram" | "zalo" | "email"; id: string; name?: string }) =>
  receiveInbound(spine.core, {
    channel: from.channel,
    externalId: `msg-${Date.now()}-${++seq}`,
    sender: { externalId: from.id, displayName: from.name ?? null },
    text,
  });

const sentTo = (address: string, type?: Recorded["type"]) =>
  spine.sent.filter((m) => m.to.address === address && (!type || m.type === type));
const cardsFor = (trackingCode: string) =>
  spine.sent.filter(
    (m): m is Extract<Recorded, { type: "card" }> => m.type === "card" && m.card.trackingCode === trackingCode,
  );
const submission = (id: string) => spine.db.submission.findUniqueOrThrow({ where: { id }, include: { field: true } });

describe("a news item from a collaborator", () => {
  it("gets a tracking code, is classified, routed to exactly the field's member and the secretariat, approved, published and the sender told", async () => {
    const r = await receive(NEWS, { channel: "telegram", id: "9006" });
    expect(r.trackingCode).toMatch(/^TB-\d{4,}$/);
    expect(r.duplicate).toBe(false);

    // Acknowledged at once with the tracking code, on the channel used.
    await waitFor(() => sentTo("9006", "text").some((m) => m.type === "text" && m.text.includes(r.trackingCode)), {
      what: "ack",
    });

    const cards = await waitFor(() => (cardsFor(r.trackingCode).length >= 2 ? cardsFor(r.trackingCode) : null), {
      what: "cards",
    });
    const s = await submission(r.submissionId);
    expect(s.kind).toBe("news");
    expect(s.field?.code).toBe("van-hoa");
    expect(s.status).toBe("in_review");
    expect(cards.map((c) => c.to.address).sort()).toEqual(["9002", "z-9003"]);
    expect(cards.every((c) => c.card.actions.includes("approve"))).toBe(true);
    expect(cards[0]!.card.text).toContain("Ngô Văn Cộng");

    const d = await decide(spine.core, {
      target: { token: cards[0]!.card.token },
      deciderId: ids.culture!,
      channel: "zalo",
      action: "approve",
    });
    expect(d.outcome).toBe("decided");

    const pub = await waitFor(() => spine.db.publication.findUnique({ where: { submissionId: r.submissionId } }), {
      what: "publication",
    });
    expect(pub.status).toBe("published");
    expect(pub.author).toBe("Ngô Văn Cộng");
    expect(pub.source).toBe("Thôn Đông");
    const url = `http://bantin.test/tin/${pub.slug}`;
    await waitFor(() => sentTo("9006", "text").some((m) => m.type === "text" && m.text.includes(url)), {
      what: "published notice",
    });

    // Every copy of the card is edited to show who decided; nothing else was asked of anyone.
    const updates = await waitFor(
      () => {
        const u = spine.sent.filter((m) => m.type === "card_update" && m.card.trackingCode === r.trackingCode);
        return u.length === 2 ? u : null;
      },
      { what: "card updates" },
    );
    expect(updates.every((u) => u.type === "card_update" && u.outcome.text.includes("Phạm Văn Hóa"))).toBe(true);
    expect((await submission(r.submissionId)).status).toBe("published");
  });

  it("rejected with a reason tells the sender that reason in plain Vietnamese", async () => {
    const r = await receive(NEWS.replace("15/11", "16/11"), { channel: "telegram", id: "9006" });
    const card = await waitFor(() => cardsFor(r.trackingCode)[0], { what: "card" });
    const d = await decide(spine.core, {
      target: { trackingCode: r.trackingCode },
      deciderId: ids.secretary!,
      channel: "telegram",
      action: "reject",
      reasonCode: 7,
      note: "đã đăng ngày 15/11",
    });
    expect(d.outcome).toBe("decided");
    expect(card.card.token).toBeTruthy();
    const notice = await waitFor(
      () =>
        sentTo("9006", "text").find(
          (m) => m.type === "text" && m.text.includes(r.trackingCode) && m.text.includes("Lý do"),
        ),
      { what: "rejection notice" },
    );
    expect(notice.type === "text" && notice.text).toContain(REJECTION_REASONS[7]);
    expect(notice.type === "text" && notice.text).toContain("đã đăng ngày 15/11");
    expect((await submission(r.submissionId)).status).toBe("rejected");
    expect(await spine.db.publication.count({ where: { submissionId: r.submissionId } })).toBe(0);
  });

  it("refuses a decision from someone whose role does not allow it, and nothing changes", async () => {
    const r = await receive(NEWS.replace("15/11", "17/11"), { channel: "telegram", id: "9006" });
    await waitFor(() => cardsFor(r.trackingCode).length === 2, { what: "cards" });
    for (const outsider of [ids.collaborator!, ids.roads!]) {
      const d = await decide(spine.core, {
        target: { trackingCode: r.trackingCode },
        deciderId: outsider,
        channel: "telegram",
        action: "approve",
      });
      expect(d.outcome).toBe("not_allowed");
    }
    expect(await spine.db.decision.count({ where: { submissionId: r.submissionId } })).toBe(0);
    expect((await submission(r.submissionId)).status).toBe("in_review");
  });

  it("a rejection needs one of the nine reasons", async () => {
    const r = await receive(NEWS.replace("15/11", "18/11"), { channel: "telegram", id: "9006" });
    await waitFor(() => cardsFor(r.trackingCode).length === 2, { what: "cards" });
    const base = {
      target: { trackingCode: r.trackingCode },
      deciderId: ids.secretary!,
      channel: "telegram" as const,
      action: "reject" as const,
    };
    expect((await decide(spine.core, base)).outcome).toBe("invalid");
    expect((await decide(spine.core, { ...base, reasonCode: 10 })).outcome).toBe("invalid");
    expect(await spine.db.decision.count({ where: { submissionId: r.submissionId } })).toBe(0);
  });
});

describe("first decision wins", () => {
  it("two decisions racing yield one decision; the late decider is told who decided and when", async () => {
    const r = await receive(NEWS.replace("15/11", "19/11"), { channel: "telegram", id: "9006" });
    await waitFor(() => cardsFor(r.trackingCode).length === 2, { what: "cards" });
    const [a, b] = await Promise.all([
      decide(spine.core, {
        target: { submissionId: r.submissionId },
        deciderId: ids.culture!,
        channel: "zalo",
        action: "approve",
      }),
      decide(spine.core, {
        target: { submissionId: r.submissionId },
        deciderId: ids.secretary!,
        channel: "telegram",
        action: "reject",
        reasonCode: 9,
      }),
    ]);
    const outcomes = [a.outcome, b.outcome].sort();
    expect(outcomes).toEqual(["already_decided", "decided"]);
    const late = [a, b].find((x) => x.outcome === "already_decided");
    expect(late && "by" in late && ["Phạm Văn Hóa", "Lê Thị Thư"]).toContain(late && "by" in late ? late.by : null);
    expect(await spine.db.decision.count({ where: { submissionId: r.submissionId } })).toBe(1);

    // Pressing again after the outcome changes nothing either.
    const again = await decide(spine.core, {
      target: { submissionId: r.submissionId },
      deciderId: ids.head!,
      channel: "telegram",
      action: "approve",
    });
    expect(again.outcome).toBe("already_decided");
    expect(await spine.db.decision.count({ where: { submissionId: r.submissionId } })).toBe(1);
  });
});

describe("a citizen's question", () => {
  it("goes to the field's responder, whose answer is published without personal data and sent to the citizen", async () => {
    const r = await receive(`${QUESTION}. sdt cua em 0912345678`, {
      channel: "zalo",
      id: "z-citizen-1",
      name: "Nguyễn Thị Dân",
    });
    const cards = await waitFor(() => (cardsFor(r.trackingCode).length > 0 ? cardsFor(r.trackingCode) : null), {
      what: "card",
    });
    const s = await submission(r.submissionId);
    expect(s.kind).toBe("question");
    expect(s.field?.code).toBe("hanh-chinh");
    expect(cards.map((c) => c.to.address)).toEqual(["9005"]);
    expect(cards[0]!.card.actions).toContain("answer");

    const answer = "Chị mang tờ khai đăng ký khai sinh, giấy chứng sinh và CCCD đến bộ phận một cửa của xã.";
    const a = await answerQuestion(spine.core, {
      target: { token: cards[0]!.card.token },
      responderId: ids.justice!,
      channel: "telegram",
      text: answer,
    });
    expect(a.outcome).toBe("decided");

    const pub = await spine.db.publication.findUniqueOrThrow({ where: { submissionId: r.submissionId } });
    expect(pub.answerText).toBe(answer);
    expect(pub.answerUnit).toBe("Công chức Tư pháp – Hộ tịch");
    expect(pub.author).toBe("N.T.D.");
    expect(pub.question).not.toContain("0912345678");
    expect((await submission(r.submissionId)).status).toBe("answered");
    const sent = await waitFor(() => sentTo("z-citizen-1", "answer")[0], { what: "answer to the citizen" });
    expect(sent.type === "answer" && sent.answer.answer).toBe(answer);

    // A second answer changes nothing.
    const again = await answerQuestion(spine.core, {
      target: { submissionId: r.submissionId },
      responderId: ids.secretary!,
      channel: "telegram",
      text: "Khác",
    });
    expect(again.outcome).toBe("already_decided");
    expect(await spine.db.answer.count({ where: { submissionId: r.submissionId } })).toBe(1);
  });
});

describe("receiving is idempotent", () => {
  it("the same inbound message received twice, even at once, yields one submission and one acknowledgement", async () => {
    const input = {
      channel: "telegram" as const,
      externalId: `dup-${Date.now()}`,
      sender: { externalId: "9006" },
      text: NEWS,
    };
    const [a, b] = await Promise.all([receiveInbound(spine.core, input), receiveInbound(spine.core, input)]);
    const c = await receiveInbound(spine.core, input);
    expect(new Set([a.submissionId, b.submissionId, c.submissionId]).size).toBe(1);
    expect(c.duplicate).toBe(true);
    expect(await spine.db.inboundMessage.count({ where: { externalId: input.externalId } })).toBe(1);
    await waitFor(() => cardsFor(a.trackingCode).length === 2, { what: "cards" });
    expect(
      sentTo("9006", "text").filter((m) => m.type === "text" && m.text.includes(`Mã theo dõi: ${a.trackingCode}`)),
    ).toHaveLength(1);
  });
});
