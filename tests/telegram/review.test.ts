/**
 * Telegram review end to end: cards arrive in reviewers' chats through the real sender, members
 * press their buttons and reply to them through the real bot long-polling a fake Bot API, and
 * the outcome travels back through core (real PostgreSQL, Redis and workers) to every card and
 * to the citizen.
 */
import type { InlineKeyboardMarkup, Message, Update, User } from "grammy/types";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { REJECTION_REASON_CODES, REJECTION_REASONS } from "../../core/domain.ts";
import { parseTrackingCode } from "../../core/tracking-code.ts";
import { type FakeTelegram } from "../support/fake-telegram.ts";
import { person, type Spine } from "../support/spine.ts";
import { startTelegramHarness, type TelegramHarness } from "../support/telegram.ts";
import { waitFor } from "../support/wait.ts";
import { pngVariant } from "../support/sample-files.ts";

const NEWS =
  "Sáng ngày 15/11, UBND xã tổ chức Ngày hội Đại đoàn kết toàn dân tộc tại nhà văn hóa thôn Đông, " +
  "với các hoạt động văn nghệ, thể thao và trao quà cho hộ nghèo.";
const QUESTION = "cho em hoi lam giay khai sinh cho con can nhung giay to gi a";

let fake: FakeTelegram;
let spine: Spine;
let t: TelegramHarness;

const user = (id: number, first_name: string, last_name?: string): User => ({
  id,
  is_bot: false,
  first_name,
  ...(last_name && { last_name }),
});
const secretary = user(9002, "Thư", "Lê Thị");
const member = user(9003, "Hóa", "Phạm Văn");
const responder = user(9005, "Tư Pháp", "Vũ Thị");
const collaborator = user(9006, "Cộng", "Ngô Văn");
const stranger = user(9999, "Lạ");
let citizenSeq = 8200;
/** The board's Telegram group: every card is copied there. */
const BOARD_GROUP = -1001234567890;

beforeAll(async () => {
  const tg = (u: User) => ({ channel: "telegram" as const, externalId: String(u.id) });
  t = await startTelegramHarness({
    boardChats: [{ channel: "telegram", address: String(BOARD_GROUP) }],
    setup: async (s) => {
      await person(s.db, "Lê Thị Thư", tg(secretary), [{ role: "secretariat" }]);
      await person(s.db, "Phạm Văn Hóa", tg(member), [{ role: "member", field: "van-hoa" }]);
      await person(s.db, "Vũ Thị Tư Pháp", tg(responder), [
        { role: "responder", field: "hanh-chinh", unit: "Công chức Tư pháp – Hộ tịch" },
      ]);
      await person(s.db, "Ngô Văn Cộng", tg(collaborator), [{ role: "collaborator", unit: "Thôn Đông" }]);
    },
  });
  ({ fake, spine } = t);
});
afterAll(async () => t?.close());
afterEach(() => expect(t.problems).toEqual([]));

// ---------------------------------------------------------------------------------------------
// Updates as Telegram sends them.

let nextQueryId = 1;

const send = (from: User, content: Partial<Message>): Update => t.send(from, content);
const replyTo = (from: User, to: Message, text: string) => send(from, { text, reply_to_message: to as never });

/** Presses the button labelled `label` on `msg`; returns the callback query's id. */
function press(from: User, msg: Message, label: string | RegExp): string {
  const data = buttons(msg).find((b) => (typeof label === "string" ? b.text === label : label.test(b.text)));
  if (!data || !("callback_data" in data)) throw new Error(`no button ${String(label)} on the message`);
  const id = String(nextQueryId++);
  fake.pushUpdate({
    callback_query: { id, from, chat_instance: `ci-${msg.chat.id}`, message: msg, data: data.callback_data },
  });
  return id;
}
const buttons = (msg: Message) => (msg.reply_markup as InlineKeyboardMarkup | undefined)?.inline_keyboard.flat() ?? [];

