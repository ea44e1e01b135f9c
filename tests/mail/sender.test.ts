import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { storeAttachment } from "../../core/attachments/store.ts";
import { DeliveryError } from "../../core/errors.ts";
import type { Db } from "../../core/db.ts";
import { createDb } from "../../core/db.ts";
import { createMailTransport } from "../../mail/outbound/transport.ts";
import { createEmailSender, cardMessageId } from "../../mail/outbound/sender.ts";
import { replyToken } from "../../mail/addresses.ts";
import { itemOfReplyToken } from "../../mail/threads.ts";
import { describeChannelSender, sampleAnswer, sampleCard } from "../conformance/channel-sender.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink.ts";
import { person } from "../support/spine.ts";

const FROM = '"Bản tin xã Tân Phú" <hopthu@xa-tanphu.test>';
const DOMAIN = "xa-tanphu.test";

let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url, { max: 3 });
});
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

describeChannelSender("email sender", async () => {
  const sink = await startSmtpSink();
  sink.refused.add("khongton@tai.test");
  const transport = createMailTransport({ host: sink.host, port: sink.port, secure: false });
  return {
    sender: createEmailSender({ db, transport, from: FROM, replyDomain: DOMAIN }),
    reachable: { personId: null, address: "hoa@example.vn", name: "Nguyễn Thị Hoa" },
    refused: { personId: null, address: "khongton@tai.test" },
    close: async () => {
      transport.close();
      await sink.close();
    },
  };
});

