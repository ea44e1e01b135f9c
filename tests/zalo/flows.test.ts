/**
 * Zalo end to end: a fake Zalo (OAuth v4 + OA API v3) signs events and posts them to the real
 * webhook on a Fastify server; events are stored, queued and handled by the Zalo channel's worker;
 * core (real PostgreSQL, Redis, BullMQ workers) acknowledges, routes and decides; everything the
 * OA says goes back through the real Zalo sender to the fake. Telegram and e-mail are recording
 * senders, for the fallback when someone is outside Zalo's 7-day window.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createZaloChannel, zaloWebhook, type ZaloChannel } from "../../bots/zalo/index.ts";
import { hasAttachment } from "../../core/attachments/store.ts";
import { createLogger } from "../../core/logger.ts";
import { addPerson, grantRole } from "../../core/people/people.ts";
import { createInvite } from "../../core/people/registration.ts";
import type { ChannelSenders } from "../../core/ports.ts";
import { parseTrackingCode } from "../../core/tracking-code.ts";
import { createWorkerConnection } from "../../queue/connections.ts";
import { startFakeZalo, WINDOW_MS, type DeliverOptions, type FakeZalo } from "../support/fake-zalo.ts";
import { person, REDIS_URL, startSpine, type Spine } from "../support/spine.ts";
import { waitFor } from "../support/wait.ts";

const NEWS =
  "Sáng ngày 15/11, UBND xã tổ chức Ngày hội Đại đoàn kết toàn dân tộc tại nhà văn hóa thôn Đông, " +
  "với các hoạt động văn nghệ, thể thao và trao quà cho hộ nghèo.";

let fake: FakeZalo;
let spine: Spine;
let channel: ZaloChannel;
let app: FastifyInstance;
let hook: string;
let workerRedis: Redis;
let dataDir: string;
const logs: Array<{ level: number; msg: string }> = [];

const SECRETARY = "5000000000000000001";
const MEMBER = "5000000000000000002";
const FAR_MEMBER = "5000000000000000003";
const FAR_MEMBER_TELEGRAM = "700003";
const RESPONDER = "5000000000000000004";

beforeAll(async () => {
  fake = await startFakeZalo();
  const senders: ChannelSenders = {};
  spine = await startSpine({ workers: false, senders });
  dataDir = await mkdtemp(join(tmpdir(), "bantin-zalo-"));
  workerRedis = createWorkerConnection(REDIS_URL, createLogger({ level: "silent" }));
  const log = createLogger({ level: "info" }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  channel = createZaloChannel(
    {
      appId: fake.appId,
      appSecret: fake.appSecret,
      oaSecretKey: fake.oaSecretKey,
      refreshToken: fake.refreshToken,
      apiBase: fake.apiBase,
      oauthBase: fake.oauthBase,
      webhookSignatureMode: "strict",
      buttonsEnabled: true,
    },
    {
      core: spine.core,
      log,
      dataDir,
      attachmentMaxBytes: 1_048_576,
      communeName: "Ủy ban nhân dân xã Tân Phú",
      queue: { producer: spine.producer, prefix: spine.prefix, connect: () => workerRedis },
    },
  );
  senders.zalo = channel.sender;
  await spine.startWorkers();
  channel.start();
  app = Fastify();
  await app.register(channel.webhook);
  await app.listen({ host: "127.0.0.1", port: 0 });
  hook = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/hooks/zalo`;

  const zalo = (id: string) => ({ channel: "zalo" as const, externalId: id });
  for (const id of [SECRETARY, MEMBER, FAR_MEMBER, RESPONDER]) fake.addUser(id);
  await person(spine.db, "Vũ Thị Tư Pháp", zalo(RESPONDER), [
    { role: "responder", field: "hanh-chinh", unit: "Công chức Tư pháp – Hộ tịch" },
  ]);
  await person(spine.db, "Lê Thị Thư", zalo(SECRETARY), [{ role: "secretariat" }]);
  await person(spine.db, "Phạm Văn Hóa", zalo(MEMBER), [{ role: "member", field: "van-hoa" }]);
  // A member who has not written to the OA for 8 days, also on Telegram.
  fake.user(FAR_MEMBER)!.lastInteraction = Date.now() - 8 * 24 * 3_600_000;
  const far = await addPerson(
    spine.db,
    {
      fullName: "Đỗ Văn Xa",
      reviewChannel: "zalo",
      identities: [zalo(FAR_MEMBER), { channel: "telegram", externalId: FAR_MEMBER_TELEGRAM }],
    },
    { via: "test" },
  );
  await grantRole(spine.db, { personId: far.id, role: "member", fieldCode: "van-hoa" }, { via: "test" });
});

afterAll(async () => {
  await app?.close();
  await channel?.stop();
  await spine?.close();
  workerRedis?.disconnect();
  await fake?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Events as Zalo sends them.

let seq = 0;
let userSeq = 0;
const newUser = (displayName = "Hoa") => {
  const id = String(6_000_000_000_000_000_000n + BigInt(++userSeq));
  fake.addUser(id, { displayName });
  return id;
};
const msgId = () => `${Date.now().toString(16)}${(++seq).toString(16).padStart(6, "0")}`;

function userEvent(userId: string, name: string, message: Record<string, unknown>) {
  return {
    event_name: name,
    sender: { id: userId },
    recipient: { id: fake.oaId },
    user_id_by_app: `app-${userId}`,
    message: { msg_id: msgId(), ...message },
  };
}
const textEvent = (userId: string, text: string, extra: Record<string, unknown> = {}) =>
  userEvent(userId, "user_send_text", { text, ...extra });

async function deliver(event: Record<string, unknown>, opts?: DeliverOptions) {
  const r = await fake.deliver(hook, event, opts);
  expect(r.status).toBe(200);
  return event as { message: { msg_id: string } };
}
const say = (userId: string, text: string, extra: Record<string, unknown> = {}) =>
  deliver(textEvent(userId, text, extra));

const textsTo = (userId: string) => fake.texts(userId);
const textMatching = (userId: string, pattern: RegExp, what: string) =>
  waitFor(() => textsTo(userId).find((t) => pattern.test(t)), { what });
const sentMatching = (userId: string, pattern: RegExp, what: string) =>
  waitFor(() => fake.sent(userId).find((m) => pattern.test(String(m.message.text ?? ""))), { what });
const cardFor = (userId: string, code: string) =>
  sentMatching(userId, new RegExp(`— ${code}\\n[\\s\\S]*#duyet ${code}`), `card ${code} for ${userId}`);
const submissionOf = (code: string) =>
  spine.db.submission.findUniqueOrThrow({ where: { trackingNumber: parseTrackingCode(code)! } });
const statusOf = async (code: string) => (await submissionOf(code)).status;

/** A citizen whose details are complete sends `text`; returns the tracking code of the acknowledgement. */
async function citizenWith(text: string) {
  const userId = newUser("Dân");
  await addPerson(
    spine.db,
    {
      fullName: `Trần Văn Dân ${userSeq}`,
      phone: `09${String(10_000_000 + userSeq).padStart(8, "0")}`,
      identities: [{ channel: "zalo", externalId: userId }],
    },
    { via: "test" },
  );
  await say(userId, text);
  const ack = await textMatching(userId, /Mã theo dõi: TB-\d+/, "acknowledgement");
  return { userId, code: /TB-\d+/.exec(ack)![0] };
}

