import { describe, expect, it } from "vitest";
import { splitMailBody } from "../../../core/text/mail-body.ts";
import {
  foldedForm,
  normalizeMessage,
  tokenize,
  withoutDiacritics,
  withoutPlaceholders,
} from "../../../core/text/normalize.ts";

describe("normalisation", () => {
  it("makes NFD input, Ð for Đ and both tone placements the same text", () => {
    const base = foldedForm("Đề nghị sửa kênh thủy lợi, hòa giải");
    expect(foldedForm("Đề nghị sửa kênh thủy lợi, hòa giải".normalize("NFD"))).toBe(base);
    expect(foldedForm("\u00D0ề nghị sửa kênh thuỷ lợi, hoà giải")).toBe(base);
    expect(tokenize("thuỷ").accented).toEqual(tokenize("thủy").accented);
    expect(tokenize("khoẻ").accented).toEqual(tokenize("khỏe").accented);
    expect(base).toBe("de nghi sua kenh thuy loi hoa giai");
  });

  it("expands chat abbreviations in the folded form", () => {
    expect(foldedForm("ko dc j bn ntn mn")).toBe("khong duoc gi bao nhieu nhu the nao moi nguoi");
    expect(foldedForm("bh co kq, hk biet lm sao")).toBe("bao gio co ket qua khong biet lam sao");
    expect(foldedForm("lam the bhyt, so cccd")).toBe("lam the bao hiem y te so can cuoc cong dan");
  });

  it("keeps accented and folded tokens aligned to what was written", () => {
    const t = tokenize("E ko biết");
    expect(t.accented).toEqual(["e", "ko", "biết"]);
    expect(t.folded).toEqual(["em", "khong", "biet"]);
    expect(t.origin).toEqual([0, 1, 2]);
  });

  it("removes diacritics the way a phone without a Vietnamese keyboard writes", () => {
    expect(withoutDiacritics("Cho em hỏi làm giấy khai sinh ở đâu ạ?")).toBe("Cho em hoi lam giay khai sinh o dau a?");
  });

  it("drops the channels' media placeholders, keeping a file's name as words", () => {
    expect(withoutPlaceholders("Ảnh đường sạt lở\n[Ảnh]\n[Ảnh]")).toBe("Ảnh đường sạt lở");
    expect(withoutPlaceholders("[Tệp: ke-hoach_so.45.pdf] [Vị trí: 10.1, 106.2]")).toBe("ke hoach so 45");
    expect(withoutPlaceholders("[Tin nhắn thoại]")).toBe("");
    expect(withoutPlaceholders("Giá [Ảnh] đẹp [ghi chú]")).toBe("Giá  đẹp [ghi chú]");
  });

  it("drops Re:/Fwd: from the subject and puts it before the body", () => {
    expect(normalizeMessage({ subject: "Re: Fwd: Hỏi thủ tục", text: "Nội dung" }).text).toBe("Hỏi thủ tục\nNội dung");
  });
});

describe("e-mail bodies", () => {
  it("separates a Gmail reply (Vietnamese) from the new text", () => {
    const parts = splitMailBody(
      "Cho tôi hỏi thêm về lệ phí.\n\nVào 10:05 Th 5, 6 thg 11, 2025, Bộ phận một cửa <motcua@xa.gov.vn> đã viết:\n> Hồ sơ đã được tiếp nhận.\n> Trân trọng.",
    );
    expect(parts.body).toBe("Cho tôi hỏi thêm về lệ phí.");
    expect(parts.quoted).toBe("Hồ sơ đã được tiếp nhận.\nTrân trọng.");
  });

  it("separates an English client's reply and an Outlook original message", () => {
    expect(splitMailBody("New question?\n\nOn Mon, Nov 10, 2025 at 9:12 AM Xã <x@xa.gov.vn> wrote:\n> old").body).toBe(
      "New question?",
    );
    const outlook = splitMailBody(
      "Tôi khiếu nại.\n\n-----Original Message-----\nFrom: Chi cục Thuế\nSubject: Thông báo\nNội dung cũ",
    );
    expect(outlook.body).toBe("Tôi khiếu nại.");
    expect(outlook.quoted).toContain("Nội dung cũ");
  });

  it("keeps a forwarded message's body and sets its headers aside", () => {
    const parts = splitMailBody(
      "Em chuyển tiếp câu hỏi của bác em ạ.\n\n---------- Forwarded message ---------\nFrom: Lê Văn Tư <tu@gmail.com>\nDate: Th 3, 11 thg 11, 2025 lúc 07:42\nSubject: hỏi thủ tục trích lục\nTo: <em@gmail.com>\n\nCháu hỏi giúp bác xin trích lục kết hôn ở đâu.",
    );
    expect(parts.body).toBe("Em chuyển tiếp câu hỏi của bác em ạ.\n\nCháu hỏi giúp bác xin trích lục kết hôn ở đâu.");
    expect(parts.forwardHeaders).toHaveLength(4);
    expect(parts.forwardHeaders[0]).toMatch(/^From: Lê Văn Tư/);
  });

  it("cuts signatures: after '--', after a closing line with a short block, and mobile footers", () => {
    expect(splitMailBody("Nội dung tin.\n--\nTrần Thị Mai\nĐT: 0912 345 678").body).toBe("Nội dung tin.");
    const closing = splitMailBody("Xin hỏi thủ tục tách thửa.\nTrân trọng,\nNgô Văn Lực\n0978 456 123");
    expect(closing.body).toBe("Xin hỏi thủ tục tách thửa.");
    expect(closing.signature).toBe("Trân trọng,\nNgô Văn Lực\n0978 456 123");
    expect(splitMailBody("Sổ đỏ bị rách.\n\nThanks,\nHồ Minh Tâm\nSent from my iPhone").body).toBe("Sổ đỏ bị rách.");
    expect(splitMailBody("Gửi tin ạ.\n\nGửi từ iPhone của tôi").body).toBe("Gửi tin ạ.");
  });

  it("leaves a chat message untouched", () => {
    const text = "cho em hoi lam giay khai sinh can gi a 🙏\nem cam on";
    expect(splitMailBody(text).body).toBe(text);
    expect(splitMailBody("Cảm ơn").body).toBe("Cảm ơn");
  });
});
