import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import {
  bareAddress,
  firstReplyToken,
  kindOfMessageId,
  mintMessageId,
  replyAddress,
  threadIds,
  trackingCodeOfMessageId,
} from "../../mail/addresses.ts";
import { htmlToText, splitReply } from "../../mail/inbound/body.ts";
import { fixLegacyVietnamese } from "../../mail/inbound/legacy-charset.ts";
import { mailContentHash } from "../../mail/inbound/listener.ts";
import { authenticationVerdict, setAsideReason } from "../../mail/inbound/screen.ts";
import { isPermanentSmtpError } from "../../mail/outbound/errors.ts";
import { renderMail } from "../../mail/outbound/render.ts";
import { parseReviewCommand } from "../../mail/review-command.ts";
import { readDetails } from "../../mail/inbound/details.ts";

describe("review commands on the first line", () => {
  it.each([
    ["DUYỆT", { action: "approve", note: null }],
    ["duyet", { action: "approve", note: null }],
    ["Duyệt. Tin tốt", { action: "approve", note: "Tin tốt" }],
    ["DUYỆT".normalize("NFD"), { action: "approve", note: null }],
    ["TỪ CHỐI 7 Trùng với tin đã đăng", { action: "reject", reasonCode: 7, note: "Trùng với tin đã đăng" }],
    ["tu choi 5", { action: "reject", reasonCode: 5, note: null }],
    ["Từ chối: 2 - trái quy định", { action: "reject", reasonCode: 2, note: "trái quy định" }],
    ["TỪ CHỐI", { action: "reject_without_reason" }],
    ["TU CHOI 12", { action: "reject_without_reason" }],
    ["BỔ SUNG cần thêm ảnh", { action: "request_changes", note: "cần thêm ảnh" }],
    ["bo sung", { action: "request_changes", note: null }],
    ["\n\n  DUYET  \nchữ ký", { action: "approve", note: null }],
    ["Chào chị, duyệt nhé", { action: "none", firstLine: "Chào chị, duyệt nhé" }],
    ["> DUYỆT\nkhông", { action: "none", firstLine: "không" }],
  ])("%j", (text, expected) => {
    expect(parseReviewCommand(text)).toEqual(expected);
  });
});

describe("set aside before it becomes an item", () => {
  const base = { fromAddress: "an@example.vn", subject: "Tin", ownAddresses: ["hopthu@xa.test"] };
  it.each([
    [{ "auto-submitted": ["auto-replied"] }, "auto-submitted: auto-replied"],
    [{ "auto-submitted": ["auto-generated; owner-email=x@y"] }, "auto-submitted: auto-generated"],
    [{ "auto-submitted": ["no"] }, null],
    [{ "return-path": ["<>"] }, "bounce: null sender (Return-Path <>)"],
    [
      { "content-type": ["multipart/report; report-type=delivery-status; boundary=x"] },
      "bounce: delivery status notification (DSN)",
    ],
    [{ "content-type": ['multipart/report; report-type="disposition-notification"'] }, "read receipt (MDN)"],
    [{ "content-type": ["multipart/report; report-type=feedback-report"] }, "abuse report (ARF)"],
    [{ "x-auto-response-suppress": ["OOF, AutoReply"] }, "auto-reply: X-Auto-Response-Suppress oof, autoreply"],
    [{ precedence: ["bulk"] }, "precedence: bulk"],
    [{ "list-id": ["<a.b>"], "list-unsubscribe": ["<mailto:x>"] }, "mailing list: <a.b>"],
    [{ "x-loop": ["hopthu@xa.test"] }, "loop: X-Loop names Bantin"],
    [{}, null],
  ])("%j", (headers, reason) => {
    expect(setAsideReason({ ...base, headers })).toBe(reason);
  });
  it("by sender and subject", () => {
    expect(setAsideReason({ ...base, headers: {}, fromAddress: "MAILER-DAEMON@mx.vn" })).toBe(
      "bounce: from MAILER-DAEMON@mx.vn",
    );
    expect(setAsideReason({ ...base, headers: {}, fromAddress: "hopthu@xa.test" })).toBe(
      "loop: mail from Bantin's own address",
    );
    expect(setAsideReason({ ...base, headers: {}, subject: "Tự động trả lời: Tin" })).toBe("auto-reply: subject");
    expect(setAsideReason({ ...base, headers: {}, subject: "Re: Trả lời về tin" })).toBeNull();
  });
});