// ---------------------------------------------------------------------------------------------

describe("the webhook", () => {
  it("answers the unsigned {} probe Zalo sends when the URL is saved", async () => {
    expect(await fake.probe(hook)).toEqual({ status: 200, body: "{}" });
  });

  it("rejects a bad, a missing and a stale signature, and stores nothing", async () => {
    const userId = newUser();
    const before = await spine.db.zaloEvent.count();
    for (const opts of [{ badSignature: true }, { unsigned: true }, { timestampOffsetMs: -10 * 60_000 }]) {
      const r = await fake.deliver(hook, textEvent(userId, "giả mạo"), opts);
      expect(r.status).toBe(401);
    }
    expect(await spine.db.zaloEvent.count()).toBe(before);
    expect(logs.filter((l) => l.msg === "Zalo webhook signature did not verify")).toHaveLength(3);
  });

  it("accepts a signature without the mac= prefix", async () => {
    const userId = newUser();
    const e = textEvent(userId, "#giupdo");
    expect((await fake.deliver(hook, e, { bareHex: true })).status).toBe(200);
    await textMatching(userId, /^Các lệnh:/, "help");
  });

  it("in log_only mode accepts an event whose signature does not verify, marked as such", async () => {
    const loose = Fastify();
    await loose.register(
      zaloWebhook({
        appId: fake.appId,
        oaSecretKey: fake.oaSecretKey,
        mode: "log_only",
        inbox: channel.inbox,
        log: createLogger({ level: "silent" }),
      }),
    );
    await loose.listen({ host: "127.0.0.1", port: 0 });
    try {
      const url = `http://127.0.0.1:${(loose.server.address() as { port: number }).port}/hooks/zalo`;
      const userId = newUser();
      const e = await fake.deliver(url, textEvent(userId, "#giupdo"), { badSignature: true });
      expect(e.status).toBe(200);
      const row = await spine.db.zaloEvent.findFirstOrThrow({
        where: { eventName: "user_send_text" },
        orderBy: { receivedAt: "desc" },
      });
      expect(row.signatureValid).toBe(false);
      await textMatching(userId, /^Các lệnh:/, "help");
    } finally {
      await loose.close();
    }
  });

  it("ignores the OA's own echoes", async () => {
    const before = await spine.db.zaloEvent.count();
    const echo = {
      event_name: "oa_send_text",
      sender: { id: fake.oaId },
      recipient: { id: "123" },
      message: { text: "x", msg_id: msgId() },
    };
    expect((await fake.deliver(hook, echo)).status).toBe(200);
    expect(await spine.db.zaloEvent.count()).toBe(before);
  });
});