/** The bot's answer to a callback query, once it has answered. */
const answerTo = (queryId: string) =>
  waitFor(
    () =>
      fake.calls.find(
        (c) => c.method === "answerCallbackQuery" && c.params.callback_query_id === queryId && c.status === 200,
      )?.params as { text?: string; show_alert?: boolean } | undefined,
    { what: `answer to callback ${queryId}` },
  );

// ---------------------------------------------------------------------------------------------
// What the chats show.

const cardIn = (chatId: number, code: string) =>
  fake.messages(chatId).find((m) => m.text?.includes(`— ${code}`) && m.text.includes("Người gửi:"));
const openCard = (chatId: number, code: string) =>
  waitFor(() => (buttons(cardIn(chatId, code) ?? ({} as Message)).length ? cardIn(chatId, code) : null), {
    what: `card ${code} in chat ${chatId}`,
  });
const messageIn = (chatId: number, pattern: RegExp, what: string) =>
  waitFor(() => fake.messages(chatId).find((m) => pattern.test(m.text ?? "")), { what });

/** A new citizen sends `text`; returns the citizen and the tracking code from the acknowledgement. */
async function submit(text: string): Promise<{ citizen: User; code: string }> {
  const citizen = user(++citizenSeq, "Dân", `Số ${citizenSeq}`);
  await person(spine.db, `Người Dân ${citizenSeq}`, { channel: "telegram", externalId: String(citizen.id) }, [], {
    phone: `0913${String(citizenSeq).padStart(6, "0")}`,
  });
  send(citizen, { text });
  const ack = await messageIn(citizen.id, /Mã theo dõi: TB-\d+/, "acknowledgement");
  return { citizen, code: /TB-\d+/.exec(ack.text!)![0] };
}
const submissionOf = (code: string) =>
  spine.db.submission.findUniqueOrThrow({ where: { trackingNumber: parseTrackingCode(code)! } });

describe("the board group", () => {
  it("gets a copy of every card; a press there decides as the presser, and every copy closes", async () => {
    const { code } = await submit(NEWS.replace("15/11", "22/11"));
    const inGroup = await openCard(BOARD_GROUP, code);
    await openCard(member.id, code);
    // Seen by everyone in the group: someone without a role is refused, a member decides.
    expect(await answerTo(press(stranger, inGroup, "Duyệt"))).toMatchObject({ show_alert: true });
    expect(await answerTo(press(member, inGroup, "Duyệt"))).toMatchObject({ text: `Đã duyệt: ${code}.` });
    for (const chat of [BOARD_GROUP, member.id, secretary.id]) {
      const closed = await waitFor(
        () => (cardIn(chat, code)?.text?.includes("Đã duyệt bởi Phạm Văn Hóa") ? cardIn(chat, code) : null),
        { what: `closed card in ${chat}` },
      );
      expect(closed.reply_markup).toBeUndefined();
    }
    const d = await spine.db.decision.findFirstOrThrow({ where: { submissionId: (await submissionOf(code)).id } });
    const hoa = await spine.db.person.findFirstOrThrow({ where: { fullName: "Phạm Văn Hóa" } });
    expect(d.deciderId).toBe(hoa.id);
  });
});

