/**
 * The corpus: mail as real clients write it (tests/fixtures/mail) and generated extremes, each
 * parsed correctly or set aside with a clear reason — none crashing or hanging the intake.
 */
import { readFileSync } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachmentPath } from "../../core/attachments/store.ts";
import { createLogger } from "../../core/logger.ts";
import { parseInWorker, ParseError } from "../../mail/inbound/parse-in-worker.ts";
import type { ParsedMail } from "../../mail/inbound/parse.ts";
import type { MailIntakeDeps } from "../../mail/inbound/intake.ts";
import { processMail } from "../../mail/inbound/process.ts";
import { startSpine, type Spine } from "../support/spine.ts";

const FIXTURES = join(import.meta.dirname, "../fixtures/mail");
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const OWN = ["hopthu@xa-tanphu.test"];

async function parse(raw: Uint8Array, maxAttachments = 100): Promise<ParsedMail> {
  const run = await parseInWorker(raw, { ownAddresses: OWN, maxAttachments, timeoutMs: 30_000 });
  await run.cleanup();
  return run.parsed;
}

const isNfc = (s: string) => s === s.normalize("NFC");

describe("mail as clients write it", () => {
  it("Gmail: UTF-8 base64, RFC 2047 subject, the quoted reply set apart", async () => {
    const p = await parse(fixture("gmail-reply-base64.eml"));
    expect(p.from).toEqual({ address: "tuan.tm@gmail.com", name: "Trần Minh Tuấn" });
    expect(p.subject).toBe("Tập huấn trồng lúa hữu cơ");
    expect(p.text).toBe(
      "Kính gửi Ban biên tập,\n\nChiều 14/11, Hội Nông dân xã tổ chức tập huấn kỹ thuật trồng lúa hữu cơ cho 60 hộ dân thôn Bắc.\n\nTrân trọng,\nTrần Minh Tuấn",
    );
    expect(p.quoted).toMatch(/^Vào Th 6, 14 thg 11, 2026 .* đã viết:\n> Bantin đã nhận/);
    expect(p.html).not.toBeNull();
    expect(p.setAside).toBeNull();
  });

  it("Outlook: quoted-printable, a multi-word RFC 2047 subject, an RFC 2231 file name, Outlook's header block as quote", async () => {
    const p = await parse(fixture("outlook-qp-docx.eml"));
    expect(p.subject).toBe("Kế hoạch tổ chức Ngày hội Đại đoàn kết 2026");
    expect(p.from?.name).toBe("Nguyễn Văn Bình");
    expect(p.text).toContain("UBND xã gửi Kế hoạch tổ chức Ngày hội Đại đoàn kết năm 2026");
    expect(p.text).not.toContain("Sent:");
    expect(p.quoted).toMatch(/^From: Bantin/);
    expect(p.attachments.map((a) => a.filename)).toEqual(["Kế hoạch Ngày hội.docx"]);
  });

  it("Apple Mail on an iPhone: decomposed (NFD) text and file name come out NFC, the signature apart", async () => {
    const p = await parse(fixture("apple-iphone-nfd.eml"));
    expect(p.subject).toBe("Nước lũ xóm Bãi");
    expect(p.from?.name).toBe("Phạm Thị Lan");
    expect(p.text).toBe("Chào Ban biên tập,\n\nSáng nay nước lũ dâng cao ở xóm Bãi, đường vào trường học bị ngập.");
    expect(p.signature).toBe("Gửi từ iPhone của tôi");
    expect(p.attachments[0]?.filename).toBe("Ảnh ngập.jpeg");
    for (const s of [p.subject, p.text, p.attachments[0]!.filename!]) expect(isNfc(s)).toBe(true);
  });

  it("Thunderbird in windows-1258: decoded to NFC, subject too, the '-- ' signature apart", async () => {
    const p = await parse(fixture("thunderbird-windows-1258.eml"));
    expect(p.subject).toBe("Lịch tiêm chủng tháng 12");
    expect(p.text).toContain("Trạm Y tế xã thông báo lịch tiêm chủng mở rộng tháng 12 cho trẻ dưới 5 tuổi.");
    expect(isNfc(p.text)).toBe(true);
    expect(p.signature).toBe("-- \nĐỗ Thị Hạnh\nTrạm Y tế xã Tân Phú");
  });

  it("a phone client (Samsung Email): 8-bit UTF-8, an RFC 2047 PDF name, its 'sent from' line apart", async () => {
    const p = await parse(fixture("samsung-android-8bit.eml"));
    expect(p.text).toBe(
      "Cho em hỏi cấp lại giấy chứng nhận quyền sử dụng đất bị mất thì cần những giấy tờ gì ạ? Em gửi kèm đơn.",
    );
    expect(p.signature).toBe("Được gửi từ điện thoại Galaxy của tôi.");
    expect(p.attachments.map((a) => [a.filename, a.contentType])).toEqual([["Đơn đề nghĩ.pdf", "application/pdf"]]);
  });

  it("a forwarded mail keeps the forwarded content as the content", async () => {
    const p = await parse(fixture("gmail-forwarded.eml"));
    expect(p.subject).toBe("Fwd: Thông báo Hội thi văn nghệ");
    expect(p.text).toContain("Phòng Văn hóa huyện tổ chức Hội thi văn nghệ quần chúng ngày 30/11/2026.");
    expect(p.quoted).toBe("");
  });

  it("HTML only: scripts, handlers, styles, frames and remote images are gone; the text is readable", async () => {
    const p = await parse(fixture("html-only-script.eml"));
    expect(p.text).toBe("Giảm giá 50%\n\nXem tại đây hoặc trang khuyến mãi [https://quangcao.example/km].");
    for (const bad of ["<script", "onload", "javascript:", "track.example", "<iframe", "<style", "document.cookie"]) {
      expect(p.html).not.toContain(bad);
    }
    expect(p.html).toContain('<a href="https://quangcao.example/km"');
  });

  it("TNEF: winmail.dat is kept as sent, with a note that it is not unpacked", async () => {
    const p = await parse(fixture("outlook-tnef-winmail.eml"));
    expect(p.text).toBe("Báo cáo tuần 46 của Văn phòng UBND xã.");
    expect(p.attachments.map((a) => [a.filename, a.contentType])).toEqual([["winmail.dat", "application/ms-tnef"]]);
    expect(p.notes).toContain("TNEF attachment (winmail.dat) kept as sent; its contents are not unpacked");
  });

  it("malformed boundaries: what can be read is read, nothing hangs", async () => {
    const p = await parse(fixture("malformed-boundary.eml"));
    expect(p.text).toContain("Thôn Nam tổ chức dọn vệ sinh môi trường sáng chủ nhật.");
    expect(p.setAside).toBeNull();
  });

  it("TCVN3 text labelled ISO-8859-1 is recognised and decoded", async () => {
    const p = await parse(fixture("outlook-express-tcvn3.eml"));
    expect(p.text).toBe("Ủy ban nhân dân xã Tân Phú thông báo lịch tiếp công dân tháng 12.");
    expect(p.legacyEncoding).toBe("tcvn3");
  });

  it("VNI text labelled windows-1252 is recognised and decoded", async () => {
    const p = await parse(fixture("outlook-vni-windows-1252.eml"));
    expect(p.text).toBe("Tổ dân phố 3 thông báo họp dân vào thứ bảy tuần này tại nhà văn hóa.");
    expect(p.legacyEncoding).toBe("vni");
  });
});

