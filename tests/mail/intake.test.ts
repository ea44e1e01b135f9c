import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { replyToken } from "../../mail/addresses.ts";
import { waitFor } from "../support/wait.ts";
import { DOMAIN, eml, startMailHarness, type MailHarness } from "./harness.ts";

describe("e-mail intake against Dovecot", () => {
  let h: MailHarness;
  beforeEach(async () => {
    h = await startMailHarness();
  });
  afterEach(() => h.close());

  const submissions = () => h.spine.db.submission.findMany({ orderBy: { trackingNumber: "asc" } });

  it("takes new mail while IDLE: one submission, acknowledged with its code, moved to Processed", async () => {
    h.channel.start();
    await h.idle();
    const syncs = h.channel.listener.state.syncs;
    await h.dovecot.deliver(
      eml({
        from: '"Nguyễn Thị Hoa" <hoa@example.vn>',
        subject: "Tin ngày hội Đại đoàn kết",
        body: "Sáng 15/11, thôn Đông tổ chức Ngày hội Đại đoàn kết toàn dân tộc.",
        messageId: "<hoi-1@example.vn>",
      }),
    );
    const ack = await h.mailTo("hoa@example.vn");
    // The timer sync is a minute away: only IDLE can have brought it this fast.
    expect(h.channel.listener.state.syncs).toBeGreaterThan(syncs);
    const [s] = await submissions();
    expect(s?.channel).toBe("email");
    expect(s?.title).toBe("Tin ngày hội Đại đoàn kết");
    expect(s?.text).toBe("Sáng 15/11, thôn Đông tổ chức Ngày hội Đại đoàn kết toàn dân tộc.");
    const code = `TB-${String(s!.trackingNumber).padStart(4, "0")}`;
    expect(ack.parsed.subject).toContain(code);
    expect(ack.parsed.text).toContain(`Mã theo dõi: ${code}`);
    expect(ack.parsed.inReplyTo).toBe("<hoi-1@example.vn>");
    expect(replyToken(ack.parsed.replyTo?.value[0]?.address ?? "", DOMAIN)).toBeTruthy();
    const m = await h.spine.db.inboundMessage.findFirstOrThrow({ where: { submissionId: s!.id } });
    expect(m.externalId).toBe("<hoi-1@example.vn>");
    expect(Buffer.from(m.raw!).toString()).toContain("Message-ID: <hoi-1@example.vn>");
    await waitFor(async () => (await h.dovecot.count("Processed")) === 1 && (await h.dovecot.count("INBOX")) === 0, {
      what: "the mail moved to Processed",
    });
    const cursor = await h.spine.db.mailboxCursor.findFirstOrThrow();
    expect(cursor.lastUid).toBe(1n);
  });
});
