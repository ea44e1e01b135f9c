/**
 * Telegram intake end to end: the real bot long-polls a fake Bot API; messages become submissions
 * through core (real PostgreSQL, Redis and workers) and core's acknowledgement comes back through
 * the real Telegram sender into the same chat.
 */
import { readFile } from "node:fs/promises";
import type { Message, Update, User } from "grammy/types";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { attachmentPath } from "../../core/attachments/store.ts";
import { type FakeTelegram } from "../support/fake-telegram.ts";
import { person, type Spine } from "../support/spine.ts";
import { startTelegramHarness, type TelegramHarness } from "../support/telegram.ts";
import { waitFor } from "../support/wait.ts";
import { PDF, PNG, pngVariant, sha256 } from "../support/sample-files.ts";

let fake: FakeTelegram;
let spine: Spine;
let t: TelegramHarness;

beforeAll(async () => {
  t = await startTelegramHarness({
    // Senders whose details are complete: collecting them is tested in registration.test.ts.
    setup: async (s) => {
      for (const id of [8101, 8102, 8103, 8104, 8105, 8107, 8108, 8109, 8110, 8111, 8112, 8199])
        await person(s.db, `Người Gửi ${id}`, { channel: "telegram", externalId: String(id) }, [], {
          phone: `0912${String(id).padStart(6, "0")}`,
        });
    },
  });
  ({ fake, spine } = t);
});
afterAll(async () => t?.close());
afterEach(() => expect(t.problems).toEqual([]));

const citizen: User = { id: 8101, is_bot: false, first_name: "Hoa", last_name: "Nguyễn Thị" };
const send = (from: User, content: Partial<Message>, chat?: Message["chat"]) => t.send(from, content, chat);
const text = (from: User, body: string) => t.text(from, body);
const command = (from: User, name: string) => t.command(from, name);
const chatTexts = (chatId: number) => t.chatTexts(chatId);
const nextText = (chatId: number, seen: number, what: string) => t.nextText(chatId, seen, what);

const photoSize = (f: { file_id: string; file_unique_id: string; file_size?: number }) => ({
  file_id: f.file_id,
  file_unique_id: f.file_unique_id,
  file_size: f.file_size,
  width: 1280,
  height: 960,
});

const submissionOf = (update: Update) =>
  spine.db.inboundMessage.findUnique({
    where: {
      channel_externalId: {
        channel: "telegram",
        externalId: `msg:${update.message!.chat.id}:${update.message!.message_id}`,
      },
    },
    include: { submission: true, person: { include: { identities: true } } },
  });

