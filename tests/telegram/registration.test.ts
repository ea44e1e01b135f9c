/**
 * Collecting the sender's details on Telegram before the first item is accepted: asked once, one
 * question at a time, the phone through the share-contact button; what was sent meanwhile is held
 * and accepted afterwards. Registered collaborators are recognised by phone or invitation, and
 * `/thongtin` corrects the details later.
 */
import type { Message, ReplyKeyboardMarkup, User } from "grammy/types";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createInvite } from "../../core/people/registration.ts";
import { type FakeTelegram } from "../support/fake-telegram.ts";
import { pngVariant } from "../support/sample-files.ts";
import { person, type Spine } from "../support/spine.ts";
import { startTelegramHarness, type TelegramHarness } from "../support/telegram.ts";
import { waitFor } from "../support/wait.ts";

let fake: FakeTelegram;
let spine: Spine;
let t: TelegramHarness;

beforeAll(async () => {
  t = await startTelegramHarness();
  ({ fake, spine } = t);
});
afterAll(async () => t?.close());
afterEach(() => expect(t.problems).toEqual([]));

const send = (from: User, content: Partial<Message>) => t.send(from, content);
const text = (from: User, body: string) => t.text(from, body);
const command = (from: User, line: string) => t.command(from, line);
const shareContact = (from: User, phone: string, userId = from.id) =>
  send(from, { contact: { phone_number: phone, first_name: from.first_name, user_id: userId } });

const chatTexts = (chatId: number) => t.chatTexts(chatId);
const nextText = (chatId: number, seen: number, what: string) => t.nextText(chatId, seen, what);
/** The reply keyboard sent with the bot's last message to this chat. */
const lastKeyboard = (chatId: number) =>
  fake.calls.filter((c) => c.method === "sendMessage" && String(c.params.chat_id) === String(chatId)).at(-1)?.params
    .reply_markup as ReplyKeyboardMarkup | undefined;
const submissionsOf = (telegramId: number) =>
  spine.db.submission.findMany({
    where: { sender: { identities: { some: { channel: "telegram", externalId: String(telegramId) } } } },
    orderBy: { trackingNumber: "asc" },
  });

describe("a new citizen", () => {
  it("is asked for a full name and a phone once; what they sent meanwhile becomes items afterwards", async () => {
    const user: User = { id: 9101, is_bot: false, first_name: "Hạnh", last_name: "Lê Thị" };
    text(user, "Cho em hỏi làm căn cước cho con ở đâu ạ?");
    expect(await nextText(user.id, 0, "held notice")).toMatch(/^Bantin đã nhận nội dung của bạn/);
    expect(await nextText(user.id, 1, "name question")).toMatch(/họ và tên đầy đủ/);
    // One tap: the Telegram name, when it is a full name, is offered as the answer.
    expect(lastKeyboard(user.id)?.keyboard).toEqual([[{ text: "Hạnh Lê Thị" }]]);
    const held = await spine.db.inboundMessage.findMany({ where: { senderExternalId: "9101" } });
    expect(held).toMatchObject([{ setAsideReason: "awaiting-details", submissionId: null }]);
    expect(await submissionsOf(user.id)).toEqual([]);

    text(user, "Lan");
    expect(await nextText(user.id, 2, "name refused")).toMatch(/ít nhất hai chữ/);
    text(user, "Lê Thị Hạnh");
    expect(await nextText(user.id, 3, "contact question")).toMatch(/Chia sẻ số điện thoại/);
    expect(lastKeyboard(user.id)?.keyboard[0]![0]).toMatchObject({ request_contact: true });

    // A second message while registering is held too, and the question asked again.
    text(user, "Và cho em hỏi thêm về đăng ký thường trú.");
    expect(await nextText(user.id, 4, "held again")).toMatch(/^Bantin đã nhận nội dung/);
    expect(await nextText(user.id, 5, "contact again")).toMatch(/Chia sẻ số điện thoại/);

    shareContact(user, "0987000111", 4242);
    expect(await nextText(user.id, 6, "someone else's contact")).toMatch(/số của người khác/);
    shareContact(user, "+84 987 000 111");
    expect(await nextText(user.id, 7, "thanks")).toMatch(/^Cảm ơn bạn, Bantin đã ghi nhận/);
    const acks = await waitFor(
      () => {
        const found = chatTexts(user.id).filter((t) => /Mã theo dõi: TB-\d+/.test(t));
        return found.length === 2 ? found : null;
      },
      { what: "two acknowledgements" },
    );
    const items = await submissionsOf(user.id);
    expect(items.map((s) => s.text)).toEqual([
      "Cho em hỏi làm căn cước cho con ở đâu ạ?",
      "Và cho em hỏi thêm về đăng ký thường trú.",
    ]);
    expect(acks.join("\n")).toContain(`TB-${String(items[0]!.trackingNumber).padStart(4, "0")}`);
    const sender = await spine.db.person.findUniqueOrThrow({ where: { id: items[0]!.senderId } });
    expect(sender).toMatchObject({ fullName: "Lê Thị Hạnh", phone: "0987000111" });

    // Asked once: the next message is acknowledged straight away.
    const seen = chatTexts(user.id).length;
    text(user, "Em cảm ơn ạ, cho em hỏi giờ làm việc thứ Bảy.");
    expect(await nextText(user.id, seen, "direct acknowledgement")).toMatch(/Mã theo dõi: TB-\d+/);
  });
  it("holds an album as one item: one question, one acknowledgement, every photo", async () => {
    const user: User = { id: 9106, is_bot: false, first_name: "Quân", last_name: "Đặng Minh" };
    for (const i of [1, 2, 3]) {
      const f = fake.addFile(pngVariant(i), `p${i}.jpg`);
      send(user, {
        media_group_id: "97531",
        photo: [{ file_id: f.file_id, file_unique_id: f.file_unique_id, width: 800, height: 600 }],
        ...(i === 1 && { caption: "Nước ngập sâu đoạn qua cầu Máng, xe máy không đi được." }),
      });
    }
    await nextText(user.id, 1, "name question");
    await waitFor(
      async () => (await spine.db.inboundMessage.count({ where: { senderExternalId: "9106" } })) === 3 || null,
      { what: "three parts kept" },
    );
    expect(chatTexts(user.id)).toHaveLength(2); // one notice, one question: not one per photo
    text(user, "Đặng Minh Quân");
    shareContact(user, "0905111222");
    await waitFor(() => chatTexts(user.id).find((t) => /Mã theo dõi: TB-\d+/.test(t)), { what: "acknowledgement" });
    const [item, ...more] = await submissionsOf(user.id);
    expect(more).toEqual([]);
    expect(item!.text).toBe("Nước ngập sâu đoạn qua cầu Máng, xe máy không đi được.");
    expect(await spine.db.attachment.count({ where: { submissionId: item!.id } })).toBe(3);
    expect(await spine.db.inboundMessage.count({ where: { submissionId: item!.id } })).toBe(3);
  });
});