describe("a citizen writes to the OA", () => {
  it("details are collected first; the held message then becomes an item, acknowledged once, even when Zalo redelivers", async () => {
    const userId = newUser("Hoa");
    const first = await say(userId, NEWS);
    await textMatching(userId, /^Nội dung của bạn đã được lưu/, "details needed");
    await waitFor(() => fake.sent(userId).find((m) => JSON.stringify(m.message).includes("request_user_info")), {
      what: "request-user-info",
    });
    const held = await waitFor(() =>
      spine.db.inboundMessage.findFirst({ where: { channel: "zalo", senderExternalId: userId } }),
    );
    expect(held).toMatchObject({ setAsideReason: "awaiting-details", submissionId: null, text: NEWS });
    // The free receipt: a reaction to the user's message.
    await waitFor(() => fake.reactions.find((r) => r.userId === userId));

    await deliver({
      event_name: "user_submit_info",
      sender: { id: userId },
      recipient: { id: fake.oaId },
      info: { name: "Nguyễn Thị Hoa", phone: "84912345670", address: "Ấp 1", ward: "xã Tân Phú", city: "Đồng Nai" },
    });
    const ack = await textMatching(userId, /Mã theo dõi: TB-\d+/, "acknowledgement");
    const code = /TB-\d+/.exec(ack)![0];
    const s = await submissionOf(code);
    expect(s.text).toBe(NEWS);
    const sender = await spine.db.person.findUniqueOrThrow({ where: { id: s.senderId } });
    expect(sender).toMatchObject({
      fullName: "Nguyễn Thị Hoa",
      phone: "0912345670",
      address: "Ấp 1, xã Tân Phú, Đồng Nai",
    });

    // Zalo delivers the first message again: acknowledged, nothing new.
    expect((await fake.deliver(hook, first)).status).toBe(200);
    await say(userId, "#trangthai");
    await textMatching(userId, new RegExp(`^Các nội dung bạn đã gửi gần đây:\\n${code}`), "status");
    expect(await spine.db.submission.count({ where: { senderId: s.senderId } })).toBe(1);
    expect(textsTo(userId).filter((t) => t.includes(code) && t.includes("Mã theo dõi"))).toHaveLength(1);
    expect(await spine.db.zaloEvent.count({ where: { eventKey: `msg:${first.message.msg_id}` } })).toBe(1);
  });

  it("details may be typed instead of shared", async () => {
    const userId = newUser("Na");
    await say(userId, "Xin hỏi thủ tục đăng ký khai sinh cho con cần những giấy tờ gì?");
    await textMatching(userId, /họ và tên đầy đủ/, "name question");
    await say(userId, "Na");
    await textMatching(userId, /Chưa nhận được thông tin hợp lệ|họ và tên đầy đủ/, "asked again");
    await say(userId, "Lý Thị Na");
    await textMatching(userId, /số điện thoại/, "contact question");
    await say(userId, "0987 654 321");
    const ack = await textMatching(userId, /Mã theo dõi: TB-\d+/, "acknowledgement");
    const items = await waitFor(async () => {
      const rows = await spine.db.submission.findMany({
        where: { sender: { identities: { some: { channel: "zalo", externalId: userId } } } },
      });
      return rows.length === 2 ? rows : null;
    });
    // "Na" was too short to be a name: it is a message of its own, held and then accepted too.
    expect(items.map((i) => i.text).sort()).toEqual([
      "Na",
      "Xin hỏi thủ tục đăng ký khai sinh cho con cần những giấy tờ gì?",
    ]);
    expect(ack).toContain("Mã theo dõi");
  });

  it("a collaborator the operator registered is recognised by the phone shared", async () => {
    const p = await addPerson(
      spine.db,
      { fullName: "Ngô Văn Cộng", phone: "0911222333", workplace: "Thôn Đông", title: "Trưởng thôn" },
      { via: "test" },
    );
    await grantRole(spine.db, { personId: p.id, role: "collaborator", unit: "Thôn Đông" }, { via: "test" });
    const userId = newUser("Cộng");
    await say(userId, NEWS);
    await textMatching(userId, /họ và tên đầy đủ/, "asked");
    await deliver({
      event_name: "user_submit_info",
      sender: { id: userId },
      recipient: { id: fake.oaId },
      info: { name: "Cộng Ngô", phone: "+84 911 222 333" },
    });
    await textMatching(userId, /^Đã liên kết tài khoản Zalo này với Ngô Văn Cộng/, "linked");
    const ack = await textMatching(userId, /Mã theo dõi: TB-\d+/, "acknowledgement");
    const s = await submissionOf(/TB-\d+/.exec(ack)![0]);
    expect(s.senderId).toBe(p.id);
    expect((await spine.db.person.findUniqueOrThrow({ where: { id: p.id } })).fullName).toBe("Ngô Văn Cộng");
  });

  it("images and files are downloaded into the attachment store; links, locations kept as text; stickers answered", async () => {
    const { userId } = await citizenWith("Tin ban đầu");
    const jpeg = Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]),
      Buffer.from("JFIF\0"),
      Buffer.alloc(200, 1),
    ]);
    const image = await deliver(
      userEvent(userId, "user_send_image", {
        text: "Ảnh đường sạt lở",
        attachments: [{ type: "image", payload: { url: fake.addFile(jpeg, "anh.jpg", "image/jpeg"), thumbnail: "" } }],
      }),
    );
    const pdf = Buffer.from("%PDF-1.4\n% ke hoach\n");
    await deliver(
      userEvent(userId, "user_send_file", {
        attachments: [
          {
            type: "file",
            payload: { url: fake.addFile(pdf, "ke-hoach.pdf", "application/pdf"), name: "ke-hoach.pdf", type: "pdf" },
          },
        ],
      }),
    );
    await deliver(
      userEvent(userId, "user_send_location", {
        attachments: [{ type: "location", payload: { coordinates: { latitude: "10.95", longitude: "106.82" } } }],
      }),
    );
    await deliver(
      userEvent(userId, "user_send_link", {
        text: "https://baodongnai.com.vn/tin-a",
        attachments: [{ type: "link", payload: { url: "https://baodongnai.com.vn/tin-a", title: "Tin A" } }],
      }),
    );
    // A link that expired before we fetched it: the message stays, without the file.
    await deliver(
      userEvent(userId, "user_send_image", {
        text: "Ảnh cũ",
        attachments: [{ type: "image", payload: { url: `${fake.apiBase}/files/het-han.jpg` } }],
      }),
    );
    await textMatching(userId, /^Không tải được tệp "image"/, "not fetched");
    await deliver(
      userEvent(userId, "user_send_sticker", { attachments: [{ type: "sticker", payload: { id: "s1" } }] }),
    );
    await textMatching(userId, /^Chưa đọc được nội dung/, "sticker answer");
    const big = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(1_200_000, 0x20)]);
    await deliver(
      userEvent(userId, "user_send_file", {
        text: "Báo cáo quý",
        attachments: [
          { type: "file", payload: { url: fake.addFile(big, "bao-cao.pdf", "application/pdf"), name: "bao-cao.pdf" } },
        ],
      }),
    );
    await textMatching(userId, /Tệp "bao-cao.pdf" lớn hơn 1 MB/, "too large");

    const items = await waitFor(async () => {
      const rows = await spine.db.inboundMessage.findMany({
        where: { channel: "zalo", senderExternalId: userId, submissionId: { not: null } },
        include: { attachments: true },
        orderBy: { receivedAt: "asc" },
      });
      return rows.length >= 7 ? rows : null;
    });
    const byText = Object.fromEntries(items.map((m) => [m.text, m]));
    const photo = byText["Ảnh đường sạt lở\n[Ảnh]"]!;
    expect(photo.externalId).toBe(`msg:${image.message.msg_id}`);
    expect(photo.attachments).toMatchObject([{ contentType: "image/jpeg", size: jpeg.length }]);
    expect(await hasAttachment(dataDir, photo.attachments[0]!.sha256)).toBe(true);
    expect(byText["[Tệp: ke-hoach.pdf]"]!.attachments).toMatchObject([
      { contentType: "application/pdf", originalName: "ke-hoach.pdf" },
    ]);
    expect(byText["[Vị trí: 10.95, 106.82]"]).toBeDefined();
    expect(byText["https://baodongnai.com.vn/tin-a\n[Liên kết: Tin A]"]).toBeDefined();
    expect(byText["Báo cáo quý\n[Tệp: bao-cao.pdf]"]!.attachments).toEqual([]);
    expect(byText["Ảnh cũ\n[Ảnh]"]!.attachments).toEqual([]);
  });

  it("a follow greets and records the user; an unfollow is recorded", async () => {
    const userId = newUser("Mới");
    const ts = String(Date.now());
    await deliver({
      event_name: "follow",
      oa_id: fake.oaId,
      follower: { id: userId },
      source: "oa_profile",
      timestamp: ts,
    });
    await textMatching(userId, /^Xin chào Mới!/, "greeting");
    await deliver({
      event_name: "unfollow",
      oa_id: fake.oaId,
      follower: { id: userId },
      timestamp: String(Date.now() + 1),
    });
    await waitFor(() => spine.db.auditEvent.findFirst({ where: { action: "zalo.unfollowed" } }), {
      what: "unfollow audit",
    });
  });

  it("amends an item by quoting its acknowledgement, and withdraws it with #huy", async () => {
    const { userId, code } = await citizenWith("Đề nghị sửa đèn đường thôn Tây");
    const ack = fake.sent(userId).find((m) => String(m.message.text).includes(code))!;
    await say(userId, "Đèn hỏng từ cột số 12 đến cột số 15.", { quote_msg_id: ack.messageId });
    await textMatching(userId, new RegExp(`nội dung bổ sung cho ${code}`), "amended");
    expect((await submissionOf(code)).text).toMatch(/cột số 12 đến cột số 15/);
    await say(userId, `#huy ${code}`);
    await textMatching(userId, new RegExp(`Bạn đã rút nội dung ${code}`), "withdrawn");
    expect(await statusOf(code)).toBe("withdrawn");
  });
});