describe("a card shows what came with the item", () => {
  it("sends the item's photos as an album before the card, which answers it and counts them", async () => {
    const citizen = user(++citizenSeq, "Dân", `Số ${citizenSeq}`);
    await person(spine.db, `Người Dân ${citizenSeq}`, { channel: "telegram", externalId: String(citizen.id) }, [], {
      phone: `0913${String(citizenSeq).padStart(6, "0")}`,
    });
    for (const i of [1, 2]) {
      const f = fake.addFile(pngVariant(i), `p${i}.jpg`);
      send(citizen, {
        media_group_id: "86420",
        photo: [{ file_id: f.file_id, file_unique_id: f.file_unique_id, width: 1280, height: 960 }],
        ...(i === 1 && { caption: NEWS }),
      });
    }
    const ack = await messageIn(citizen.id, /Mã theo dõi: TB-\d+/, "acknowledgement");
    const code = /TB-\d+/.exec(ack.text!)![0];
    const card = await openCard(member.id, code);
    expect(card.text).toContain("Đính kèm: 2 ảnh");
    const album = fake.messages(member.id).filter((m) => m.media_group_id && m.photo);
    expect(album).toHaveLength(2);
    expect(album[0]!.caption).toBe(`${code} · 2 tệp đính kèm`);
    const cardCall = fake.calls.find(
      (c) =>
        c.method === "sendMessage" &&
        String(c.params.chat_id) === String(member.id) &&
        String(c.params.text).includes(`— ${code}`),
    );
    expect(cardCall?.params.reply_parameters).toMatchObject({ message_id: album[0]!.message_id });
  });
});

