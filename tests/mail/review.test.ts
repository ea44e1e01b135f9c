/**
 * Approval by reply, end to end: a citizen's mail becomes an item, review cards go out by mail
 * through the real sender to an SMTP server, board members answer them into Dovecot, and the
 * decisions travel through core (real PostgreSQL, Redis and workers) back out by mail.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REJECTION_REASONS } from "../../core/domain.ts";
import { parseTrackingCode } from "../../core/tracking-code.ts";
import type { SunkMail } from "../support/smtp-sink.ts";
import { person } from "../support/spine.ts";
import { waitFor } from "../support/wait.ts";
import { eml, startMailHarness, type MailHarness } from "./harness.ts";

const NEWS =
  "Sáng ngày 15/11, UBND xã tổ chức Ngày hội Đại đoàn kết toàn dân tộc tại nhà văn hóa thôn Đông, " +
  "với các hoạt động văn nghệ, thể thao và trao quà cho hộ nghèo.";
const SECRETARY = "thu@xa-tanphu.test";
const MEMBER = "hoa.vh@xa-tanphu.test";
const CITIZEN = "dan@example.vn";

let h: MailHarness;
let seq = 0;

beforeAll(async () => {
  h = await startMailHarness();
  const email = (externalId: string) => ({ channel: "email" as const, externalId });
  await person(h.spine.db, "Lê Thị Thư", email(SECRETARY), [{ role: "secretariat" }]);
  await person(h.spine.db, "Phạm Văn Hóa", email(MEMBER), [{ role: "member", field: "van-hoa" }]);
  h.channel.start();
  await h.idle();
});
afterAll(() => h.close());

/** A citizen mails a piece of news; returns its tracking code once both cards are out. */
async function submitNews(): Promise<{ code: string; cards: Record<string, SunkMail> }> {
  const n = ++seq;
  await h.dovecot.deliver(
    eml({
      from: `"Người dân" <${CITIZEN}>`,
      subject: `Ngày hội ${n}`,
      body: NEWS,
      messageId: `<news-${n}@example.vn>`,
    }),
  );
  const ack = await waitFor(
    () => h.sink.mailsTo(CITIZEN).find((m) => m.parsed.inReplyTo === `<news-${n}@example.vn>`),
    { what: "the acknowledgement" },
  );
  const code = /TB-\d+/.exec(ack.parsed.subject ?? "")![0];
  const card = (to: string) =>
    waitFor(
      () =>
        h.sink
          .mailsTo(to)
          .find((m) => m.parsed.subject?.startsWith(`[${code}]`) && m.parsed.subject.includes("Phiếu duyệt")),
      {
        what: `the card for ${to}`,
      },
    );
  return { code, cards: { [SECRETARY]: await card(SECRETARY), [MEMBER]: await card(MEMBER) } };
}

/** A reply to a card, as a mail client writes it: to its Reply-To, quoting it below. */
function replyTo(card: SunkMail, from: string, firstLines: string, headers: Record<string, string> = {}) {
  return eml({
    from,
    to: card.parsed.replyTo!.value[0]!.address!,
    subject: `Re: ${card.parsed.subject}`,
    body: `${firstLines}\n\nVào 10:05, Bantin <hopthu@xa-tanphu.test> đã viết:\n> ${card.parsed.text?.split("\n").join("\n> ")}`,
    headers: { "In-Reply-To": card.parsed.messageId!, References: card.parsed.messageId!, ...headers },
  });
}

const item = (code: string) =>
  h.spine.db.submission.findUniqueOrThrow({ where: { trackingNumber: parseTrackingCode(code)! } });
const mailTo = (address: string, code: string, includes: string) =>
  h.mailTo(address, (t) => t.includes(code) && t.includes(includes));