describe("a citizen writes to the bot", () => {
  it("a text becomes a submission and gets exactly one acknowledgement with the tracking code", async () => {
    const body = "Đường liên thôn Đông – Tây bị sạt lở một đoạn khoảng 20 m, đề nghị xã sớm khắc phục.";
    const update = text(citizen, body);
    const ack = await nextText(citizen.id, 0, "acknowledgement");
    const m = await waitFor(() => submissionOf(update), { what: "inbound message" });
    const code = /Mã theo dõi: (TB-\d+)/.exec(ack)?.[1];
    expect(code).toBe(`TB-${String(m.submission!.trackingNumber).padStart(4, "0")}`);
    expect(m.submission!.text).toBe(body);
    expect(m.person!.fullName).toBe("Người Gửi 8101");
    expect(m.senderName).toBe("Hoa Nguyễn Thị");
    expect(m.person!.identities).toMatchObject([{ channel: "telegram", externalId: "8101" }]);
    expect((m.payload as { update_id: number }).update_id).toBe(update.update_id);

    // Telegram delivers the same message again (a restart before the offset was confirmed).
    fake.pushUpdate({ message: update.message! });
    command(citizen, "giupdo");
    await waitFor(() => chatTexts(citizen.id).some((t) => t.startsWith("Các lệnh của Bantin")), { what: "help" });
    expect(await spine.db.submission.count({ where: { senderId: m.personId! } })).toBe(1);
    expect(
      await spine.db.outboundMessage.count({ where: { submissionId: m.submissionId!, template: "acknowledged" } }),
    ).toBe(1);
    expect(chatTexts(citizen.id).filter((t) => t.includes(code!))).toHaveLength(1);
  });

  it("answers /start, /giupdo, /trangthai and an unknown command", async () => {
    const user: User = { id: 8102, is_bot: false, first_name: "Bình", last_name: "Trần Văn" };
    command(user, "start");
    expect(await nextText(user.id, 0, "greeting")).toMatch(/^Xin chào Bình Trần Văn! Đây là Bantin/);
    command(user, "trangthai");
    expect(await nextText(user.id, 1, "empty status")).toBe(
      "Bạn chưa gửi nội dung nào. Hãy nhắn nội dung vào đây để gửi.",
    );

    text(user, "Xin hỏi thủ tục đăng ký kết hôn cần những giấy tờ gì?");
    const ack = await nextText(user.id, 2, "acknowledgement");
    const code = /TB-\d+/.exec(ack)![0];
    command(user, "trangthai");
    const status = await waitFor(
      () =>
        chatTexts(user.id)
          .slice(3)
          .find((t) => t.startsWith("Các nội dung bạn đã gửi gần đây")),
      { what: "status list" },
    );
    expect(status).toContain(code);
    expect(status).toMatch(/Đã tiếp nhận|Đã phân loại|Đang xem xét|Cần bổ sung/);
    expect(status).toContain("Xin hỏi thủ tục đăng ký kết hôn");

    const seen = chatTexts(user.id).length;
    command(user, "xoa");
    expect(await nextText(user.id, seen, "unknown command")).toMatch(/^Bantin không có lệnh này/);
    command(user, "giupdo");
    expect(await nextText(user.id, seen + 1, "help")).toContain("/trangthai");
  });

  it("/huy withdraws the sender's own item and no one else's", async () => {
    const user: User = { id: 8107, is_bot: false, first_name: "Minh" };
    const other: User = { id: 8108, is_bot: false, first_name: "Khoa" };
    text(user, "Sáng nay thôn Bắc ra quân làm đường giao thông nông thôn.");
    const code = /TB-\d+/.exec(await nextText(user.id, 0, "acknowledgement"))![0];
    const withArg = (from: User, arg: string) =>
      send(from, { text: `/huy ${arg}`, entities: [{ type: "bot_command", offset: 0, length: 4 }] });

    command(other, "huy");
    expect(await nextText(other.id, 0, "usage")).toMatch(/^Gõ \/huy kèm mã theo dõi/);
    withArg(other, code);
    expect(await nextText(other.id, 1, "not theirs")).toBe(
      `Không tìm thấy nội dung có mã ${code} trong các nội dung bạn đã gửi.`,
    );

    withArg(user, code.toLowerCase());
    expect(await nextText(user.id, 1, "withdrawn")).toBe(
      `Bạn đã rút nội dung ${code}. Ban biên tập sẽ không xem xét nội dung này nữa.`,
    );
    const s = await spine.db.submission.findFirstOrThrow({ where: { trackingNumber: Number(code.slice(3)) } });
    expect(s.status).toBe("withdrawn");
    withArg(user, code);
    expect(await nextText(user.id, 2, "already withdrawn")).toMatch(/^Không rút được/);
  });

  it("an edited message updates the item it created, and says so", async () => {
    const user: User = { id: 8109, is_bot: false, first_name: "Lan" };
    const update = text(user, "Chiều nay thôn Nam tổ chức họp dân về dự án nước sạch.");
    await nextText(user.id, 0, "acknowledgement");
    const original = update.message!;
    fake.pushUpdate({
      edited_message: {
        ...original,
        edit_date: original.date + 60,
        text: "Chiều nay thôn Nam tổ chức họp dân về dự án nước sạch, có 80 hộ tham dự.",
      },
    });
    expect(await nextText(user.id, 1, "amendment confirmed")).toMatch(/^Bantin đã nhận nội dung bổ sung cho TB-/);
    const m = await waitFor(() => submissionOf(update), { what: "inbound message" });
    expect(m.submission!.text).toContain("80 hộ tham dự");
    expect(await spine.db.inboundMessage.count({ where: { submissionId: m.submissionId! } })).toBe(2);
  });

  it("a sticker gets a short helpful answer, never silence, and no submission", async () => {
    const user: User = { id: 8103, is_bot: false, first_name: "Cúc" };
    send(user, {
      sticker: {
        file_id: "CAACAgIAAxkBAAE",
        file_unique_id: "AgADsticker",
        type: "regular",
        width: 512,
        height: 512,
        is_animated: false,
        is_video: false,
      },
    });
    expect(await nextText(user.id, 0, "answer to a sticker")).toMatch(/^Bantin chưa đọc được nội dung/);
    expect(await spine.db.inboundMessage.count({ where: { senderExternalId: "8103" } })).toBe(0);
  });

  it("a captioned photo and a forwarded message become submissions that keep what they carry", async () => {
    const user: User = { id: 8104, is_bot: false, first_name: "Dũng", last_name: "Lê" };
    const file = fake.addFile(PNG, "photo.jpg");
    const photo = send(user, { photo: [photoSize(file)], caption: "Cây đổ chắn ngang đường trước trường tiểu học." });
    await nextText(user.id, 0, "acknowledgement of the photo");
    const p = await waitFor(() => submissionOf(photo), { what: "photo submission" });
    expect(p.submission!.text).toBe("Cây đổ chắn ngang đường trước trường tiểu học.");
    expect(JSON.stringify(p.payload)).toContain(file.file_id);
    const [stored] = await spine.db.attachment.findMany({ where: { submissionId: p.submissionId! } });
    expect(stored).toMatchObject({ sha256: sha256(PNG), size: PNG.length, contentType: "image/png" });
    expect(stored!.externalRef).toBe(file.file_id);
    expect(await readFile(attachmentPath(spine.core.settings.attachments.dataDir, stored!.sha256))).toEqual(PNG);

    const bare = send(user, { photo: [photoSize(fake.addFile(PNG, "photo.jpg"))] });
    await nextText(user.id, 1, "acknowledgement of the bare photo");
    expect((await waitFor(() => submissionOf(bare), { what: "bare photo" })).submission!.text).toBe("[Ảnh]");

    const forwarded = send(user, {
      text: "Thông báo lịch cắt điện ngày 20/11 tại thôn Bắc.",
      forward_origin: {
        type: "channel",
        date: Math.floor(Date.now() / 1000) - 3600,
        chat: { id: -1002000000001, type: "channel", title: "Điện lực huyện" },
        message_id: 77,
      },
    });
    await nextText(user.id, 2, "acknowledgement of the forward");
    const f = await waitFor(() => submissionOf(forwarded), { what: "forwarded submission" });
    expect(f.submission!.text).toBe(
      "[Chuyển tiếp từ Điện lực huyện]\nThông báo lịch cắt điện ngày 20/11 tại thôn Bắc.",
    );
  });

  it("a document keeps its name and the type its content shows; an album becomes one item", async () => {
    const user: User = { id: 8110, is_bot: false, first_name: "Giao" };
    const pdf = fake.addFile(PDF, "ke-hoach.pdf");
    const doc = send(user, {
      document: {
        file_id: pdf.file_id,
        file_unique_id: pdf.file_unique_id,
        file_size: PDF.length,
        file_name: "Kế hoạch.pdf",
        mime_type: "application/pdf",
      },
      caption: "Kế hoạch tổ chức Ngày hội Đại đoàn kết thôn Nam.",
    });
    await nextText(user.id, 0, "acknowledgement of the document");
    const d = await waitFor(() => submissionOf(doc), { what: "document submission" });
    expect(await spine.db.attachment.findMany({ where: { submissionId: d.submissionId! } })).toMatchObject([
      { originalName: "Kế hoạch.pdf", contentType: "application/pdf", size: PDF.length },
    ]);

    // Three photos sent together arrive as three messages sharing a media_group_id.
    const album = "13579";
    const parts = [0, 1, 2].map((i) =>
      send(user, {
        media_group_id: album,
        photo: [photoSize(fake.addFile(pngVariant(i), `p${i}.jpg`))],
        ...(i === 0 && { caption: "Ảnh lễ ra quân làm đường thôn Nam." }),
      }),
    );
    await nextText(user.id, 1, "acknowledgement of the album");
    const first = await waitFor(() => submissionOf(parts[0]!), { what: "album submission" });
    const files = await waitFor(
      async () => {
        const a = await spine.db.attachment.findMany({ where: { submissionId: first.submissionId! } });
        return a.length === 3 ? a : null;
      },
      { what: "three photos on one item" },
    );
    expect(new Set(files.map((a) => a.sha256)).size).toBe(3);
    for (const part of parts.slice(1)) expect((await submissionOf(part))!.submissionId).toBe(first.submissionId);
    expect(first.submission!.text).toBe("Ảnh lễ ra quân làm đường thôn Nam.");
    expect(chatTexts(user.id).filter((t) => t.includes("Mã theo dõi"))).toHaveLength(2);
  });

  it("a voice message keeps its recording; a location becomes readable text", async () => {
    const user: User = { id: 8112, is_bot: false, first_name: "Khánh" };
    // The start of an Ogg Opus stream, as Telegram records a voice message.
    const ogg = Buffer.concat([Buffer.from("OggS"), Buffer.alloc(24), Buffer.from("OpusHead"), Buffer.alloc(32, 1)]);
    const f = fake.addFile(ogg, "voice.oga");
    const voice = send(user, {
      voice: {
        file_id: f.file_id,
        file_unique_id: f.file_unique_id,
        duration: 12,
        mime_type: "audio/ogg",
        file_size: ogg.length,
      },
    });
    await nextText(user.id, 0, "acknowledgement of the voice message");
    const v = await waitFor(() => submissionOf(voice), { what: "voice submission" });
    expect(v.submission!.text).toBe("[Tin nhắn thoại]");
    expect(await spine.db.attachment.findMany({ where: { submissionId: v.submissionId! } })).toMatchObject([
      { contentType: "audio/ogg; codecs=opus", size: ogg.length },
    ]);

    const place = send(user, { location: { latitude: 10.7769, longitude: 106.7009 } });
    await nextText(user.id, 1, "acknowledgement of the location");
    const l = await waitFor(() => submissionOf(place), { what: "location submission" });
    expect(l.submission!.text).toBe("[Vị trí: 10.7769, 106.7009]");
  });

  it("a file over the limit gets a clear answer; the message is kept, set aside", async () => {
    const user: User = { id: 8111, is_bot: false, first_name: "Hậu" };
    const big = send(user, {
      video: {
        file_id: "BAACAgUAAxkBAAIBig",
        file_unique_id: "AgADbig",
        width: 1920,
        height: 1080,
        duration: 600,
        file_size: 300 * 1024 * 1024,
      },
      caption: "Video toàn cảnh lễ hội",
    });
    expect(await nextText(user.id, 0, "too large")).toMatch(/^Tệp này lớn hơn 25 MB/);
    const kept = await waitFor(() => submissionOf(big), { what: "set aside" });
    expect(kept).toMatchObject({ setAsideReason: "attachment-too-large", submissionId: null });
  });

  it("ignores ordinary messages in a group, and points commands there to the private chat", async () => {
    const user: User = { id: 8105, is_bot: false, first_name: "Én" };
    const group: Message["chat"] = { id: -1009000000001, type: "supergroup", title: "Nhóm thôn Đông" };
    const chatter = send(user, { text: "Mọi người họp lúc 8 giờ nhé" }, group);
    send(user, { text: "/giupdo@bantin_test_bot", entities: [{ type: "bot_command", offset: 0, length: 23 }] }, group);
    expect(await nextText(group.id, 0, "group answer")).toMatch(/^Bantin chỉ nhận tin nhắn riêng/);
    expect(chatTexts(group.id)).toHaveLength(1);
    expect(await submissionOf(chatter)).toBeNull();
  });
});
