/**
 * Classification on the real database, with the learned classifier: deadlines and late flags,
 * duplicates of items in review and of published ones (reason 7 suggested on the card), urgent
 * items routed at once to the head and the field's member, unsure ones to the secretariat.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { correctClassification, correctionsAsCorpus } from "../../core/classify/correct.ts";
import { parseCorpusFile } from "../../core/classify/corpus.ts";
import { createClassifier } from "../../core/classify/index.ts";
import type { CoreDeps } from "../../core/context.ts";
import { createDb, type Db } from "../../core/db.ts";
import { seedFields } from "../../core/fields.ts";
import { classifySubmission } from "../../core/intake/classify-submission.ts";
import { receiveInbound } from "../../core/intake/receive.ts";
import { createLogger } from "../../core/logger.ts";
import { addPerson, grantRole } from "../../core/people/people.ts";
import type { FollowUp, ReviewCard } from "../../core/ports.ts";
import { requestReview } from "../../core/review/request-review.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

let database: TestDatabase;
let db: Db;
let core: CoreDeps;
const jobs: FollowUp[] = [];
const people: Record<string, string> = {};
const classifier = createClassifier();

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url, { max: 3 });
  await seedFields(db);
  core = {
    db,
    jobs: { enqueue: async (j) => void jobs.push(...j) },
    classifier,
    log: createLogger({ level: "silent" }),
    settings: {
      approvalPolicy: "single",
      publicBaseUrl: "http://bantin.test",
      timeZone: "Asia/Ho_Chi_Minh",
      reachableChannels: ["telegram"],
      confidenceThreshold: classifier.confidenceThreshold!,
      attachments: { dataDir: "/nonexistent", maxBytes: 1 },
    },
  };
  const actor = { via: "test" };
  for (const [name, role, fieldCode] of [
    ["head", "head", null],
    ["secretary", "secretariat", null],
    ["security", "member", "an-ninh"],
    ["culture", "member", "van-hoa"],
    ["admin", "member", "cchc"],
  ] as const) {
    const p = await addPerson(
      db,
      {
        fullName: name,
        identities: [{ channel: "telegram", externalId: `${name}-${randomBytes(3).toString("hex")}` }],
      },
      actor,
    );
    await grantRole(db, { personId: p.id, role, fieldCode }, actor);
    people[name] = p.id;
  }
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

let counter = 0;
/** Receives a message as Telegram would, at a given time, and classifies it. */
async function arrive(text: string, receivedAt = new Date(), sender = "citizen") {
  const r = await receiveInbound(core, {
    channel: "telegram",
    externalId: `m${++counter}`,
    sender: { externalId: sender },
    text,
    receivedAt,
  });
  expect(await classifySubmission(core, r.submissionId)).toBe("done");
  return db.submission.findUniqueOrThrow({ where: { id: r.submissionId } });
}

async function cardsOf(submissionId: string) {
  expect(await requestReview(core, submissionId, 1)).toBe("done");
  const requests = await db.reviewRequest.findMany({ where: { submissionId } });
  const cards = await db.outboundMessage.findMany({ where: { submissionId, kind: "review_card" } });
  return {
    reviewers: requests.map((r) => Object.entries(people).find(([, id]) => id === r.reviewerId)?.[0]).sort(),
    cards: cards.map((c) => c.params as unknown as ReviewCard),
  };
}

describe("classifying with deadlines", () => {
  it("reads the event date and flags news sent after two working days", async () => {
    // Tuesday 18/11/2025 10:00 in Hà Nội; the event was on Wednesday 12/11: due Friday 14/11.
    const s = await arrive(
      "Sáng ngày 12/11, UBND xã tổ chức hội nghị tổng kết công tác chuyển đổi số năm 2025, đồng chí Chủ tịch UBND xã chủ trì.",
      new Date("2025-11-18T03:00:00Z"),
    );
    expect([s.kind, s.late]).toEqual(["news", true]);
    expect(s.eventDate?.toISOString()).toBe("2025-11-11T17:00:00.000Z");
    expect(s.deadlineAt?.toISOString()).toBe("2025-11-14T16:59:59.999Z");
    expect(s.reasons.some((r) => r.startsWith('hạn gửi: 2 ngày làm việc từ "Sáng ngày 12/11" — TRỄ HẠN'))).toBe(true);
    const { cards } = await cardsOf(s.id);
    expect(cards[0]!.late).toBe(true);
    expect(cards[0]!.text).toContain("TRỄ HẠN");
  });

  it("gives questions no deadline", async () => {
    const s = await arrive("cho em hoi hom qua e nop ho so khai sinh thi bao gio co ket qua a");
    expect([s.kind, s.eventDate, s.deadlineAt, s.late]).toEqual(["question", null, null, false]);
  });
});

describe("the sender's choice of field", () => {
  it("decides the field over the classifier's guess, which stays in the reasons", async () => {
    const r = await receiveInbound(core, {
      channel: "web",
      externalId: `form-${randomBytes(4).toString("hex")}`,
      sender: { externalId: "0912000222", displayName: "Phạm Thị Hoa" },
      text: "Xin hỏi thủ tục đăng ký kết hôn tại xã cần những giấy tờ gì?",
      fieldHint: "dat-dai",
    });
    expect(await classifySubmission(core, r.submissionId)).toBe("done");
    const s = await db.submission.findUniqueOrThrow({ where: { id: r.submissionId }, include: { field: true } });
    expect(s.field?.code).toBe("dat-dai");
    expect(s.reasons).toContain("lĩnh vực: người gửi chọn dat-dai (máy đoán hanh-chinh)");
  });
});