describe("approval by reply", () => {
  it("approves on DUYỆT from the card's reviewer; the first decision wins; everyone is told", async () => {
    const { code, cards } = await submitNews();
    await h.dovecot.deliver(replyTo(cards[MEMBER]!, `"Phạm Văn Hóa" <${MEMBER}>`, "duyệt, tin tốt"));
    await waitFor(async () => (await item(code)).status === "published", { what: "publication" });
    await mailTo(MEMBER, code, `Đã duyệt: ${code}.`);
    const published = await mailTo(CITIZEN, code, "đã được đăng");
    expect(published.parsed.text).toContain("http://bantin.test/");
    // The secretary's copy of the card is closed in its thread.
    const closed = await waitFor(() =>
      h.sink.mailsTo(SECRETARY).find((m) => m.parsed.subject === `[${code}] Đã xử lý: Đã duyệt`),
    );
    expect(closed.parsed.inReplyTo).toBe(cards[SECRETARY]!.parsed.messageId);
    const decision = await h.spine.db.decision.findFirstOrThrow({
      where: { submission: { trackingNumber: parseTrackingCode(code)! } },
    });
    expect(decision).toMatchObject({ action: "approve", channel: "email", note: "tin tốt" });

    // The secretary answers her own card afterwards: too late, and told so.
    await h.dovecot.deliver(replyTo(cards[SECRETARY]!, `"Lê Thị Thư" <${SECRETARY}>`, "DUYET"));
    const late = await mailTo(SECRETARY, code, "đã được xử lý");
    expect(late.parsed.text).toContain("bởi Phạm Văn Hóa");
    expect(await h.spine.db.decision.count({ where: { submissionId: decision.submissionId } })).toBe(1);
  });

  it("rejects on TU CHOI 7 without diacritics, and the citizen reads the reason", async () => {
    const { code, cards } = await submitNews();
    await h.dovecot.deliver(
      replyTo(cards[SECRETARY]!, `"Lê Thị Thư" <${SECRETARY}>`, "Tu choi 7 trung voi tin TB-0001"),
    );
    await waitFor(async () => (await item(code)).status === "rejected", { what: "the rejection" });
    const told = await mailTo(CITIZEN, code, "không được đăng");
    expect(told.parsed.text).toContain(REJECTION_REASONS[7]);
    expect(told.parsed.text).toContain("trung voi tin TB-0001");
    await mailTo(SECRETARY, code, "Từ chối");
  });

  it("asks for a reason when TỪ CHỐI has none, and explains what it expects on an unknown first line", async () => {
    const { code, cards } = await submitNews();
    await h.dovecot.deliver(replyTo(cards[MEMBER]!, MEMBER, "TỪ CHỐI"));
    await mailTo(MEMBER, code, "ghi số lý do từ 1 đến 9");
    await h.dovecot.deliver(replyTo(cards[MEMBER]!, MEMBER, "Chào chị, em xem rồi ạ"));
    await mailTo(MEMBER, code, "chưa hiểu");
    expect((await item(code)).status).toBe("in_review");
    // BỔ SUNG sends it back to the citizen with the note.
    await h.dovecot.deliver(replyTo(cards[MEMBER]!, MEMBER, "BỔ SUNG: cần thêm ảnh chụp buổi lễ"));
    await waitFor(async () => (await item(code)).status === "changes_requested", { what: "changes requested" });
    await mailTo(CITIZEN, code, "cần thêm ảnh chụp buổi lễ");
  });
});

describe("a crash between storing a review reply and deciding", () => {
  it("decides on the retry, once", async () => {
    const { code, cards } = await submitNews();
    const reply = replyTo(cards[MEMBER]!, MEMBER, "DUYỆT").replace(
      /^Message-ID: .*$/m,
      "Message-ID: <sau-su-co@xa-tanphu.test>",
    );
    // What the first run left: the reply stored, no decision, no outcome written.
    await h.spine.db.inboundMessage.create({
      data: {
        channel: "email",
        externalId: "<sau-su-co@xa-tanphu.test>",
        senderExternalId: MEMBER,
        text: "DUYỆT",
        setAsideReason: "review reply",
      },
    });
    await h.dovecot.deliver(reply);
    await waitFor(async () => (await item(code)).status === "published", { what: "the decision on the retry" });
    await mailTo(MEMBER, code, `Đã duyệt: ${code}.`);
    const stored = await h.spine.db.inboundMessage.findUniqueOrThrow({
      where: { channel_externalId: { channel: "email", externalId: "<sau-su-co@xa-tanphu.test>" } },
    });
    expect(stored.setAsideReason).toBe("review reply: decided");
    expect(await h.spine.db.decision.count({ where: { submissionId: (await item(code)).id } })).toBe(1);
  });
});