describe("generated extremes", () => {
  const head = (extra: string) =>
    `From: Nguyễn Thị Hoa <hoa@example.vn>\r\nTo: hopthu@xa-tanphu.test\r\nSubject: Thu lon\r\nMessage-ID: <${Math.random()}@example.vn>\r\nMIME-Version: 1.0\r\n${extra}\r\n`;

  it("a 2 MB HTML body is parsed while the service's event loop keeps turning", async () => {
    const row = "<tr><td>Thôn Đông</td><td>Hộ gia đình <b>Nguyễn Văn A</b> nhận hỗ trợ</td></tr>\n";
    const html = `<html><body><table>${row.repeat(Math.ceil(2_100_000 / row.length))}</table></body></html>`;
    const raw = Buffer.from(
      head("Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n") + html,
    );
    expect(raw.length).toBeGreaterThan(2_000_000);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    try {
      const p = await parse(raw);
      expect(p.text.split("\n").length).toBeGreaterThan(20_000);
      expect(p.text).toContain("Thôn Đông Hộ gia đình Nguyễn Văn A nhận hỗ trợ");
    } finally {
      clearInterval(ticker);
    }
    // Had the parse run on this thread, no timer could have fired until it ended.
    expect(ticks).toBeGreaterThan(5);
  });

  it("more attachments than the limit: set aside with the count as the reason", async () => {
    const parts = Array.from(
      { length: 300 },
      (_, i) =>
        `--b\r\nContent-Type: text/plain; name="phan-${i}.txt"\r\nContent-Disposition: attachment; filename="phan-${i}.txt"\r\n\r\nPhần ${i}\r\n`,
    ).join("");
    const raw = Buffer.from(
      head('Content-Type: multipart/mixed; boundary="b"\r\n') +
        `--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nNhiều tệp.\r\n${parts}--b--\r\n`,
    );
    const p = await parse(raw);
    expect(p.attachments).toHaveLength(100);
    expect(p.attachmentsSkipped).toBe(200);
    expect(p.setAside).toBe("too many attachments: 300 (at most 100)");
  });

  it("2,000 nested multiparts: parsed or refused, never a crash of the service", async () => {
    let body = "Sâu quá.\r\n";
    for (let i = 0; i < 2_000; i++)
      body = `--n${i}\r\nContent-Type: multipart/mixed; boundary="n${i + 1}"\r\n\r\n${body}--n${i}--\r\n`;
    const raw = Buffer.from(head('Content-Type: multipart/mixed; boundary="n0"\r\n') + body);
    const r = await parse(raw).then(
      (p) => p,
      (e: unknown) => e,
    );
    if (r instanceof Error) expect(r).toBeInstanceOf(ParseError);
    else expect((r as ParsedMail).from?.address).toBe("hoa@example.vn");
    // The parser still works for the next message.
    expect((await parse(fixture("gmail-forwarded.eml"))).subject).toBe("Fwd: Thông báo Hội thi văn nghệ");
  });
});

