import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTelegramApi } from "../../bots/telegram/bot-api.ts";
import { decodeCardCallback } from "../../bots/telegram/callback-data.ts";
import { createTelegramSender } from "../../bots/telegram/sender.ts";
import { DeliveryError } from "../../core/errors.ts";
import type { CardOutcome, Recipient } from "../../core/ports.ts";
import { describeChannelSender, sampleAnswer, sampleCard } from "../conformance/channel-sender.ts";
import { startFakeTelegram, type FakeTelegram } from "../support/fake-telegram.ts";

const BLOCKED = "424242";

describeChannelSender("telegram sender", async () => {
  const fake = await startFakeTelegram();
  fake.blockChat(BLOCKED);
  return {
    sender: createTelegramSender({ api: createTelegramApi(fake) }),
    reachable: { personId: null, address: "12345", name: "Hoa" },
    refused: { personId: null, address: BLOCKED },
    close: () => fake.close(),
  };
});

describe("telegram sender", () => {
  let fake: FakeTelegram;
  const chat: Recipient = { personId: null, address: "12345" };
  const board: Recipient = { personId: null, address: "-1001234567890" };
  const outcome: CardOutcome = {
    action: "approve",
    deciderName: "Trần Văn Bình",
    decidedAt: "2026-11-15T03:00:00.000Z",
    text: "Đã duyệt bởi Trần Văn Bình lúc 10:00 15/11/2026",
  };
  const sender = () => createTelegramSender({ api: createTelegramApi(fake) });

  beforeEach(async () => {
    fake = await startFakeTelegram();
  });
  afterEach(() => fake.close());

  it("sends a card whose buttons follow its actions and decode back to its token", async () => {
    const card = { ...sampleCard, webUrl: "https://bantin.xa-dong.gov.vn/theo-doi/TB-0042" };
    const ref = await sender().sendReviewCard(board, card);
    const [msg] = fake.messages(board.address);
    expect(ref).toBe(`${board.address}:${msg?.message_id}`);
    expect(msg?.text).toBe(sampleCard.text);
    const buttons = msg?.reply_markup?.inline_keyboard.flat() ?? [];
    expect(buttons.map((b) => b.text)).toEqual(["Duyệt", "Từ chối", "Yêu cầu bổ sung", "Chuyển", "Xem trên web"]);
    const presses = buttons.flatMap((b) => ("callback_data" in b ? [b.callback_data] : []));
    for (const data of presses) expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(presses.map((d) => decodeCardCallback(d))).toEqual(
      ["approve", "choose_reason", "request_changes", "forward"].map((action) => ({
        token: sampleCard.token,
        press: { action },
      })),
    );
    expect(buttons.at(-1)).toEqual({ text: "Xem trên web", url: card.webUrl });
  });

  it("leaves out the web button when Telegram would refuse a localhost URL", async () => {
    await sender().sendReviewCard(board, { ...sampleCard, actions: ["answer", "forward"] });
    const [msg] = fake.messages(board.address);
    expect(msg?.reply_markup?.inline_keyboard.flat().map((b) => b.text)).toEqual(["Trả lời", "Chuyển"]);
  });

  it("closes a decided card: outcome shown, keyboard gone, a repeated close is harmless", async () => {
    const s = sender();
    const ref = await s.sendReviewCard(board, sampleCard);
    await s.updateReviewCard(board, ref, sampleCard, outcome);
    const [msg] = fake.messages(board.address);
    expect(msg?.text).toBe(`${sampleCard.text}\n\n${outcome.text}`);
    expect(msg?.reply_markup).toBeUndefined();
    // A delivery retried after a crash edits again: Telegram says "not modified", which is success.
    await expect(s.updateReviewCard(board, ref, sampleCard, outcome)).resolves.toBeUndefined();
    expect(fake.calls.at(-1)).toMatchObject({ method: "editMessageText", status: 400 });
  });

  it("reports an edit of a message Telegram no longer has as permanent", async () => {
    const err = await sender()
      .updateReviewCard(board, `${board.address}:999`, sampleCard, outcome)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).permanent).toBe(true);
  });

  it("waits out a flood limit (429 retry_after 1) and sends", async () => {
    fake.rateLimitNext(1, 1);
    await sender().sendText(chat, "Xin chào");
    expect(fake.calls.map((c) => [c.method, c.status])).toEqual([
      ["sendMessage", 429],
      ["sendMessage", 200],
    ]);
    expect(fake.messages(chat.address).map((m) => m.text)).toEqual(["Xin chào"]);
  });

  it("treats a flood wait longer than auto-retry's patience as transient", async () => {
    fake.rateLimitNext(1, 3600);
    const err = await sender()
      .sendText(chat, "Xin chào")
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).permanent).toBe(false);
  });

  it("splits a long Vietnamese text into messages within 4096 characters, in order", async () => {
    const paragraph = "Ủy ban nhân dân xã thông báo lịch tiêm chủng mở rộng cho trẻ em dưới năm tuổi tại trạm y tế. ";
    const text = Array.from({ length: 100 }, (_, i) => `${i + 1}. ${paragraph}`).join("\n");
    expect(text.length).toBeGreaterThan(8192);
    const ref = await sender().sendText(chat, text);
    const sent = fake.messages(chat.address);
    expect(sent.length).toBe(3);
    expect(ref).toBe(`${chat.address}:${sent[0]?.message_id}`);
    for (const m of sent) expect(m.text?.length).toBeLessThanOrEqual(4096);
    expect(sent[1]?.text).toMatch(/^\d+\. Ủy ban/); // cut at a line break
    const squash = (s: string) => s.replace(/\s+/g, "");
    expect(squash(sent.map((m) => m.text).join(""))).toBe(squash(text));
  });

  it("sends an answer as plain NFC text", async () => {
    const decomposed = sampleAnswer.text.normalize("NFD") + " Trân trọng.".normalize("NFD");
    await sender().sendAnswer(chat, { ...sampleAnswer, text: decomposed });
    const [call] = fake.calls;
    expect(call?.params.parse_mode).toBeUndefined();
    expect(call?.params.text).toBe(decomposed.normalize("NFC"));
  });

  it("refuses an address that is not a chat id without calling Telegram", async () => {
    const err = await sender()
      .sendText({ personId: null, address: "hoa@example.vn" }, "Xin chào")
      .catch((e: unknown) => e);
    expect((err as DeliveryError).permanent).toBe(true);
    expect(fake.calls).toEqual([]);
  });
});