describe("a board member decides from a card", () => {
  it("Duyệt publishes the item, tells the sender, and closes every copy of the card", async () => {
    const { citizen, code } = await submit(NEWS);
    const card = await openCard(member.id, code);
    await openCard(secretary.id, code);

    const q = press(member, card, "Duyệt");
    expect(await answerTo(q)).toMatchObject({ text: `Đã duyệt: ${code}.` });
    const pub = await waitFor(
      async () => spine.db.publication.findUnique({ where: { submissionId: (await submissionOf(code)).id } }),
      { what: "publication" },
    );
    await messageIn(citizen.id, new RegExp(`${code} của bạn đã được đăng.*/tin/${pub.slug}`), "published notice");
    for (const chat of [member.id, secretary.id]) {
      const closed = await waitFor(
        () => (cardIn(chat, code)?.text?.includes("Đã duyệt bởi") ? cardIn(chat, code) : null),
        {
          what: `closed card in ${chat}`,
        },
      );
      expect(closed.text).toContain("Phạm Văn Hóa");
      expect(closed.reply_markup).toBeUndefined();
    }
    expect((await submissionOf(code)).status).toBe("published");
  });

  it("Từ chối opens the reasons, Quay lại goes back, and reason 7 rejects with its text", async () => {
    const { citizen, code } = await submit(NEWS.replace("15/11", "16/11"));
    const card = await openCard(secretary.id, code);
    const original = buttons(card).map((b) => b.text);

    expect(await answerTo(press(secretary, card, "Từ chối"))).toEqual({ callback_query_id: expect.any(String) });
    const menu = await waitFor(
      () => (buttons(cardIn(secretary.id, code)!).length === 10 ? cardIn(secretary.id, code) : null),
      {
        what: "reason menu",
      },
    );
    expect(buttons(menu).map((b) => b.text)).toContain(`7. ${REJECTION_REASONS[7]}`);

    await answerTo(press(secretary, menu, "Quay lại"));
    const back = await waitFor(
      () => (buttons(cardIn(secretary.id, code)!).length === original.length ? cardIn(secretary.id, code) : null),
      { what: "card buttons again" },
    );
    expect(buttons(back).map((b) => b.text)).toEqual(original);

    await answerTo(press(secretary, back, "Từ chối"));
    const again = await waitFor(
      () => (buttons(cardIn(secretary.id, code)!).length === 10 ? cardIn(secretary.id, code) : null),
      { what: "reason menu again" },
    );
    await answerTo(press(secretary, again, /^7\. /));
    // A reason chosen decides nothing yet: the prompt offers a note by reply, or no note.
    const prompt = await messageIn(secretary.id, new RegExp(`^Từ chối ${code}, lý do:`), "note prompt");
    expect(prompt.text).toContain(REJECTION_REASONS[7]);
    expect((await submissionOf(code)).status).toBe("in_review");
    expect(await answerTo(press(secretary, prompt, "Từ chối, không ghi chú"))).toMatchObject({
      text: `Từ chối: ${code}.`,
    });
    const notice = await messageIn(citizen.id, new RegExp(`${code} không được đăng`), "rejection notice");
    expect(notice.text).toContain(`Lý do: ${REJECTION_REASONS[7]}.`);
    expect((await submissionOf(code)).status).toBe("rejected");
  });

  it("each of the nine reasons reaches the sender in its own words", async () => {
    for (const reason of REJECTION_REASON_CODES) {
      const { citizen, code } = await submit(`${NEWS} (bản số ${reason})`.replace("15/11", `${reason}/10`));
      const card = await openCard(secretary.id, code);
      await answerTo(press(secretary, card, "Từ chối"));
      const menu = await waitFor(
        () => (buttons(cardIn(secretary.id, code)!).length === 10 ? cardIn(secretary.id, code) : null),
        { what: `reason menu for ${reason}` },
      );
      await answerTo(press(secretary, menu, new RegExp(`^${reason}\\. `)));
      const prompt = await messageIn(secretary.id, new RegExp(`^Từ chối ${code}, lý do:`), "note prompt");
      await answerTo(press(secretary, prompt, "Từ chối, không ghi chú"));
      const notice = await messageIn(citizen.id, new RegExp(`${code} không được đăng`), `notice for ${reason}`);
      expect(notice.text).toContain(`Lý do: ${REJECTION_REASONS[reason]}.`);
      const d = await spine.db.decision.findFirstOrThrow({ where: { submissionId: (await submissionOf(code)).id } });
      expect(d).toMatchObject({ action: "reject", reasonCode: reason, note: null });
    }
  });

  it("a reason and a note by reply: the sender reads both", async () => {
    const { citizen, code } = await submit(NEWS.replace("15/11", "21/11"));
    const card = await openCard(secretary.id, code);
    await answerTo(press(secretary, card, "Từ chối"));
    const menu = await waitFor(
      () => (buttons(cardIn(secretary.id, code)!).length === 10 ? cardIn(secretary.id, code) : null),
      { what: "reason menu" },
    );
    await answerTo(press(secretary, menu, /^9\. /));
    const prompt = await messageIn(secretary.id, new RegExp(`^Từ chối ${code}, lý do:`), "note prompt");
    // Someone without the right replies first: refused, nothing decided.
    replyTo(stranger, prompt, "Tôi từ chối tin này.");
    await messageIn(stranger.id, new RegExp(`không có quyền quyết định đối với ${code}`), "refusal");
    replyTo(secretary, prompt, "Ảnh bị mờ, xin gửi lại ảnh rõ hơn.");
    await messageIn(secretary.id, new RegExp(`^Từ chối: ${code}\\.$`), "confirmation");
    const notice = await messageIn(citizen.id, new RegExp(`${code} không được đăng`), "rejection notice");
    expect(notice.text).toContain(`Lý do: ${REJECTION_REASONS[9]}.`);
    expect(notice.text).toContain("Ảnh bị mờ, xin gửi lại ảnh rõ hơn.");
    const d = await spine.db.decision.findFirstOrThrow({ where: { submissionId: (await submissionOf(code)).id } });
    expect(d).toMatchObject({ action: "reject", reasonCode: 9, note: "Ảnh bị mờ, xin gửi lại ảnh rõ hơn." });
  });

  it("a press by someone without the right is refused with an alert and nothing changes", async () => {
    const { code } = await submit(NEWS.replace("15/11", "17/11"));
    const card = await openCard(secretary.id, code);
    // The same card seen by others (a shared board chat): a stranger and a collaborator press.
    for (const who of [stranger, collaborator]) {
      expect(await answerTo(press(who, card, "Duyệt"))).toEqual({
        callback_query_id: expect.any(String),
        text: `Bạn không có quyền quyết định đối với ${code}. Không có gì thay đổi.`,
        show_alert: true,
      });
    }
    const s = await submissionOf(code);
    expect(s.status).toBe("in_review");
    expect(await spine.db.decision.count({ where: { submissionId: s.id } })).toBe(0);
    expect(buttons(cardIn(secretary.id, code)!).map((b) => b.text)).toEqual(buttons(card).map((b) => b.text));
  });

  it("two members pressing at once: one decision, the other told who decided", async () => {
    const { code } = await submit(NEWS.replace("15/11", "18/11"));
    const mine = await openCard(member.id, code);
    const theirs = await openCard(secretary.id, code);
    const q1 = press(member, mine, "Duyệt");
    const q2 = press(secretary, theirs, "Duyệt");
    const [a1, a2] = await Promise.all([answerTo(q1), answerTo(q2)]);
    expect(a1).toMatchObject({ text: `Đã duyệt: ${code}.` });
    expect(a2).toMatchObject({ show_alert: true });
    expect(a2.text).toMatch(new RegExp(`^${code} đã được xử lý \\(Đã duyệt\\) bởi (Phạm Văn Hóa|Lê Thị Thư) lúc`));
    expect(await spine.db.decision.count({ where: { submissionId: (await submissionOf(code)).id } })).toBe(1);
  });

  it("Chuyển opens the fields, then a field's people: forwarded to one, whose card comes next round", async () => {
    const { code } = await submit(NEWS.replace("15/11", "19/11"));
    const card = await openCard(secretary.id, code);
    const original = buttons(card).map((b) => b.text);
    await answerTo(press(secretary, card, "Chuyển"));
    const fields = await waitFor(
      () =>
        buttons(cardIn(secretary.id, code)!).some((b) => b.text === "Hành chính") ? cardIn(secretary.id, code) : null,
      { what: "field menu" },
    );
    expect(buttons(fields)).toHaveLength(13); // twelve fields and Quay lại
    expect((await submissionOf(code)).status).toBe("in_review");

    await answerTo(press(secretary, fields, "Hành chính"));
    const people = await waitFor(
      () =>
        buttons(cardIn(secretary.id, code)!).some((b) => b.text === "Vũ Thị Tư Pháp")
          ? cardIn(secretary.id, code)
          : null,
      { what: "people of the field" },
    );
    expect(buttons(people).map((b) => b.text)).toEqual(["Cả lĩnh vực: Hành chính", "Vũ Thị Tư Pháp", "Quay lại"]);
    await answerTo(press(secretary, people, "Quay lại"));
    const again = await waitFor(
      () => (buttons(cardIn(secretary.id, code)!).length === 13 ? cardIn(secretary.id, code) : null),
      { what: "field menu again" },
    );
    await answerTo(press(secretary, again, "Hành chính"));
    const people2 = await waitFor(
      () =>
        buttons(cardIn(secretary.id, code)!).some((b) => b.text === "Vũ Thị Tư Pháp")
          ? cardIn(secretary.id, code)
          : null,
      { what: "people again" },
    );
    expect(await answerTo(press(secretary, people2, "Vũ Thị Tư Pháp"))).toMatchObject({ text: `Đã chuyển: ${code}.` });

    const s = await waitFor(
      async () => {
        const row = await submissionOf(code);
        return row.round === 2 && row.status === "in_review" ? row : null;
      },
      { what: "second round" },
    );
    const hanhChinh = await spine.db.field.findUniqueOrThrow({ where: { code: "hanh-chinh" } });
    expect(s.fieldId).toBe(hanhChinh.id);
    const requests = await spine.db.reviewRequest.findMany({ where: { submissionId: s.id, round: 2 } });
    const responderId = (await spine.db.person.findFirstOrThrow({ where: { fullName: "Vũ Thị Tư Pháp" } })).id;
    expect(requests.map((r) => r.reviewerId)).toEqual([responderId]);
    await waitFor(
      () => fake.messages(responder.id).find((m) => m.text?.includes(`— ${code}`) && buttons(m).length > 0),
      { what: "the responder's card" },
    );
    expect(original).toContain("Chuyển");
  });
});