describe("duplicates", () => {
  it("links a forwarded copy of a published item and suggests reason 7 on the card", async () => {
    const original = await arrive(
      "Chiều 16/11, Hội Nông dân xã phối hợp Trạm khuyến nông tổ chức lớp tập huấn kỹ thuật trồng lúa hữu cơ cho hơn 60 hội viên tại nhà văn hóa thôn Đông.",
      new Date(),
      "collaborator-1",
    );
    await db.submission.update({ where: { id: original.id }, data: { status: "published" } });

    const copy = await arrive(
      "Em gửi lại tin hôm trước ạ\n\n---------- Forwarded message ---------\nFrom: Lan <lan@gmail.com>\nDate: Sun, 16 Nov 2025\n\n" +
        "Chieu 16/11, Hoi Nong dan xa phoi hop Tram khuyen nong to chuc lop tap huan ky thuat trong lua huu co cho hon 60 hoi vien tai nha van hoa thon Dong.",
      new Date(),
      "collaborator-2",
    );
    expect(copy.duplicateOfId).toBe(original.id);
    expect(copy.duplicateScore).toBeGreaterThan(0.8);
    expect(copy.reasons.some((r) => /^trùng lặp: TB-\d+ \(độ giống 0\.\d+, đã đăng\)$/.test(r))).toBe(true);

    const { cards } = await cardsOf(copy.id);
    expect(cards.length).toBeGreaterThan(0);
    for (const card of cards) {
      expect(card.suggestedRejection).toBe(7);
      expect(card.text).toMatch(
        /Có thể trùng với: TB-\d+ \(độ giống 0,\d\d\) — đã đăng\. Đề nghị: từ chối, lý do 7 \(Trùng lặp/,
      );
    }
  });

  it("links the same complaint sent twice while the first is in review, without suggesting rejection", async () => {
    const first = await arrive(
      "Đề nghị xã kiểm tra, nhà văn hóa thôn 6 xuống cấp nặng, mái ngói vỡ, mưa là dột khắp hội trường, bà con không họp được.",
    );
    const { reviewers } = await cardsOf(first.id);
    expect(reviewers.length).toBeGreaterThan(0);
    const again = await arrive(
      "de nghi xa kiem tra nha van hoa thon 6 xuong cap nang, mai ngoi vo, mua la dot khap hoi truong, ba con ko hop dc",
    );
    expect(again.duplicateOfId).toBe(first.id);
    const { cards } = await cardsOf(again.id);
    for (const card of cards) {
      expect(card.suggestedRejection).toBeNull();
      expect(card.text).toMatch(/Có thể trùng với: TB-\d+ \(độ giống [01],\d\d\)$/m);
    }
  });

  it("does not link unrelated items, nor spam", async () => {
    const a = await arrive("Xin hỏi lịch tiêm vắc xin sởi cho trẻ ở trạm y tế xã tháng này là ngày nào ạ?");
    expect(a.duplicateOfId).toBeNull();
    const spam1 = await arrive(
      "Vay tiền online chỉ cần CCCD, giải ngân 15 phút, lãi suất thấp, không thẩm định, lh ngay",
    );
    const spam2 = await arrive(
      "Vay tiền online chỉ cần CCCD, giải ngân 15 phút, lãi suất thấp, không thẩm định, lh ngay!!",
    );
    expect([spam1.kind, spam2.kind, spam2.duplicateOfId, spam2.matchText]).toEqual(["spam", "spam", null, null]);
  });
});

describe("urgency and confidence", () => {
  it("sends an urgent item at once to the head and the field's member as well", async () => {
    const s = await arrive(
      "Cháy lớn ở xưởng gỗ cuối thôn 3, lửa đang lan sang nhà dân, đề nghị công an xã và dân phòng đến gấp!",
    );
    expect([s.priority, s.kind]).toEqual(["high", "feedback"]);
    const { reviewers, cards } = await cardsOf(s.id);
    expect(reviewers).toEqual(expect.arrayContaining(["head", "security", "secretary"]));
    expect(reviewers).not.toContain("culture");
    for (const card of cards) expect(card.text.startsWith("[KHẨN]")).toBe(true);
  });

  it("sends an item it is unsure of to the secretariat alone", async () => {
    const s = await arrive("alo ad oi cho hoi cai nay");
    expect(s.needsPerson || s.kind === "spam").toBe(true);
    if (s.needsPerson) expect((await cardsOf(s.id)).reviewers).toEqual(["secretary"]);
  });
});

describe("corrections", () => {
  it("stores an operator's correction and exports it as a corpus line", async () => {
    const s = await arrive("Hội trường thôn 4 bị dột, đề nghị xem xét.");
    const r = await correctClassification(
      db,
      { trackingNumber: s.trackingNumber, kind: "feedback", field: "van-hoa" },
      {
        personId: null,
        via: "cli",
      },
    );
    expect(r.to).toEqual({ kind: "feedback", field: "van-hoa" });
    const after = await db.submission.findUniqueOrThrow({ where: { id: s.id }, include: { field: true } });
    expect([after.kind, after.field?.code, after.needsPerson]).toEqual(["feedback", "van-hoa", false]);
    expect(after.classifier).toMatch(/\+corrected$/);

    // Corrected twice: the export keeps the last word, in the corpus's own format.
    await correctClassification(
      db,
      { trackingNumber: s.trackingNumber, field: "ha-tang" },
      { personId: null, via: "cli" },
    );
    const lines = await correctionsAsCorpus(db);
    const parsed = parseCorpusFile("corrections.jsonl", lines.join("\n"));
    expect(parsed).toHaveLength(1);
    expect(parsed[0]).toMatchObject({ kind: "feedback", field: "ha-tang", channel: "telegram", text: s.text });
    await expect(
      correctClassification(db, { trackingNumber: s.trackingNumber, field: "nope" }, { personId: null, via: "cli" }),
    ).rejects.toThrow(/unknown field/);
  });
});