describe("the receiving server's verdict on authentication", () => {
  const v = (ar?: string) => authenticationVerdict(ar ? { "authentication-results": [ar] } : {}).ok;
  it("passes DKIM or SPF, fails DMARC and unsupported SPF", () => {
    expect(v()).toBe(true);
    expect(v("mx.xa.test; dkim=pass header.d=xa.test; spf=pass; dmarc=pass")).toBe(true);
    expect(v("mx.xa.test; dkim=pass header.d=xa.test; spf=softfail")).toBe(true);
    expect(v("mx.xa.test; dkim=none; spf=fail smtp.mailfrom=xa.test")).toBe(false);
    expect(v("mx.xa.test; dkim=pass; spf=pass; dmarc=fail")).toBe(false);
    expect(v("mx.xa.test; dkim=fail; spf=none")).toBe(false);
  });
  it("reads only the topmost header: the one the receiving server added", () => {
    const ok = authenticationVerdict({
      "authentication-results": ["mx.xa.test; dkim=pass; dmarc=pass", "forged.example; dmarc=fail"],
    });
    expect(ok.ok).toBe(true);
  });
});

describe("quoted history and signatures", () => {
  it("sets apart a '>' quote with its attribution, and a '-- ' signature", () => {
    const s = splitReply("Đồng ý.\n\n-- \nAn\nUBND xã\n\nOn Mon, 16 Nov 2026 at 09:12, Bantin <b@x.vn> wrote:\n> cũ");
    expect(s).toEqual({
      text: "Đồng ý.",
      signature: "-- \nAn\nUBND xã",
      quoted: "On Mon, 16 Nov 2026 at 09:12, Bantin <b@x.vn> wrote:\n> cũ",
    });
  });
  it("knows Gmail's two-line attribution and Outlook's header block", () => {
    expect(splitReply("Mới\nOn Mon, 16 Nov 2026 at 09:12, An\n<an@x.vn> wrote:\n> cũ").text).toBe("Mới");
    expect(splitReply("Mới\n\nTừ: An <an@x.vn>\nĐã gửi: Thứ Hai\nChủ đề: cũ\n\ncũ").text).toBe("Mới");
  });
  it("keeps forwarded content as content", () => {
    const s = splitReply("Xem tin.\n---------- Forwarded message ---------\nFrom: A <a@b.vn>\n\nNội dung");
    expect(s.text).toContain("Nội dung");
    expect(s.quoted).toBe("");
  });
  it("knows Gmail's HTML signature block", () => {
    const text = htmlToText(
      '<div>Mới</div><div class="gmail_signature" data-smartmail="gmail_signature">An<br>UBND xã</div>',
    );
    expect(splitReply(text)).toEqual({ text: "Mới", quoted: "", signature: "--\nAn\nUBND xã" });
  });
  it("turns HTML quotes into '> ' lines", () => {
    expect(htmlToText("<p>Mới</p><blockquote><p>Cũ</p></blockquote>")).toBe("Mới\n\n> Cũ");
  });
});

describe("legacy Vietnamese encodings", () => {
  const text = "Ủy ban nhân dân xã Tân Phú thông báo lịch tiêm chủng cho trẻ em";
  it("decodes TCVN3 and VNI read as windows-1252", () => {
    const tcvn = iconv.decode(iconv.encode(text, "tcvn"), "windows-1252");
    expect(fixLegacyVietnamese(tcvn)).toEqual({ text, encoding: "tcvn3" });
    expect(fixLegacyVietnamese("Uûy ban nhaân daân xaõ Taân Phuù thoâng baùo lòch tieâm chuûng")).toEqual({
      text: "Ủy ban nhân dân xã Tân Phú thông báo lịch tiêm chủng",
      encoding: "vni",
    });
  });
  it("leaves Unicode Vietnamese, English, French and German alone", () => {
    for (const s of [text, "Meeting at 9am", "Voilà le café crème à côté", "Grüße aus München, schöne Straße"])
      expect(fixLegacyVietnamese(s)).toBeNull();
  });
});