describe("a responder answers a question", () => {
  it("through the Trả lời prompt: published, and the citizen receives the answer", async () => {
    const { citizen, code } = await submit(QUESTION);
    const card = await openCard(responder.id, code);
    await answerTo(press(responder, card, "Trả lời"));
    const prompt = await messageIn(responder.id, new RegExp(`^Nhập câu trả lời cho ${code}$`), "prompt");
    expect(prompt.reply_markup).toMatchObject({ force_reply: true });

    const answer = "Hồ sơ gồm: tờ khai đăng ký khai sinh và giấy chứng sinh do cơ sở y tế cấp.";
    replyTo(responder, prompt, answer);
    await messageIn(responder.id, new RegExp(`^Đã trả lời: ${code}\\.$`), "confirmation");
    const told = await messageIn(citizen.id, new RegExp(`^Trả lời câu hỏi ${code}:`), "answer to the citizen");
    expect(told.text).toContain(answer);
    expect(told.text).toContain("Công chức Tư pháp – Hộ tịch");
    expect((await submissionOf(code)).status).toBe("answered");
    const closed = await waitFor(() => (cardIn(responder.id, code)?.reply_markup ? null : cardIn(responder.id, code)), {
      what: "closed card",
    });
    expect(closed.text).toContain("Đã trả lời bởi Vũ Thị Tư Pháp");
  });

  it("by replying to the card itself", async () => {
    const { citizen, code } = await submit(QUESTION.replace("con", "con thu hai"));
    const card = await openCard(responder.id, code);
    replyTo(responder, card, "Mang theo giấy chứng sinh và CCCD của cha mẹ đến UBND xã.");
    await messageIn(responder.id, new RegExp(`^Đã trả lời: ${code}\\.$`), "confirmation");
    await messageIn(citizen.id, /CCCD của cha mẹ/, "answer to the citizen");
    expect(await spine.db.publication.count({ where: { submissionId: (await submissionOf(code)).id } })).toBe(1);
  });
});

