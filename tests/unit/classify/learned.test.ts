import { describe, expect, it } from "vitest";
import { FIELD_CODES, KINDS } from "../../../core/domain.ts";
import { createClassifier } from "../../../core/classify/index.ts";
import { withoutDiacritics } from "../../../core/text/normalize.ts";

const classifier = createClassifier();
const classify = (text: string, extra: { subject?: string; senderRoles?: string[] } = {}) =>
  classifier.classify({ text, ...extra });

describe("learned classifier", () => {
  it("names its model, reports every class and a calibrated threshold", () => {
    const out = classify("cho em hỏi làm giấy khai sinh");
    expect(classifier.name).toMatch(/^learned-[0-9a-f]{8}$/);
    expect(classifier.confidenceThreshold).toBeGreaterThan(0);
    expect(Object.keys(out.scores.kind).sort()).toEqual([...KINDS].sort());
    expect(Object.keys(out.scores.field).sort()).toEqual([...FIELD_CODES].sort());
    expect(out.confidence).toBe(Math.min(out.kindConfidence, out.fieldConfidence));
  });

  it("reads a question without diacritics and with chat abbreviations, and says which words decided", () => {
    const out = classify("cho em hoi lam giay khai sinh can gi a");
    expect([out.kind, out.field]).toEqual(["question", "hanh-chinh"]);
    expect(out.reasons[0]).toMatch(/^loại: hỏi đáp ← .*"cho em/);
    expect(out.reasons[1]).toMatch(/^lĩnh vực: hanh-chinh ← .*khai sinh/);
    expect(classify("ad oi e muon dang ky tam tru thi lam ntn, mat bn ngay vay").field).toBe("hanh-chinh");
  });

  it("gives the same verdict to a message with and without diacritics", () => {
    for (const text of [
      "Đèn đường ngõ 5 thôn Đông hỏng cả tháng nay, tối đi rất nguy hiểm, mong xã cho người sửa.",
      "Tôi tố cáo cán bộ địa chính xã nhận tiền để làm sổ đỏ trước cho người quen.",
      "Sáng ngày 15/11, trạm y tế xã tổ chức tiêm vắc xin sởi cho 180 trẻ.",
    ]) {
      const a = classify(text);
      const b = classify(withoutDiacritics(text));
      expect([b.kind, b.field], text).toEqual([a.kind, a.field]);
    }
  });

  it("reads an e-mail by its new text, not the quoted history or the signature", () => {
    const out = classify(
      "Cho tôi hỏi thêm: bao giờ có kết quả cấp sổ đỏ ạ?\n\nTrân trọng,\nTrương Thị Nga\n0912 000 111\n\n" +
        "Vào 14:20 Th 2, 3 thg 11, 2025, Trạm y tế <tramyte@xa.gov.vn> đã viết:\n> Lịch tiêm chủng tháng 12 cho trẻ em.",
      { subject: "Re: hỏi" },
    );
    expect([out.kind, out.field]).toEqual(["question", "dat-dai"]);
  });

  it("is sure of noise and scams by rule, and gives them no field", () => {
    for (const text of ["alo", "👍", "ok"]) {
      const out = classify(text);
      expect([out.kind, out.field, out.confidence], text).toEqual(["spam", "khac", 0.97]);
    }
    const scam = classify(
      "Nhà cái uy tín, nạp 100k tặng 200k, cá cược bóng đá, nổ hũ, rút tiền nhanh http://a.xyz/x http://b.top/y",
    );
    expect(scam.kind).toBe("spam");
    expect(scam.reasons[0]).toMatch(/^loại: tin rác/);
  });

  it("marks fire, flood, accident, violence and outbreaks as urgent, not drills or prevention", () => {
    for (const text of [
      "Cháy lớn ở xưởng gỗ cuối thôn 3, lửa đang lan sang nhà dân",
      "nuoc lu dang len nhanh, tran qua de thon Ben, can cuu ho gap",
      "Sạt lở đất đường lên thôn 11, đất đá tràn kín mặt đường",
      "tai nạn xe máy ở cầu Ông Bộ, người nằm bất tỉnh",
      "Nhóm thanh niên đâm chém nhau ở quán nhậu đầu chợ",
      "Hơn 20 người bị ngộ độc thực phẩm sau khi ăn cỗ cưới",
    ]) {
      const out = classify(text);
      expect(out.priority, text).toBe("high");
      expect(out.reasons.at(-1)).toMatch(/^ưu tiên: cao ← /);
    }
    expect(classify("Công an xã tổ chức diễn tập phòng cháy chữa cháy tại chợ").priority).toBe("normal");
  });

  it("leaves a photo or a file without words to a person, not to the spam pile", () => {
    for (const text of ["", "[Ảnh]", "[Tin nhắn thoại]\n[Video]"]) {
      const out = classify(text);
      expect([out.kind, out.field, out.confidence], JSON.stringify(text)).toEqual(["question", "khac", 0]);
      expect(out.reasons[0]).toMatch(/không có lời để đọc/);
    }
    expect(classify("[Ảnh]", { senderRoles: ["collaborator"] }).kind).toBe("news");
    // A file's name is read: it often says what the file is.
    expect(classify("[Tệp: ke-hoach-so-45-KH-UBND.pdf]").kind).toBe("news");
  });

  it("leans towards news when a collaborator sends it", () => {
    const text = "Hội Cựu chiến binh xã có 7 hội viên mới";
    const out = classify(text, { senderRoles: ["collaborator"] });
    expect(out.kind).toBe("news");
    expect(out.kindConfidence).toBeGreaterThanOrEqual(classify(text).scores.kind.news);
  });
});