describe("board members decide on Zalo", () => {
  it("#duyet typed and the Duyệt button's payload give the same result", async () => {
    const a = await citizenWith(NEWS);
    const b = await citizenWith(NEWS.replace("15/11", "16/11").replace("thôn Đông", "thôn Nam"));
    const cardA = await cardFor(MEMBER, a.code);
    const cardB = await cardFor(MEMBER, b.code);
    const typed = await say(MEMBER, `#duyet ${a.code}`);
    // The button sends its payload as the member's message.
    const button = (
      cardB.message.attachment as { payload: { buttons: Array<{ title: string; payload: string }> } }
    ).payload.buttons.find((x) => x.title === "Duyệt")!;
    expect(button.payload).toBe(`#duyet ${b.code}`);
    await say(MEMBER, button.payload);
    for (const { userId, code } of [a, b]) {
      await textMatching(MEMBER, new RegExp(`^Đã duyệt: ${code}\\.$`), "decided");
      await textMatching(userId, new RegExp(`Nội dung ${code} của bạn đã được đăng`), "published notice");
      expect(await statusOf(code)).toBe("published");
      const d = await spine.db.decision.findFirstOrThrow({
        where: { submission: { trackingNumber: parseTrackingCode(code)! } },
      });
      expect(d).toMatchObject({ action: "approve", channel: "zalo" });
    }
    // The answer to the member quotes their command.
    expect(fake.sent(MEMBER).find((m) => m.message.text === `Đã duyệt: ${a.code}.`)?.message.quote_message_id).toBe(
      typed.message.msg_id,
    );
    // Every copy of the card is closed by a reply quoting it.
    for (const card of [cardA, cardB]) {
      await waitFor(() => fake.sent(MEMBER).find((m) => m.message.quote_message_id === card.messageId), {
        what: "closed",
      });
    }
    // A late decision is told who decided.
    await say(SECRETARY, `#tuchoi ${a.code} 7`);
    await textMatching(
      SECRETARY,
      new RegExp(`^${a.code} đã được xử lý \\(Đã duyệt\\) bởi Phạm Văn Hóa`),
      "already decided",
    );
  });

  it("a reply quoting a card decides it: 'Từ chối 7 …' rejects with reason 7 and the note", async () => {
    const { userId, code } = await citizenWith(NEWS.replace("15/11", "17/11"));
    const card = await cardFor(SECRETARY, code);
    await say(SECRETARY, "Từ chối 7 trùng với tin đã đăng", { quote_msg_id: card.messageId });
    await textMatching(SECRETARY, new RegExp(`^Từ chối: ${code}\\.$`), "decided");
    await textMatching(
      userId,
      /Lý do: Trùng lặp với nội dung đã đăng\.\nGhi chú của Ban biên tập: trùng với tin đã đăng/,
      "rejection",
    );
    expect(await statusOf(code)).toBe("rejected");
  });

  it("#tuchoi without a reason asks for one; #bosung asks the sender for changes", async () => {
    const { userId, code } = await citizenWith(NEWS.replace("15/11", "18/11"));
    await cardFor(SECRETARY, code);
    await say(SECRETARY, `#tuchoi ${code}`);
    await textMatching(SECRETARY, new RegExp(`cần ghi lý do \\(1–9\\)[\\s\\S]*9\\. Chưa đạt yêu cầu`), "reason needed");
    await say(SECRETARY, `#bosung ${code} cần thêm ảnh`);
    await textMatching(
      userId,
      new RegExp(`đề nghị bổ sung cho nội dung ${code}\\.\\nNội dung cần bổ sung: cần thêm ảnh`),
      "changes",
    );
    expect(await statusOf(code)).toBe("changes_requested");
  });

  it("someone without a board role is refused and offered to link by phone", async () => {
    const { code } = await citizenWith(NEWS.replace("15/11", "19/11"));
    await cardFor(MEMBER, code);
    const stranger = newUser("Lạ");
    await say(stranger, `#duyet ${code}`);
    await textMatching(stranger, new RegExp(`^Bạn không có quyền quyết định đối với ${code}`), "refused");
    await textMatching(stranger, /chưa được liên kết với thành viên Ban biên tập/, "link offer");
    expect(await statusOf(code)).toBe("in_review");
  });

  it("a responder answers a question by replying to its card; the citizen gets the answer", async () => {
    const { userId, code } = await citizenWith("cho em hoi lam giay khai sinh cho con can nhung giay to gi a");
    const card = await sentMatching(RESPONDER, new RegExp(`— ${code}\\n[\\s\\S]*#traloi ${code}`), "question card");
    await say(RESPONDER, "Bạn mang giấy chứng sinh và CCCD của cha mẹ đến bộ phận một cửa UBND xã.", {
      quote_msg_id: card.messageId,
    });
    await textMatching(RESPONDER, new RegExp(`^Đã trả lời: ${code}\\.$`), "answered");
    await textMatching(
      userId,
      new RegExp(`^Trả lời câu hỏi ${code}:\\nBạn mang giấy chứng sinh`),
      "answer to the citizen",
    );
  });

  it("a board member links their Zalo account with an invitation code, then decides", async () => {
    const head = await addPerson(spine.db, { fullName: "Trần Văn Trưởng", phone: "0909000111" }, { via: "test" });
    await grantRole(spine.db, { personId: head.id, role: "head" }, { via: "test" });
    const { code: invite } = await createInvite(spine.db, head.id, 7, { via: "test" });
    const { code } = await citizenWith(NEWS.replace("15/11", "23/11"));
    await cardFor(MEMBER, code);
    const zaloId = newUser("Trưởng");
    await say(zaloId, "#lienket sai-ma");
    await textMatching(zaloId, /^Mã mời không đúng\.$/, "refused");
    await say(zaloId, `#lienket ${invite}`);
    await textMatching(zaloId, /^Đã liên kết tài khoản Zalo này với Trần Văn Trưởng/, "linked");
    await say(zaloId, `#duyet ${code}`);
    await textMatching(zaloId, new RegExp(`^Đã duyệt: ${code}\\.$`), "decided");
    await waitFor(async () => (await statusOf(code)) === "published", { what: "published" });
  });

  it("a member outside the 7-day window gets the card on Telegram instead; the Zalo copy is kept as unreachable", async () => {
    const { code } = await citizenWith(NEWS.replace("15/11", "20/11"));
    const onTelegram = await waitFor(
      () =>
        spine.sent.find(
          (r) => r.type === "card" && r.to.address === FAR_MEMBER_TELEGRAM && r.card.trackingCode === code,
        ),
      { what: "card on Telegram" },
    );
    expect(onTelegram).toBeDefined();
    const zaloCopy = await spine.db.outboundMessage.findFirstOrThrow({
      where: {
        kind: "review_card",
        channel: "zalo",
        address: FAR_MEMBER,
        submission: { trackingNumber: parseTrackingCode(code)! },
      },
    });
    expect(zaloCopy.status).toBe("unreachable");
    // Known before sending: Zalo was never asked to deliver it.
    expect(fake.sent(FAR_MEMBER)).toEqual([]);
  });

  it("a citizen out of the window with no other channel: the outcome is kept and the item shows it could not notify", async () => {
    const { userId, code } = await citizenWith(NEWS.replace("15/11", "21/11"));
    await cardFor(MEMBER, code);
    fake.user(userId)!.lastInteraction = Date.now() - WINDOW_MS - 3_600_000;
    await spine.db.identity.update({
      where: { channel_externalId: { channel: "zalo", externalId: userId } },
      data: { lastSeenAt: new Date(Date.now() - WINDOW_MS - 3_600_000) },
    });
    await say(MEMBER, `#duyet ${code}`);
    await waitFor(async () => (await submissionOf(code)).notifyFailedAt, { what: "could not notify" });
    const notice = await spine.db.outboundMessage.findFirstOrThrow({
      where: { template: "published", submission: { trackingNumber: parseTrackingCode(code)! } },
    });
    expect(notice.status).toBe("unreachable");
  });

  it("survives a rate limit (-32) and an expired token (-216) on the way", async () => {
    const refreshes = fake.refreshes;
    fake.failNext("/v3.0/oa/message/cs", { error: -32 });
    fake.expireAccessTokens();
    const { code } = await citizenWith(NEWS.replace("15/11", "22/11"));
    await cardFor(MEMBER, code);
    expect(fake.refreshes).toBe(refreshes + 1);
    expect(fake.calls.some((c) => c.error === -32)).toBe(true);
  });
});