describe("the sender amends after changes are requested", () => {
  it("a reply to the changes-requested notice amends the item and sends it to review again", async () => {
    const { citizen, code } = await submit(NEWS.replace("15/11", "20/11"));
    const card = await openCard(secretary.id, code);
    await answerTo(press(secretary, card, "Yêu cầu bổ sung"));
    const prompt = await messageIn(secretary.id, new RegExp(`^Cần bổ sung gì cho ${code}\\?`), "prompt");
    expect(prompt.reply_markup).toMatchObject({ force_reply: true });
    replyTo(secretary, prompt, "Xin cho biết số người tham gia và gửi kèm ảnh.");
    await messageIn(secretary.id, new RegExp(`^Yêu cầu bổ sung: ${code}\\.$`), "confirmation");
    const notice = await messageIn(citizen.id, new RegExp(`đề nghị bổ sung cho nội dung ${code}`), "notice");
    expect(notice.text).toContain("Xin cho biết số người tham gia và gửi kèm ảnh.");

    replyTo(citizen, notice, "Có khoảng 300 người tham gia, kèm 5 ảnh.");
    await messageIn(citizen.id, new RegExp(`đã nhận nội dung bổ sung cho ${code}`), "amended notice");
    const s = await waitFor(
      async () => {
        const row = await submissionOf(code);
        return row.round === 2 && row.status === "in_review" ? row : null;
      },
      { what: "second round" },
    );
    expect(s.text).toContain("Có khoảng 300 người tham gia");
    const secondCard = await waitFor(
      () => fake.messages(secretary.id).find((m) => m.text?.includes(`— ${code}`) && m.text.includes("300 người")),
      { what: "second-round card" },
    );
    expect(buttons(secondCard).map((b) => b.text)).toContain("Duyệt");
    expect(
      await spine.db.submission.count({
        where: { sender: { identities: { some: { externalId: String(citizen.id) } } } },
      }),
    ).toBe(1);
  });
});