describe("forged approvals", () => {
  it("refuses the right token from the wrong sender, keeps the mail and warns the card's reviewer", async () => {
    const { code, cards } = await submitNews();
    await h.dovecot.deliver(replyTo(cards[MEMBER]!, '"Phạm Văn Hóa" <hoa.vh@gmail-gia.vn>', "DUYỆT"));
    const warning = await mailTo(MEMBER, code, "Cảnh báo");
    expect(warning.parsed.text).toContain("hoa.vh@gmail-gia.vn");
    const kept = await h.spine.db.inboundMessage.findFirstOrThrow({
      where: { senderExternalId: "hoa.vh@gmail-gia.vn" },
    });
    expect(kept.setAsideReason).toMatch(/^review reply refused: the card's token belongs to another reviewer/);
    expect(kept.raw).not.toBeNull();
    expect(h.sink.mailsTo("hoa.vh@gmail-gia.vn")).toEqual([]);
    // The secretariat hears of it too, on its own channel.
    const alert = await mailTo(SECRETARY, code, "không ghi nhận một thư trả lời phiếu duyệt");
    expect(alert.parsed.text).toContain("hoa.vh@gmail-gia.vn");
    expect((await item(code)).status).toBe("in_review");
  });

  it("refuses the right sender with another reviewer's token, though she could decide on her own card", async () => {
    const { code, cards } = await submitNews();
    await h.dovecot.deliver(replyTo(cards[MEMBER]!, `"Lê Thị Thư" <${SECRETARY}>`, "DUYỆT"));
    await mailTo(SECRETARY, code, "phiếu này được gửi cho một thành viên khác");
    await mailTo(MEMBER, code, `(${SECRETARY})`);
    expect((await item(code)).status).toBe("in_review");
    const refused = await h.spine.db.auditEvent.findFirst({
      where: { action: "decision.refused", submission: { trackingNumber: parseTrackingCode(code)! } },
    });
    expect(refused?.data).toMatchObject({ reason: "token of another reviewer", from: SECRETARY });
  });

  it("refuses a reply the receiving server found forged (DMARC fail), and tells the member", async () => {
    const { code, cards } = await submitNews();
    await h.dovecot.deliver(
      replyTo(cards[MEMBER]!, MEMBER, "DUYỆT", {
        "Authentication-Results": "mx.xa-tanphu.test; spf=fail smtp.mailfrom=xa-tanphu.test; dkim=none; dmarc=fail",
      }),
    );
    await mailTo(MEMBER, code, "không xác thực được người gửi");
    await mailTo(SECRETARY, code, "máy chủ thư không xác thực được người gửi");
    expect((await item(code)).status).toBe("in_review");
    const kept = await h.spine.db.inboundMessage.findFirstOrThrow({
      where: { setAsideReason: { startsWith: "review reply refused: authentication failed" } },
    });
    expect(kept.setAsideReason).toContain("dmarc=fail");
  });
});

describe("answers and deliveries by mail", () => {
  it("a responder answers a citizen's question by replying to its card; the citizen gets the answer", async () => {
    const RESPONDER = "tuphap@xa-tanphu.test";
    await person(h.spine.db, "Vũ Thị Tư Pháp", { channel: "email", externalId: RESPONDER }, [
      { role: "responder", field: "hanh-chinh", unit: "Công chức Tư pháp – Hộ tịch" },
    ]);
    await h.dovecot.deliver(
      eml({
        from: '"Trần Thị Lan" <lan@example.vn>',
        subject: "Hỏi thủ tục",
        body: "cho em hoi lam giay khai sinh cho con can nhung giay to gi a",
        messageId: "<hoi-ks@example.vn>",
      }),
    );
    const ack = await waitFor(() => h.sink.mailsTo("lan@example.vn")[0], { what: "the acknowledgement" });
    const code = /TB-\d+/.exec(ack.parsed.subject ?? "")![0];
    const card = await waitFor(() => h.sink.mailsTo(RESPONDER).find((m) => m.parsed.subject?.startsWith(`[${code}]`)), {
      what: "the responder's card",
    });
    expect(card.parsed.text).toContain("Viết câu trả lời ngay từ dòng đầu tiên");
    await h.dovecot.deliver(
      replyTo(card, RESPONDER, "Bạn mang tờ khai, giấy chứng sinh và CCCD của cha mẹ đến bộ phận một cửa của xã."),
    );
    const answer = await waitFor(
      () => h.sink.mailsTo("lan@example.vn").find((m) => m.parsed.subject === `[${code}] Trả lời câu hỏi của bạn`),
      { what: "the answer mail" },
    );
    expect(answer.parsed.text).toContain("giấy chứng sinh và CCCD");
    expect((await item(code)).status).toBe("answered");
  });

  it("retries a temporary SMTP refusal and records a permanent one against the item", async () => {
    h.sink.failNext(1, 451, "tam@example.vn");
    await h.dovecot.deliver(
      eml({
        from: "Phan Văn Tạm <tam@example.vn>",
        subject: "Tin một",
        body: "Thôn Tây làm đường.",
        messageId: "<tam@example.vn>",
      }),
    );
    await waitFor(() => h.sink.mailsTo("tam@example.vn")[0], { what: "the acknowledgement after a retry" });
    const retried = await h.spine.db.outboundMessage.findFirstOrThrow({ where: { address: "tam@example.vn" } });
    expect(retried).toMatchObject({ status: "sent", attempts: 2 });

    h.sink.refused.add("mat@example.vn");
    await h.dovecot.deliver(
      eml({
        from: "Đỗ Văn Mất <mat@example.vn>",
        subject: "Tin hai",
        body: "Thôn Tây làm cầu.",
        messageId: "<mat@example.vn>",
      }),
    );
    const failed = await waitFor(
      () => h.spine.db.outboundMessage.findFirst({ where: { address: "mat@example.vn", status: "failed" } }),
      { what: "the failed delivery" },
    );
    expect(failed.lastError).toMatch(/^smtp: 550 /);
    const s = await h.spine.db.submission.findUniqueOrThrow({ where: { id: failed.submissionId! } });
    expect(s.notifyFailedAt).not.toBeNull();
  });
});