describe("a 20 MB attachment through the whole intake", () => {
  let spine: Spine;
  let deps: MailIntakeDeps;
  beforeAll(async () => {
    spine = await startSpine({ workers: false });
    deps = {
      core: spine.core,
      log: createLogger({ level: "silent" }),
      dataDir: spine.core.settings.attachments.dataDir,
      attachmentMaxBytes: 25 * 1_048_576,
      replyDomain: "xa-tanphu.test",
      ownAddresses: OWN,
    };
  });
  afterAll(() => spine.close());

  it("1,000+ MIME parts: set aside as unreadable with the parser's reason, the sender told", async () => {
    const parts = Array.from(
      { length: 1_100 },
      (_, i) => `--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPhần ${i}\r\n`,
    ).join("");
    const raw = Buffer.from(
      "From: Nguyễn Thị Hoa <hoa@example.vn>\r\nTo: hopthu@xa-tanphu.test\r\nSubject: Nhieu phan\r\nMessage-ID: <parts-1100@example.vn>\r\n" +
        `MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n${parts}--b--\r\n`,
    );
    const r = await processMail(deps, raw, new Date());
    expect(r).toMatchObject({ outcome: "set-aside", detail: "unreadable: Max allowed child nodes exceeded" });
    const kept = await spine.db.inboundMessage.findUniqueOrThrow({ where: { id: r.inboundMessageId! } });
    expect(kept.externalId).toBe("<parts-1100@example.vn>");
    expect(Buffer.from(kept.raw!).equals(raw)).toBe(true);
    const told = await spine.db.outboundMessage.findFirstOrThrow({ where: { address: "hoa@example.vn" } });
    expect(told.template).toBe("mail.unreadable");
  });

  it("a file over ATTACHMENT_MAX_MB is left out, named in the item, its sender told", async () => {
    const raw = Buffer.from(
      "From: Nguyễn Thị Hoa <hoa@example.vn>\r\nTo: hopthu@xa-tanphu.test\r\nSubject: Anh\r\nMessage-ID: <anh-lon@example.vn>\r\n" +
        'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n' +
        "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nẢnh cầu sập.\r\n" +
        '--b\r\nContent-Type: image/jpeg; name="cau.jpg"\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
        Buffer.concat([Buffer.from("FFD8FFE0", "hex"), Buffer.alloc(4_000, 3)]).toString("base64") +
        "\r\n--b--\r\n",
    );
    const r = await processMail({ ...deps, attachmentMaxBytes: 1_048 }, raw, new Date());
    expect(r.outcome).toBe("received");
    const s = await spine.db.submission.findFirstOrThrow({ where: { title: "Anh" } });
    expect(s.text).toBe("Ảnh cầu sập.\n\n[Tệp đính kèm vượt quá 2 KB, không được lưu: cau.jpg]");
    const told = await spine.db.outboundMessage.findFirstOrThrow({ where: { template: "mail.attachmentsOmitted" } });
    expect(told.text).toContain("cau.jpg");
    expect(told.address).toBe("hoa@example.vn");
  });

  it("an empty mail is set aside and its sender asked for content", async () => {
    const raw = Buffer.from(
      "From: Nguyễn Thị Hoa <hoa@example.vn>\r\nTo: hopthu@xa-tanphu.test\r\nSubject: \r\nMessage-ID: <rong@example.vn>\r\n\r\n\r\n",
    );
    const r = await processMail(deps, raw, new Date());
    expect(r).toMatchObject({ outcome: "set-aside", detail: "empty: no text, subject or attachment" });
    const told = await spine.db.outboundMessage.findFirstOrThrow({ where: { template: "mail.empty" } });
    expect(told.text).toContain("không có nội dung");
  });

  it("is streamed into the attachment store and linked to the new item", async () => {
    const bytes = Buffer.alloc(20 * 1_048_576);
    for (let i = 0; i < bytes.length; i += 4096) bytes.writeUInt32BE(i, i);
    Buffer.from("%PDF-1.7\n").copy(bytes);
    const raw = Buffer.concat([
      Buffer.from(
        'From: "Ngô Văn Cộng" <cong@example.vn>\r\nTo: hopthu@xa-tanphu.test\r\nSubject: =?UTF-8?B?' +
          Buffer.from("Hồ sơ dự án đường thôn").toString("base64") +
          '?=\r\nMessage-ID: <hoso-20mb@example.vn>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="x"\r\n\r\n' +
          "--x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nGửi hồ sơ dự án.\r\n" +
          '--x\r\nContent-Type: application/pdf; name="=?UTF-8?B?' +
          Buffer.from("Hồ sơ.pdf").toString("base64") +
          '?="\r\nContent-Disposition: attachment\r\nContent-Transfer-Encoding: base64\r\n\r\n',
      ),
      Buffer.from(bytes.toString("base64").replace(/.{76}/g, "$&\r\n")),
      Buffer.from("\r\n--x--\r\n"),
    ]);
    const r = await processMail(deps, raw, new Date());
    expect(r.outcome).toBe("received");
    const [a] = await spine.db.attachment.findMany({ where: { originalName: "Hồ sơ.pdf" } });
    expect(a).toMatchObject({ size: 20 * 1_048_576, contentType: "application/pdf", originalName: "Hồ sơ.pdf" });
    expect((await stat(attachmentPath(deps.dataDir, a!.sha256))).size).toBe(20 * 1_048_576);
    const s = await spine.db.submission.findFirstOrThrow({ where: { title: "Hồ sơ dự án đường thôn" } });
    expect(a?.submissionId).toBe(s.id);
    expect(s.title).toBe("Hồ sơ dự án đường thôn");
  });
});