describe("email sender", () => {
  let sink: SmtpSink;
  let transport: ReturnType<typeof createMailTransport>;
  const to = { personId: null, address: "hoa@example.vn" };
  const sender = () => createEmailSender({ db, transport, from: FROM, replyDomain: DOMAIN });

  beforeEach(async () => {
    sink = await startSmtpSink();
    transport = createMailTransport({ host: sink.host, port: sink.port, secure: false });
  });
  afterEach(async () => {
    transport.close();
    await sink.close();
  });

  it("acknowledges with the tracking code, a Message-ID minted from the item and a reply+token Reply-To", async () => {
    const senderId = await person(db, "Nguyễn Thị Hoa", { channel: "email", externalId: "hoa@example.vn" });
    const s = await db.submission.create({
      data: { senderId, channel: "email", text: "Tin ngày hội", trackingNumber: 4242 },
    });
    await db.inboundMessage.create({
      data: {
        channel: "email",
        externalId: "<goc-1@example.vn>",
        senderExternalId: "hoa@example.vn",
        text: "Tin ngày hội",
        submissionId: s.id,
      },
    });
    const text = "Bantin đã nhận nội dung của bạn. Mã theo dõi: TB-4242.\nBan biên tập sẽ xem xét.".normalize("NFD");
    const ref = await sender().sendText({ ...to, personId: senderId }, text);
    const [mail] = sink.mails;
    expect(ref).toMatch(/^<tb-4242\.note\.[A-Za-z0-9]+@xa-tanphu\.test>$/);
    expect(mail?.parsed.messageId).toBe(ref);
    expect(mail?.parsed.subject).toBe("[TB-4242] Bantin đã nhận nội dung của bạn.");
    expect(mail?.parsed.headers.get("auto-submitted")).toBe("auto-replied");
    expect(mail?.parsed.inReplyTo).toBe("<goc-1@example.vn>");
    expect(mail?.parsed.text).toContain("Mã theo dõi: TB-4242.");
    expect(mail?.parsed.text).toBe(mail?.parsed.text?.normalize("NFC"));
    expect(mail?.parsed.html).toContain("Mã theo dõi: TB-4242.");
    expect(mail?.parsed.from?.value[0]).toEqual({ address: "hopthu@xa-tanphu.test", name: "Bản tin xã Tân Phú" });
    const replyTo = mail?.parsed.replyTo?.value[0]?.address ?? "";
    const token = replyToken(replyTo, DOMAIN);
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    expect(await itemOfReplyToken(db, token!)).toBe(s.id);
    // The same item keeps one token; the same text to the same person keeps its Message-ID.
    expect(await sender().sendText({ ...to, personId: senderId }, text)).toBe(ref);
    expect(sink.mails[1]?.parsed.replyTo?.value[0]?.address).toBe(replyTo);
  });

  it("sends a card whose Reply-To carries the card's own token, and closes it in the same thread", async () => {
    const ref = await sender().sendReviewCard(to, sampleCard);
    expect(ref).toBe(cardMessageId(sampleCard, DOMAIN));
    const [card] = sink.mails;
    expect(card?.parsed.subject).toBe("[TB-0042] Phiếu duyệt: Tin tức · Văn hóa");
    expect(card?.parsed.replyTo?.value[0]?.address).toBe(`reply+${sampleCard.token}@${DOMAIN}`);
    expect(card?.parsed.headers.get("auto-submitted")).toBe("auto-generated");
    expect(card?.parsed.text).toContain("TỪ CHỐI <số lý do 1–9>");
    expect(card?.parsed.text).toContain("7. Trùng lặp với nội dung đã đăng");
    await sender().updateReviewCard(to, ref, sampleCard, {
      action: "approve",
      deciderName: "Trần Văn Bình",
      decidedAt: "2026-11-15T03:00:00.000Z",
      text: "Đã duyệt bởi Trần Văn Bình lúc 10:00 15/11/2026",
    });
    const closed = sink.mails[1];
    expect(closed?.parsed.inReplyTo).toBe(ref);
    expect(closed?.parsed.subject).toBe("[TB-0042] Đã xử lý: Đã duyệt");
    expect(closed?.parsed.replyTo).toBeUndefined();
  });

  it("carries the item's files on the card, streamed from the store, and names those that do not fit", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "bantin-card-files-"));
    try {
      const photo = Buffer.concat([Buffer.from("FFD8FFE000104A464946000101", "hex"), Buffer.alloc(2_000, 7)]);
      const big = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(5_000, 1)]);
      const a = await storeAttachment(dataDir, photo, { maxBytes: 1e6, originalName: "Ảnh lễ.jpg" });
      const b = await storeAttachment(dataDir, big, { maxBytes: 1e6, originalName: "Kế hoạch.pdf" });
      const file = (x: typeof a, name: string) => ({
        sha256: x.sha256,
        size: x.size,
        contentType: x.contentType,
        originalName: name,
        channel: "email" as const,
        externalRef: null,
      });
      const s = createEmailSender({
        db,
        transport,
        from: FROM,
        replyDomain: DOMAIN,
        dataDir,
        maxCardAttachmentBytes: 4_000,
      });
      await s.sendReviewCard(to, { ...sampleCard, attachments: [file(a, "Ảnh lễ.jpg"), file(b, "Kế hoạch.pdf")] });
      const [card] = sink.mails;
      expect(card?.parsed.attachments.map((x) => [x.filename, x.contentType])).toEqual([["Ảnh lễ.jpg", "image/jpeg"]]);
      expect(card?.parsed.attachments[0]?.content.equals(photo)).toBe(true);
      expect(card?.parsed.text).toContain("không gửi kèm thư này (quá lớn), xem trên trang quản trị: Kế hoạch.pdf");
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("escapes what the citizen wrote in the HTML part", async () => {
    await sender().sendAnswer(to, {
      ...sampleAnswer,
      text: 'Trả lời: <script>alert("x")</script> xem https://xa.vn/a?b=1&c=2',
    });
    const html = sink.mails[0]?.parsed.html || "";
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;");
    expect(html).toContain('<a href="https://xa.vn/a?b=1&amp;c=2">');
  });

  it("treats SMTP 4xx as transient and 5xx as permanent, 503 excepted", async () => {
    sink.failNext(1, 451);
    const transient = await sender()
      .sendText(to, "Xin chào")
      .catch((e: unknown) => e);
    expect(transient).toBeInstanceOf(DeliveryError);
    expect((transient as DeliveryError).permanent).toBe(false);
    sink.failNext(1, 503);
    expect(
      (
        (await sender()
          .sendText(to, "Xin chào")
          .catch((e: unknown) => e)) as DeliveryError
      ).permanent,
    ).toBe(false);
    sink.failNext(1, 554);
    expect(
      (
        (await sender()
          .sendText(to, "Xin chào")
          .catch((e: unknown) => e)) as DeliveryError
      ).permanent,
    ).toBe(true);
    await expect(sender().sendText(to, "Xin chào")).resolves.toMatch(/^<bantin\.note\./);
  });

  it("refuses an address that is not an e-mail address without connecting", async () => {
    const err = await sender()
      .sendText({ personId: null, address: "12345" }, "Xin chào")
      .catch((e: unknown) => e);
    expect((err as DeliveryError).permanent).toBe(true);
    expect(sink.mails).toEqual([]);
  });
});
