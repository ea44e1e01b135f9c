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
  it("takes a 20 MB attachment from the mailbox into the attachment store", async () => {
    h.channel.start();
    await h.idle();
    const bytes = Buffer.alloc(20 * 1_048_576);
    for (let i = 0; i < bytes.length; i += 512) bytes.writeUInt32BE(i, i);
    Buffer.from("%PDF-1.7\n").copy(bytes);
    const raw = [
      "From: Cộng <cong@example.vn>",
      "To: hopthu@xa-tanphu.test",
      "Subject: =?UTF-8?B?" + Buffer.from("Hồ sơ đường thôn").toString("base64") + "?=",
      "Message-ID: <ho-so-20mb@example.vn>",
      "MIME-Version: 1.0",
      'Content-Type: multipart/mixed; boundary="x"',
      "",
      "--x",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Gửi hồ sơ.",
      "--x",
      'Content-Type: application/pdf; name="ho-so.pdf"',
      "Content-Disposition: attachment",
      "Content-Transfer-Encoding: base64",
      "",
      bytes.toString("base64").replace(/.{76}/g, "$&\r\n"),
      "--x--",
      "",
    ].join("\r\n");
    await h.dovecot.deliver(raw);
    await h.mailTo("cong@example.vn");
    const [a] = await h.spine.db.attachment.findMany();
    expect(a).toMatchObject({ size: 20 * 1_048_576, contentType: "application/pdf", originalName: "ho-so.pdf" });
    expect((await h.spine.db.mailMessage.findFirstOrThrow()).raw).toBeNull();
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

describe("e-mail intake: two processes, one mailbox", () => {
  let h: MailHarness;
  beforeEach(async () => {
    h = await startMailHarness();
  });
  afterEach(() => h.close());

  it("one process watches the mailbox, the other stands by and takes over when it stops", async () => {
    const other = h.newChannel();
    h.channel.start();
    await h.idle();
    other.start();
    for (const n of [1, 2, 3])
      await h.dovecot.deliver(
        eml({ from: `Người Gửi ${n} <n${n}@example.vn>`, subject: `Tin ${n}`, body: `Nội dung ${n}.` }),
      );
    await waitFor(async () => (await h.spine.db.submission.count()) === 3, { what: "three submissions" });
    expect(h.channel.listener.state.holdsLock).toBe(true);
    expect(other.listener.state).toMatchObject({ holdsLock: false, connected: false, connections: 0 });

    await h.channel.stop();
    await waitFor(() => other.listener.state.connected, { what: "the other process to take over" });
    await h.dovecot.deliver(eml({ from: "Người Gửi 4 <n4@example.vn>", subject: "Tin 4", body: "Nội dung 4." }));
    await waitFor(async () => (await h.spine.db.submission.count()) === 4, { what: "the fourth submission" });
    expect(await h.spine.db.mailMessage.count()).toBe(4);
  });
});

describe("e-mail intake: set aside, parked, threaded", () => {
  let h: MailHarness;
  beforeEach(async () => {
    h = await startMailHarness({ maxMessageBytes: 200_000 });
    h.channel.start();
    await h.idle();
  });
  afterEach(() => h.close());

  const settled = (n: number) =>
    waitFor(
      async () =>
        (await h.spine.db.mailMessage.count({ where: { state: "done" } })) === n &&
        (await h.dovecot.count("Processed")) === n,
      { what: `${n} mails taken and processed` },
    );

  it("sets aside auto-replies, out-of-office notices, bounces and list mail, answering none of them", async () => {
    await h.dovecot.deliver(
      eml({
        from: "Lê Văn An <an@example.vn>",
        subject: "Trả lời tự động: Tin ngày hội",
        body: "Tôi đang đi công tác đến 20/11.",
        headers: { "Auto-Submitted": "auto-replied" },
      }),
    );
    await h.dovecot.deliver(
      eml({
        from: "Trần Văn Bình <binh@congty.vn>",
        subject: "Automatic reply: Tin ngày hội",
        body: "I am out of the office.",
        headers: { "X-Auto-Response-Suppress": "All" },
      }),
    );
    await h.dovecot.deliver(
      [
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.vn>",
        "To: hopthu@xa-tanphu.test",
        "Subject: Undelivered Mail Returned to Sender",
        "Message-ID: <dsn-1@mx.example.vn>",
        "MIME-Version: 1.0",
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
        "",
        "--b1",
        "Content-Type: text/plain; charset=us-ascii",
        "",
        "This is the mail system at host mx.example.vn. Your message could not be delivered.",
        "--b1",
        "Content-Type: message/delivery-status",
        "",
        "Reporting-MTA: dns; mx.example.vn",
        "",
        "Final-Recipient: rfc822; khongco@example.vn",
        "Action: failed",
        "Status: 5.1.1",
        "--b1--",
        "",
      ].join("\r\n"),
      { from: "" },
    );
    await h.dovecot.deliver(
      eml({
        from: "Bản tin tỉnh <bantin@tinh.gov.vn>",
        subject: "Bản tin tuần 46",
        body: "Các tin nổi bật trong tuần.",
        headers: {
          "List-Id": "<bantin.tinh.gov.vn>",
          "List-Unsubscribe": "<mailto:leave@tinh.gov.vn>",
          Precedence: "list",
        },
      }),
    );
    await h.dovecot.deliver(
      eml({ from: "Nguyễn Thị Hoa <hoa@example.vn>", subject: "Tin thật", body: "Thôn Đông khánh thành nhà văn hóa." }),
    );
    await settled(5);
    const kept = await h.spine.db.inboundMessage.findMany({ orderBy: { receivedAt: "asc" } });
    expect(kept.map((m) => m.setAsideReason)).toEqual([
      "auto-submitted: auto-replied",
      "auto-reply: X-Auto-Response-Suppress all",
      "bounce: null sender (Return-Path <>)",
      "precedence: list",
      null,
    ]);
    for (const m of kept) expect(m.raw).not.toBeNull();
    expect(await h.spine.db.submission.count()).toBe(1);
    await h.mailTo("hoa@example.vn");
    expect(new Set(h.sink.mails.flatMap((m) => m.to))).toEqual(new Set(["hoa@example.vn"]));
  });

  it("parks over-size mail without downloading it, keeps it on the server and tells the sender", async () => {
    const big = "Ảnh chụp hiện trường. ".repeat(15_000);
    await h.dovecot.deliver(
      eml({ from: "Nguyễn Thị Hoa <hoa@example.vn>", subject: "Ảnh lớn", body: big, messageId: "<lon-1@example.vn>" }),
    );
    const reply = await h.mailTo("hoa@example.vn");
    expect(reply.parsed.text).toMatch(/vượt quá dung lượng Bantin nhận được \(0,2 MB\)/);
    await settled(1);
    const [m] = await h.spine.db.inboundMessage.findMany();
    expect(m?.setAsideReason).toMatch(/^too large: \d+ bytes \(at most 200000\)$/);
    expect(m?.raw).toBeNull();
    expect(await h.spine.db.submission.count()).toBe(0);
    expect((await h.spine.db.mailMessage.findFirstOrThrow()).outcome).toBe("parked");
  });

  it("holds mail from a sender without a full name, asks once, and accepts it all when they answer", async () => {
    await h.dovecot.deliver(
      eml({ from: "lan@example.vn", subject: "Hỏi thủ tục", body: "Cho em hỏi làm căn cước ở đâu ạ?" }),
    );
    const request = await h.mailTo("lan@example.vn", (t) => t.includes("Họ và tên:"));
    expect(request.parsed.text).toContain("trước khi chuyển Ban biên tập cần có thông tin người gửi");
    await h.dovecot.deliver(
      eml({ from: "lan@example.vn", subject: "Hỏi thêm", body: "Và đăng ký thường trú cho con ạ?" }),
    );
    await settled(2);
    expect(await h.spine.db.submission.count()).toBe(0);
    expect(await h.spine.db.inboundMessage.count({ where: { setAsideReason: "awaiting-details" } })).toBe(2);

    await h.dovecot.deliver(
      eml({
        from: "lan@example.vn",
        subject: `Re: ${request.parsed.subject}`,
        body: "Họ và tên: Trần Thị Lan\n\nVào lúc 9:12, Bantin đã viết:\n> Vui lòng trả lời thư này",
        headers: { "In-Reply-To": request.parsed.messageId! },
      }),
    );
    await waitFor(async () => (await h.spine.db.submission.count()) === 2 || null, {
      what: "both held mails accepted",
    });
    const items = await h.spine.db.submission.findMany({
      orderBy: { trackingNumber: "asc" },
      include: { sender: true },
    });
    expect(items.map((i) => i.text)).toEqual(["Cho em hỏi làm căn cước ở đâu ạ?", "Và đăng ký thường trú cho con ạ?"]);
    expect(items[0]!.sender.fullName).toBe("Trần Thị Lan");
    await waitFor(
      () =>
        h.sink.mailsTo("lan@example.vn").filter((m) => /Mã theo dõi: TB-\d+/.test(m.parsed.text ?? "")).length === 2 ||
        null,
      {
        what: "two acknowledgements",
      },
    );
    // Asked once: the second held mail did not ask again.
    expect(h.sink.mailsTo("lan@example.vn").filter((m) => (m.parsed.text ?? "").includes("Họ và tên:"))).toHaveLength(
      1,
    );
  });

  it("threads a reply to the acknowledgement into the item, and never lets another sender in", async () => {
    await h.dovecot.deliver(
      eml({
        from: "Nguyễn Thị Hoa <hoa@example.vn>",
        subject: "Đường hỏng",
        body: "Đường thôn Đông bị sụt lún.",
        messageId: "<a1@example.vn>",
      }),
    );
    const ack = await h.mailTo("hoa@example.vn");
    const replyTo = ack.parsed.replyTo!.value[0]!.address!;
    // Hoa answers the acknowledgement from her phone: to reply+token@, quoting it.
    await h.dovecot.deliver(
      eml({
        from: "Nguyễn Thị Hoa <hoa@example.vn>",
        to: replyTo,
        subject: `Re: ${ack.parsed.subject}`,
        body: `Bổ sung: đoạn sụt dài khoảng 20 m, gần cầu.\n\nVào lúc 9:12, Bantin <hopthu@xa-tanphu.test> đã viết:\n> ${ack.parsed.text?.split("\n")[0]}`,
        headers: { "In-Reply-To": ack.parsed.messageId!, References: `<a1@example.vn> ${ack.parsed.messageId!}` },
      }),
    );
    await waitFor(async () => (await h.spine.db.submission.findFirst())?.text.includes("20 m"), {
      what: "the amendment",
    });
    const [s] = await h.spine.db.submission.findMany();
    expect(s?.text).toContain("Đường thôn Đông bị sụt lún.");
    expect(s?.text).toContain("Bổ sung: đoạn sụt dài khoảng 20 m, gần cầu.");
    expect(s?.text).not.toContain("đã viết");
    const amendment = await h.spine.db.inboundMessage.findFirstOrThrow({ where: { text: { contains: "20 m" } } });
    expect((amendment.payload as { quoted: string }).quoted).toContain("đã viết:");
    await h.mailTo("hoa@example.vn", (t) => t.includes("nội dung bổ sung"));

    // A client that keeps only the subject ("Re: [TB-0001] …") threads too.
    await h.dovecot.deliver(
      eml({
        from: "Nguyễn Thị Hoa <hoa@example.vn>",
        subject: `Re: ${ack.parsed.subject}`,
        body: "Thêm: đã có biển cảnh báo.",
      }),
    );
    await waitFor(async () => (await h.spine.db.submission.findFirst())?.text.includes("biển cảnh báo"), {
      what: "the amendment by subject",
    });
    expect(await h.spine.db.submission.count()).toBe(1);

    // Someone else writing to the same reply address, threading headers and all, gets an item of their own.
    await h.dovecot.deliver(
      eml({
        from: "Kẻ lạ <la@example.vn>",
        to: replyTo,
        subject: `Re: ${ack.parsed.subject}`,
        body: "Không có đường nào hỏng cả.",
        headers: { "In-Reply-To": ack.parsed.messageId! },
      }),
    );
    await waitFor(async () => (await h.spine.db.submission.count()) === 2, { what: "a separate item" });
    expect(
      (await h.spine.db.submission.findFirstOrThrow({ where: { trackingNumber: s!.trackingNumber } })).text,
    ).not.toContain("Không có đường");
  });
});