describe("nothing went wrong unseen", () => {
  it("logged no errors", () => {
    expect(logs.filter((l) => l.level >= 50)).toEqual([]);
  });
});

describe("the OA's refresh token dies", () => {
  it("the head, deputies and secretariat are alerted once on another channel; messages wait", async () => {
    const deputy = await addPerson(
      spine.db,
      { fullName: "Hoàng Văn Phó", identities: [{ channel: "telegram", externalId: "700099" }] },
      { via: "test" },
    );
    await grantRole(spine.db, { personId: deputy.id, role: "deputy" }, { via: "test" });
    fake.revokeRefreshToken();
    fake.expireAccessTokens();
    const userId = newUser("Dân");
    await addPerson(
      spine.db,
      { fullName: "Trần Văn Chờ", phone: "0977000111", identities: [{ channel: "zalo", externalId: userId }] },
      { via: "test" },
    );
    await say(userId, "Đề nghị kiểm tra cống thoát nước thôn Bắc");
    const alert = await waitFor(
      () =>
        spine.sent.find(
          (r) => r.type === "text" && r.to.address === "700099" && /Kênh Zalo OA đã ngừng gửi tin/.test(r.text),
        ),
      { what: "alert on Telegram" },
    );
    expect(alert).toBeDefined();
    const ack = await waitFor(() =>
      spine.db.outboundMessage.findFirst({
        where: { channel: "zalo", address: userId, template: "acknowledged", attempts: { gt: 0 } },
      }),
    );
    expect(ack.status).toBe("pending");
    expect(await spine.db.outboundMessage.count({ where: { template: "zalo_token_dead" } })).toBe(1);
    expect(fake.calls.filter((c) => c.path === "/v4/oa/access_token" && c.error === -118)).toHaveLength(1);
    expect(logs.some((l) => l.level >= 50 && /refresh token is dead/.test(l.msg))).toBe(true);
  });
});