describe("addresses and ids", () => {
  it("round-trips reply tokens and finds them among recipients", () => {
    const a = replyAddress("Ab_9-xyzXYZ0123456789", "xa.test");
    expect(a).toBe("reply+Ab_9-xyzXYZ0123456789@xa.test");
    expect(firstReplyToken(["hopthu@xa.test", a.toUpperCase().replace("XA.TEST", "Xa.Test")], "xa.test")).toBe(
      "AB_9-XYZXYZ0123456789",
    );
    expect(firstReplyToken(["reply+Ab_9-xyzXYZ0123456789@other.test"], "xa.test")).toBeNull();
    expect(firstReplyToken(["reply+short@xa.test"], "xa.test")).toBeNull();
  });
  it("mints Message-IDs from the item, stable for the same content", () => {
    const id = mintMessageId({ trackingCode: "TB-0042", kind: "note", unique: "a", domain: "xa.test" });
    expect(id).toMatch(/^<tb-0042\.note\.[A-Za-z0-9]{16}@xa\.test>$/);
    expect(mintMessageId({ trackingCode: "TB-0042", kind: "note", unique: "a", domain: "xa.test" })).toBe(id);
    expect(trackingCodeOfMessageId(id, "xa.test")).toBe("TB-0042");
    expect(trackingCodeOfMessageId(id, "other.test")).toBeNull();
    expect(kindOfMessageId(id, "xa.test")).toBe("note");
  });
  it("reads thread ids and bare addresses", () => {
    expect(threadIds("<a@x>", ["<b@x>", "<a@x>"])).toEqual(["<a@x>", "<b@x>"]);
    expect(threadIds(null, "<a@x> <c@x>")).toEqual(["<a@x>", "<c@x>"]);
    expect(bareAddress('"Bản tin" <HopThu@Xa.Test>')).toBe("hopthu@xa.test");
  });
  it("hashes the same message delivered twice alike, whatever the servers added", () => {
    const body = "Subject: x\r\nMessage-ID: <a@b>\r\n\r\nBody\r\n";
    const one = Buffer.from("Return-Path: <a@b>\r\nReceived: from a by b; Mon\r\n" + body);
    const two = Buffer.from("Delivered-To: h@x\r\nReceived: from c\r\n by d; Tue\r\n" + body);
    expect(mailContentHash(one)).toBe(mailContentHash(two));
    expect(mailContentHash(Buffer.from(body.replace("Body", "Other")))).not.toBe(mailContentHash(one));
  });
});

describe("outgoing mail", () => {
  it("classifies SMTP replies: 4xx and 503 transient, other 5xx permanent, no code transient", () => {
    expect(isPermanentSmtpError({ responseCode: 421 })).toBe(false);
    expect(isPermanentSmtpError({ responseCode: 452 })).toBe(false);
    expect(isPermanentSmtpError({ responseCode: 503 })).toBe(false);
    expect(isPermanentSmtpError({ responseCode: 550 })).toBe(true);
    expect(isPermanentSmtpError({ responseCode: 554 })).toBe(true);
    expect(isPermanentSmtpError({ code: "ECONNECTION" })).toBe(false);
  });
  it("renders the text and the HTML part from the same paragraphs", () => {
    const m = renderMail(["Dòng một\nDòng hai", "Xem https://xa.vn/a?b=<1>"], { title: "T" });
    expect(m.text).toBe("Dòng một\nDòng hai\n\nXem https://xa.vn/a?b=<1>\n");
    expect(m.html).toContain('<p style="margin:0 0 1em 0">Dòng một<br>\nDòng hai</p>');
    expect(m.html).toContain('<a href="https://xa.vn/a?b=">https://xa.vn/a?b=</a>&lt;1&gt;');
  });
});

describe("the sender's details in a reply", () => {
  it("reads labelled lines with or without diacritics, and nothing else", () => {
    expect(
      readDetails("Họ và tên: Trần Thị Lan\nDon vi cong tac: Doan Thanh nien xa\nCHỨC VỤ : Bí thư\nSĐT: 0912 345 678"),
    ).toEqual({
      fullName: "Trần Thị Lan",
      workplace: "Doan Thanh nien xa",
      title: "Bí thư",
      phone: "0912 345 678",
    });
    expect(readDetails("Ho ten: Le Van An")).toEqual({ fullName: "Le Van An" });
    expect(readDetails("Kính gửi: UBND xã\nNội dung: đường hỏng")).toEqual({});
  });
});
