import { describe, expect, it } from "vitest";
import {
  bestDuplicate,
  duplicateKeys,
  DUPLICATE_THRESHOLD,
  matchText,
  similarity,
} from "../../../core/duplicates/similarity.ts";
import { withoutDiacritics } from "../../../core/text/normalize.ts";

const m = (text: string, subject?: string) => matchText({ text, subject });
const REPORT =
  "Sáng ngày 15/11/2025, UBND xã tổ chức hội nghị tổng kết công tác cải cách hành chính năm 2025. Đồng chí Nguyễn Văn Hùng, Chủ tịch UBND xã chủ trì hội nghị.";

describe("duplicate detection", () => {
  it("scores an exact and an unaccented copy 1", () => {
    expect(similarity(m(REPORT), m(REPORT))).toBe(1);
    expect(similarity(m(REPORT), m(withoutDiacritics(REPORT)))).toBe(1);
  });

  it("finds the same news sent by a second collaborator in other words", () => {
    const other =
      "Sáng 15/11, Ủy ban nhân dân xã đã tổ chức hội nghị tổng kết công tác cải cách hành chính năm 2025 do đồng chí Chủ tịch UBND xã Nguyễn Văn Hùng chủ trì.";
    expect(similarity(m(REPORT), m(other))).toBeGreaterThanOrEqual(DUPLICATE_THRESHOLD);
  });

  it("finds a forwarded copy with a note on top and mail headers", () => {
    const forwarded =
      "Em chuyển tiếp tin ạ.\n\n---------- Forwarded message ---------\nFrom: Lan <lan@gmail.com>\nDate: Sat, 15 Nov 2025\nSubject: Tin\nTo: bbt@xa.gov.vn\n\n" +
      REPORT +
      "\n--\nNguyễn Thị Lan\nĐT 0912 000 111";
    expect(similarity(m(REPORT), m(forwarded))).toBeGreaterThan(0.9);
  });

  it("finds the same complaint by e-mail and by Zalo, chat-style", () => {
    const mail = m(
      "Đèn đường ngõ 5 thôn Đông hỏng cả tháng nay, tối đi rất nguy hiểm, mong xã cho người sửa.\n\nTrân trọng,\nLê Văn Tám",
      "Phản ánh đèn đường",
    );
    const zalo = m("den duong ngo 5 thon dong hong ca thang nay roi, toi di nguy hiem lam, mong xa cho nguoi sua gap");
    expect(similarity(mail, zalo)).toBeGreaterThanOrEqual(DUPLICATE_THRESHOLD);
  });

  it("does not link different items that share a template", () => {
    const otherMeeting =
      "Sáng ngày 15/11/2025, Hội Nông dân xã tổ chức hội nghị tổng kết công tác hội năm 2025, chủ trì hội nghị là đồng chí Chủ tịch Hội.";
    expect(similarity(m(REPORT), m(otherMeeting))).toBeLessThan(DUPLICATE_THRESHOLD);
    expect(
      similarity(m("Đèn đường thôn Tây hỏng, mong xã sửa."), m("Đèn đường ngõ 5 thôn Đông hỏng cả tháng nay")),
    ).toBeLessThan(DUPLICATE_THRESHOLD);
    // A one-line greeting inside a long message is not a copy of it.
    expect(similarity(m("Kính gửi Ban biên tập"), m(`Kính gửi Ban biên tập,\n${REPORT}`))).toBeLessThan(
      DUPLICATE_THRESHOLD,
    );
  });

  it("picks the closest candidate above the threshold", () => {
    const candidates = [
      { id: "a", matchText: m("Xã tổ chức giải bóng đá thanh niên năm 2025") },
      { id: "b", matchText: m(REPORT) },
    ];
    expect(bestDuplicate(m(withoutDiacritics(REPORT)), candidates)).toEqual({ candidate: candidates[1], score: 1 });
    expect(bestDuplicate(m("Cho em hỏi làm giấy khai sinh cần gì"), candidates)).toBeNull();
  });
});

describe("duplicate keys (what the database finds candidates by)", () => {
  const shared = (a: string, b: string) => duplicateKeys(m(a)).filter((k) => duplicateKeys(m(b)).includes(k)).length;
  it("are the same for copies and shared by reworded versions", () => {
    expect(duplicateKeys(m(REPORT))).toHaveLength(20);
    expect(duplicateKeys(m(withoutDiacritics(REPORT)))).toEqual(duplicateKeys(m(REPORT)));
    const other =
      "Sáng 15/11, Ủy ban nhân dân xã đã tổ chức hội nghị tổng kết công tác cải cách hành chính năm 2025 do đồng chí Chủ tịch UBND xã Nguyễn Văn Hùng chủ trì.";
    expect(shared(REPORT, other)).toBeGreaterThan(0);
  });
  it("are rarely shared by unrelated texts, and absent for a greeting", () => {
    expect(shared(REPORT, "Cho em hỏi lịch tiêm vắc xin sởi cho trẻ ở trạm y tế xã tháng này là ngày nào ạ?")).toBe(0);
    expect(duplicateKeys(m("alo ad"))).toEqual([]);
    expect(duplicateKeys(m(REPORT)).every((k) => Number.isInteger(k) && k >= -(2 ** 31) && k < 2 ** 31)).toBe(true);
  });
});
