import { Api, Bot, GrammyError, InputFile } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeTelegram, type FakeTelegram } from "../support/fake-telegram.ts";
import { waitFor } from "../support/wait.ts";

// The fake is only useful if it refuses what Telegram refuses: these pin the rules it models.
describe("fake Telegram Bot API", () => {
  let fake: FakeTelegram;
  let api: Api;
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: unknown) => e as GrammyError,
    );

  beforeEach(async () => {
    fake = await startFakeTelegram();
    api = new Api(fake.token, { apiRoot: fake.apiRoot });
  });
  afterEach(() => fake.close());

  it("answers getMe and refuses an unknown token with 401", async () => {
    expect((await api.getMe()).username).toBe(fake.botInfo.username);
    const other = new Api("1:wrong", { apiRoot: fake.apiRoot });
    expect(await refusal(other.getMe())).toMatchObject({ error_code: 401, description: "Unauthorized" });
  });

  it("refuses oversized texts, 65-byte callback_data and localhost button URLs", async () => {
    expect(await refusal(api.sendMessage(1, "x".repeat(4097)))).toMatchObject({ error_code: 400 });
    const data = "đăng-tin-".repeat(6); // 54 characters, 66 bytes
    const err = await refusal(
      api.sendMessage(1, "x", { reply_markup: { inline_keyboard: [[{ text: "b", callback_data: data }]] } }),
    );
    expect(err?.description).toBe("Bad Request: BUTTON_DATA_INVALID");
    const url = "http://localhost:3000/a";
    const urlErr = await refusal(
      api.sendMessage(1, "x", { reply_markup: { inline_keyboard: [[{ text: "b", url }]] } }),
    );
    expect(urlErr?.description).toMatch(/Wrong HTTP URL/);
  });

  it("edits messages and says when nothing changed", async () => {
    const keyboard = { inline_keyboard: [[{ text: "Duyệt", callback_data: "d:x:a" }]] };
    const sent = await api.sendMessage(5, "Phiếu", { reply_markup: keyboard });
    expect(await refusal(api.editMessageReplyMarkup(5, sent.message_id, { reply_markup: keyboard }))).toMatchObject({
      description: expect.stringMatching(/message is not modified/),
    });
    await api.editMessageText(5, sent.message_id, "Phiếu — đã duyệt");
    expect(fake.messages(5)).toMatchObject([{ text: "Phiếu — đã duyệt" }]);
    expect(fake.messages(5)[0]?.reply_markup).toBeUndefined();
  });

  it("uploads by multipart, then serves the file through getFile and /file/", async () => {
    const msg = await api.sendDocument(5, new InputFile(Buffer.from("nội dung"), "don.txt"), { caption: "Đơn" });
    expect(msg.document?.file_name).toBe("don.txt");
    const file = await api.getFile(msg.document!.file_id);
    const res = await fetch(`${fake.apiRoot}/file/bot${fake.token}/${file.file_path}`);
    expect(await res.text()).toBe("nội dung");
    const album = await api.sendMediaGroup(5, [
      { type: "photo", media: new InputFile(Buffer.from("a"), "a.jpg") },
      { type: "photo", media: msg.document!.file_id },
    ]);
    const groups = album.map((m) => ("media_group_id" in m ? m.media_group_id : undefined));
    expect(groups[0]).toBeTruthy();
    expect(new Set(groups).size).toBe(1);
  });

  it("blocks chats and rate-limits on request", async () => {
    fake.blockChat(9);
    expect(await refusal(api.sendMessage(9, "x"))).toMatchObject({ error_code: 403 });
    fake.rateLimitNext(1, 7);
    expect(await refusal(api.sendMessage(5, "x"))).toMatchObject({ error_code: 429, parameters: { retry_after: 7 } });
    await api.sendMessage(5, "x");
  });

  it("long-polls a real grammY bot: an update pushed later is delivered at once", async () => {
    const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot } });
    const seen: string[] = [];
    bot.on("message:text", async (ctx) => {
      seen.push(ctx.message.text);
      await ctx.reply("Đã nhận");
    });
    const started = new Promise<void>((resolve) => void bot.start({ onStart: () => resolve() }));
    await started;
    await waitFor(() => fake.calls.some((c) => c.method === "getUpdates"), { what: "first getUpdates" });
    fake.pushUpdate({
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: 77, type: "private", first_name: "Hoa" },
        from: { id: 77, is_bot: false, first_name: "Hoa" },
        text: "Xin chào",
      },
    });
    await waitFor(() => fake.messages(77).length > 0, { what: "the bot's reply" });
    expect(seen).toEqual(["Xin chào"]);
    expect(fake.messages(77)[0]?.text).toBe("Đã nhận");
    await bot.stop();
  });

  it("refuses getUpdates while a webhook is set", async () => {
    await api.setWebhook("https://bantin.example.vn/telegram");
    expect(await refusal(api.getUpdates())).toMatchObject({ error_code: 409 });
    await api.deleteWebhook();
    expect(await api.getUpdates({ timeout: 0 })).toEqual([]);
  });
});
