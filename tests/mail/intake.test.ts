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

describe("e-mail intake: restarts, cuts, duplicates, UIDVALIDITY", () => {
  let h: MailHarness;
  beforeEach(async () => {
    h = await startMailHarness();
  });
  afterEach(() => h.close());

  const news = (n: number, extra: Partial<Parameters<typeof eml>[0]> = {}) =>
    eml({
      from: `"Người gửi ${n}" <nguoi${n}@example.vn>`,
      subject: `Tin số ${n}`,
      body: `Nội dung tin số ${n}: thôn Đông sửa đường liên thôn.`,
      messageId: `<tin-${n}@example.vn>`,
      ...extra,
    });
  const outcomes = async () =>
    (await h.spine.db.mailMessage.findMany({ orderBy: { uid: "asc" } })).map((m) => [m.messageId, m.outcome]);

  it("takes mail that arrived while the service was down, in order, each once", async () => {
    for (const n of [1, 2, 3]) await h.dovecot.deliver(news(n));
    h.channel.start();
    await waitFor(async () => (await h.spine.db.submission.count()) === 3, { what: "three submissions" });
    const subs = await h.spine.db.submission.findMany({ orderBy: { trackingNumber: "asc" } });
    expect(subs.map((s) => s.title)).toEqual(["Tin số 1", "Tin số 2", "Tin số 3"]);
    for (const n of [1, 2, 3]) await h.mailTo(`nguoi${n}@example.vn`);
    await waitFor(async () => (await h.dovecot.count("Processed")) === 3, { what: "three mails moved" });
    expect((await h.spine.db.mailboxCursor.findFirstOrThrow()).lastUid).toBe(3n);

    // A restart takes nothing again.
    await h.channel.stop();
    await h.dovecot.deliver(news(4));
    const again = h.newChannel();
    again.start();
    await waitFor(async () => (await h.spine.db.submission.count()) === 4, { what: "the fourth submission" });
    await waitFor(async () => (await h.spine.db.mailMessage.count({ where: { state: "pending" } })) === 0);
    expect(await outcomes()).toEqual([1, 2, 3, 4].map((n) => [`<tin-${n}@example.vn>`, "received"]));
  });

  it("makes one submission of the same message delivered twice, with or without a Message-ID", async () => {
    h.channel.start();
    await h.idle();
    await h.dovecot.deliver(news(1));
    await h.dovecot.deliver(news(1));
    const bare = news(2, { messageId: null });
    await h.dovecot.deliver(bare);
    await h.dovecot.deliver(bare);
    await waitFor(async () => (await h.dovecot.count("Processed")) === 4, { what: "four mails moved" });
    await waitFor(async () => (await h.spine.db.mailMessage.count({ where: { state: "pending" } })) === 0);
    expect(await outcomes()).toEqual([
      ["<tin-1@example.vn>", "received"],
      ["<tin-1@example.vn>", "duplicate"],
      [null, "received"],
      [null, "duplicate"],
    ]);
    expect(await h.spine.db.submission.count()).toBe(2);
    await h.mailTo("nguoi2@example.vn");
    const m = await h.spine.db.inboundMessage.findFirstOrThrow({ where: { senderExternalId: "nguoi2@example.vn" } });
    expect(m.externalId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(h.sink.mailsTo("nguoi1@example.vn")).toHaveLength(1);
  });

  it("survives a connection cut in the middle of a download: reconnects and takes the message once", async () => {
    h.channel.start();
    await h.idle();
    const connections = h.proxy.accepted;
    // 400 kB of text: the cut falls inside the message's bytes.
    const long = Array.from({ length: 5000 }, (_, i) => `Dòng ${i}: thôn Đông thông báo lịch họp dân cư.`).join("\n");
    h.proxy.cutAfterServerBytes(20_000);
    await h.dovecot.deliver(news(7, { body: long }));
    await waitFor(async () => (await h.spine.db.submission.count()) === 1, {
      what: "the submission",
      timeoutMs: 30_000,
    });
    await waitFor(async () => (await h.spine.db.mailMessage.count({ where: { state: "pending" } })) === 0);
    expect(h.proxy.accepted).toBeGreaterThan(connections);
    const [s] = await h.spine.db.submission.findMany();
    expect(s?.text.length).toBeGreaterThan(200_000);
    expect(await outcomes()).toEqual([["<tin-7@example.vn>", "received"]]);
    await waitFor(async () => (await h.dovecot.count("Processed")) === 1, { what: "the mail moved" });
  });

  it("re-scans after a UIDVALIDITY change and recognises what it took before", async () => {
    const folder = "Bantin";
    await h.dovecot.withClient((c) => c.mailboxCreate(folder));
    await h.dovecot.withClient((c) => c.append(folder, news(1)));
    const first = h.newChannel({ imap: { ...h.config.imap, mailbox: folder } });
    first.start();
    await waitFor(async () => (await h.spine.db.submission.count()) === 1, { what: "the first submission" });
    await waitFor(async () => (await h.dovecot.count("Processed")) === 1, { what: "the mail moved" });
    const before = await h.spine.db.mailboxCursor.findFirstOrThrow();
    await first.stop();

    // The folder is rebuilt (a restore from backup, a server migration): new UIDVALIDITY, UIDs from 1,
    // and the message taken before is back alongside a new one.
    await h.dovecot.withClient(async (c) => {
      await c.mailboxDelete(folder);
      await c.mailboxCreate(folder);
      await c.append(folder, news(1));
      await c.append(folder, news(2));
    });
    const second = h.newChannel({ imap: { ...h.config.imap, mailbox: folder } });
    second.start();
    await waitFor(async () => (await h.spine.db.mailMessage.count()) === 3, { what: "the re-scan" });
    await waitFor(async () => (await h.spine.db.submission.count()) === 2, { what: "the new submission" });
    await waitFor(async () => (await h.spine.db.mailMessage.count({ where: { state: "pending" } })) === 0);
    const after = await h.spine.db.mailboxCursor.findFirstOrThrow();
    expect(after.uidValidity).not.toBe(before.uidValidity);
    expect(after.lastUid).toBe(2n);
    expect(await outcomes()).toEqual([
      ["<tin-1@example.vn>", "received"],
      ["<tin-1@example.vn>", "duplicate"],
      ["<tin-2@example.vn>", "received"],
    ]);
  });
});
