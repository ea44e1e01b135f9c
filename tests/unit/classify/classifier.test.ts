import { describe, expect, it } from "vitest";
import { FIELD_CODES, KINDS } from "../../../core/domain.ts";
import { createRuleClassifier } from "../../../core/classify/index.ts";

const classifier = createRuleClassifier();
const classify = (text: string, senderRoles?: readonly string[]) => classifier.classify({ text, senderRoles });

describe("rules-v1 classifier", () => {
  it("is named and reports every kind and field in its scores", () => {
    const out = classify("cho em hỏi làm giấy khai sinh");
    expect(classifier.name).toBe("rules-v1");
    expect(Object.keys(out.scores.kind).sort()).toEqual([...KINDS].sort());
    expect(Object.keys(out.scores.field).sort()).toEqual([...FIELD_CODES].sort());
    expect(out.confidence).toBe(Math.min(out.kindConfidence, out.fieldConfidence));
  });

  it("reads questions without diacritics", () => {
    const out = classify("cho em hoi lam giay khai sinh can gi a");
    expect([out.kind, out.field]).toEqual(["question", "hanh-chinh"]);
    expect(out.reasons[0]).toMatch(/^loại: hỏi đáp ← .*"cho em hỏi"/);
    expect(out.reasons[1]).toMatch(/^lĩnh vực: hanh-chinh ← .*khai sinh"/);
  });

  it("understands chat abbreviations", () => {
    const out = classify("ad oi e muon dang ky tam tru thi lam ntn, mat bn ngay vay");
    expect([out.kind, out.field]).toEqual(["question", "hanh-chinh"]);
  });

  it("is insensitive to case, NFD input, Ð for Đ and tone placement", () => {
    const base = classify("Đề nghị xã sửa đèn đường thôn 4 bị hỏng, kênh thủy lợi bị bồi lấp");
    for (const variant of [
      "ĐỀ NGHỊ XÃ SỬA ĐÈN ĐƯỜNG THÔN 4 BỊ HỎNG, KÊNH THỦY LỢI BỊ BỒI LẤP",
      "Đề nghị xã sửa đèn đường thôn 4 bị hỏng, kênh thủy lợi bị bồi lấp".normalize("NFD"),
      "\u00D0ề nghị xã sửa đèn \u00F0ường thôn 4 bị hỏng, kênh thủy lợi bị bồi lấp",
      "Đề nghị xã sửa đèn đường thôn 4 bị hỏng, kênh thuỷ lợi bị bồi lấp",
    ]) {
      const out = classify(variant);
      expect([out.kind, out.field]).toEqual([base.kind, base.field]);
    }
    expect([base.kind, base.field]).toEqual(["feedback", "ha-tang"]);
  });

  it("files a broken street light as feedback on infrastructure", () => {
    const out = classify("Đèn đường ngõ 5 thôn Đông hỏng cả tháng nay, tối đi rất nguy hiểm, mong xã cho người sửa.");
    expect([out.kind, out.field, out.priority]).toEqual(["feedback", "ha-tang", "normal"]);
  });

  it("recognises a collaborator's event report as news", () => {
    const out = classify("Sáng ngày 15/11, UBND xã tổ chức hội nghị tổng kết công tác chuyển đổi số năm 2025.", [
      "collaborator",
    ]);
    expect([out.kind, out.field]).toEqual(["news", "cchc"]);
    expect(out.kindConfidence).toBeGreaterThan(0.6);
  });

  it("leans towards news for collaborators", () => {
    const text = "Hội Cựu chiến binh xã có 7 hội viên mới";
    expect(classify(text, ["collaborator"]).kind).toBe("news");
    expect(classify(text, ["collaborator"]).reasons[0]).toContain("cộng tác viên");
  });

  it("tells complaints about officials from plain feedback", () => {
    expect(classify("Tố cáo cán bộ địa chính xã đòi 5 triệu mới làm sổ đỏ").kind).toBe("complaint");
    expect(classify("Cán bộ một cửa hách dịch, nhũng nhiễu, bắt bổ sung giấy tờ nhiều lần").kind).toBe("complaint");
    expect(classify("Tôi làm đơn khiếu nại quyết định thu hồi đất").field).toBe("dat-dai");
  });

  it("flags spam: ads, loans, gambling, links, noise, emoji only", () => {
    for (const text of [
      "VAY TIỀN NHANH CHỈ CẦN CCCD, KHÔNG CẦN THẾ CHẤP, LH 0912345678",
      "Nhà cái uy tín, cá cược bóng đá, casino online",
      "xem ngay https://a.xyz/1 https://b.top/2",
      "alo",
      "Hi",
      "😂😂😂",
      "Chúc mừng bạn trúng thưởng, nhấn vào link để nhận quà",
    ]) {
      const out = classify(text);
      expect(out.kind, text).toBe("spam");
      expect(out.field, text).toBe("khac");
    }
  });

  it("does not call a citizen's report about loan-shark ads spam", () => {
    const out = classify("Nhiều nhà bị dán quảng cáo cho vay nặng lãi lên cột điện, đề nghị xã xử lý.");
    expect([out.kind, out.field]).toEqual(["feedback", "an-ninh"]);
  });

  it("puts BHYT under xa-hoi, but care with a BHYT card under y-te", () => {
    expect(classify("Hộ cận nghèo được hỗ trợ mua thẻ BHYT bao nhiêu?").field).toBe("xa-hoi");
    expect(classify("Khám bệnh bằng thẻ BHYT ở trạm y tế xã cần giấy gì?").field).toBe("y-te");
  });

  it("raises priority on urgent events, accents or not", () => {
    for (const text of [
      "Cháy nhà ở thôn 3, khẩn cấp!",
      "nuoc lu dang len, sat lo duong vao thon 9",
      "Có tai nạn giao thông ở ngã ba chợ, cần cấp cứu",
      "Hai nhóm thanh niên đánh nhau, có người bị chém",
      "Nhiều người ngộ độc sau đám cưới",
    ]) {
      const out = classify(text);
      expect(out.priority, text).toBe("high");
      expect(out.reasons.at(-1), text).toMatch(/^ưu tiên: cao ← /);
    }
  });

  it("does not raise priority for campaigns and drills", () => {
    for (const text of [
      "UBND xã tổ chức diễn tập phòng cháy chữa cháy tại chợ",
      "Tuyên truyền phòng chống đuối nước cho học sinh trong hè",
      "Shop xả hàng cháy hàng giảm giá",
      "Tôi chạy xe qua đường thôn 2 thấy ổ gà",
    ]) {
      expect(classify(text).priority, text).toBe("normal");
    }
  });

  it("falls back with low confidence when nothing matches", () => {
    const citizen = classify("Nhà tôi ở xóm trên.");
    expect([citizen.kind, citizen.field]).toEqual(["question", "khac"]);
    expect(citizen.confidence).toBeLessThan(0.4);
    expect(citizen.reasons[0]).toContain("mặc định");
    const collaborator = classify("", ["collaborator"]);
    expect(collaborator.kind).toBe("news");
    expect(collaborator.fieldConfidence).toBeLessThan(0.4);
    expect(classify("").kind).toBe("question"); // a photo without a caption is not spam
  });

  it("reads the subject with the body", () => {
    const out = classifier.classify({
      subject: "Khiếu nại",
      text: "về việc cắt chế độ thương binh của bố tôi",
      channel: "email",
    });
    expect([out.kind, out.field]).toEqual(["complaint", "xa-hoi"]);
  });

  it("does not mistake look-alike words without diacritics", () => {
    // "chợ"→"cho", "lúa"→"lừa", "đèn"→"đến", "gia đình"⊃"đình", "điện thoại"⊃"điện".
    expect(classify("cho em hỏi đến bao giờ có kết quả").field).toBe("khac");
    expect(classify("Cho hỏi gia đình tôi cần gọi điện thoại cho ai").field).toBe("khac");
  });

  it("is deterministic", () => {
    const text = "Xin phản ánh: đường bê tông thôn 6 xuống cấp nghiêm trọng, nhiều ổ gà.";
    expect(classify(text)).toEqual(classify(text));
    expect(createRuleClassifier().classify({ text })).toEqual(classify(text));
  });
});