describe("a registered collaborator", () => {
  it("is recognised by the phone number they share and asked only for what is missing", async () => {
    const id = await person(spine.db, "Phan Văn Sơn", null, [{ role: "collaborator", unit: "Thôn Bắc" }], {
      phone: "0977123456",
    });
    const user: User = { id: 9102, is_bot: false, first_name: "Sơn" };
    text(user, "Tin: Thôn Bắc ra quân làm đường giao thông nông thôn sáng Chủ nhật.");
    expect(await nextText(user.id, 1, "name question")).toMatch(/họ và tên/);
    expect(lastKeyboard(user.id)).toBeUndefined(); // "Sơn" is not a full name: nothing offered
    shareContact(user, "0977 123 456");
    expect(await nextText(user.id, 2, "recognised")).toBe(
      "Bantin đã nhận ra bạn là Phan Văn Sơn, cộng tác viên đã được đăng ký.",
    );
    expect(await nextText(user.id, 3, "workplace question")).toMatch(/đơn vị nào/);
    text(user, "Chi đoàn thôn Bắc");
    expect(await nextText(user.id, 4, "title question")).toMatch(/Chức vụ/);
    text(user, "Bí thư Chi đoàn");
    await nextText(user.id, 5, "thanks");
    const [item] = await waitFor(
      async () => {
        const s = await submissionsOf(user.id);
        return s.length ? s : null;
      },
      { what: "the item" },
    );
    expect(item!.senderId).toBe(id);
    expect(await spine.db.person.findUniqueOrThrow({ where: { id } })).toMatchObject({
      workplace: "Chi đoàn thôn Bắc",
      title: "Bí thư Chi đoàn",
    });
  });

  it("links by the invitation link the operator printed", async () => {
    const id = await person(spine.db, "Đinh Thị Mai", null, [{ role: "collaborator", unit: "Hội Phụ nữ" }], {
      phone: "0966555444",
      workplace: "Hội Liên hiệp Phụ nữ xã",
      title: "Chủ tịch Hội",
    });
    const { code } = await createInvite(spine.db, id, 7, { via: "cli" });
    const user: User = { id: 9103, is_bot: false, first_name: "Mai" };
    command(user, `start ${code}`);
    expect(await nextText(user.id, 0, "invite accepted")).toMatch(/^Chào Đinh Thị Mai! Tài khoản Telegram này/);
    text(user, "Hội Phụ nữ xã tổ chức tọa đàm nhân ngày 20/10.");
    expect(await nextText(user.id, 1, "acknowledgement")).toMatch(/Mã theo dõi: TB-\d+/);
    command(user, `start ${code}`);
    const stranger: User = { id: 9104, is_bot: false, first_name: "Lạ" };
    command(stranger, `start ${code}`);
    expect(await nextText(stranger.id, 0, "invite refused")).toMatch(/đã được dùng cho một tài khoản khác/);
  });
});

describe("/thongtin", () => {
  it("shows the details and corrects one through its button", async () => {
    const user: User = { id: 9105, is_bot: false, first_name: "Tâm" };
    await person(spine.db, "Hồ Văn Tâm", { channel: "telegram", externalId: "9105" }, [], { phone: "0944333222" });
    command(user, "thongtin");
    const shown = await nextText(user.id, 0, "details");
    expect(shown).toContain("Họ và tên: Hồ Văn Tâm");
    expect(shown).toContain("Điện thoại: 0944333222");
    const card = fake.messages(user.id)[0]!;
    const buttons = card.reply_markup!.inline_keyboard.flat();
    expect(buttons.map((b) => b.text)).toEqual(["Sửa họ tên", "Sửa số điện thoại"]);
    fake.pushUpdate({
      callback_query: {
        id: "cq-9105",
        from: user,
        chat_instance: "ci",
        message: card,
        data: (buttons[0] as { callback_data: string }).callback_data,
      },
    });
    expect(await nextText(user.id, 1, "name question")).toMatch(/họ và tên/);
    text(user, "Hồ Văn Tâm Anh");
    expect(await nextText(user.id, 2, "updated")).toBe("Đã cập nhật thông tin của bạn.");
    const p = await spine.db.person.findFirstOrThrow({ where: { identities: { some: { externalId: "9105" } } } });
    expect(p.fullName).toBe("Hồ Văn Tâm Anh");
    const audit = await spine.db.auditEvent.findMany({ where: { action: "person.details", actorId: p.id } });
    expect(audit.length).toBeGreaterThan(0);
  });
});
