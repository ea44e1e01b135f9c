/**
 * The whole Telegram channel for a test file: a fake Bot API, a spine (real PostgreSQL, Redis and
 * workers) delivering through the real Telegram sender, and the real bot receiving by long
 * polling. Also the updates a test sends as Telegram would, and what the chats show.
 */
import type { Message, Update, User } from "grammy/types";
import { createTelegramApi } from "../../bots/telegram/bot-api.ts";
import { createTelegramChannel } from "../../bots/telegram/index.ts";
import { createTelegramSender } from "../../bots/telegram/sender.ts";
import type { CoreDeps } from "../../core/context.ts";
import { createLogger } from "../../core/logger.ts";
import { startFakeTelegram, type FakeTelegram } from "./fake-telegram.ts";
import { startSpine, type Spine } from "./spine.ts";
import { waitFor } from "./wait.ts";

export interface TelegramHarness {
  fake: FakeTelegram;
  spine: Spine;
  channel: ReturnType<typeof createTelegramChannel>;
  /** Warnings and errors the channel logged: a test that expects none checks it is empty. */
  problems: Array<{ level: number; msg: string }>;
  /** A message as Telegram delivers it from a user, in their private chat unless `chat` says otherwise. */
  send(from: User, content: Partial<Message>, chat?: Message["chat"]): Update;
  text(from: User, body: string): Update;
  /** `/name args`, with its bot_command entity. */
  command(from: User, line: string): Update;
  /** The texts of a chat's messages, oldest first. */
  chatTexts(chatId: number): string[];
  /** Waits for the bot's message after the `seen` ones already in a chat. */
  nextText(chatId: number, seen: number, what: string): Promise<string>;
  close(): Promise<void>;
}

export async function startTelegramHarness(
  opts: {
    boardChats?: CoreDeps["settings"]["boardChats"];
    /** Runs before the bot starts (people, roles). */
    setup?: (spine: Spine) => Promise<void>;
  } = {},
): Promise<TelegramHarness> {
  const fake = await startFakeTelegram();
  const spine = await startSpine({
    senders: { telegram: createTelegramSender({ api: createTelegramApi(fake) }) },
    ...(opts.boardChats && { boardChats: opts.boardChats }),
  });
  await opts.setup?.(spine);
  const problems: TelegramHarness["problems"] = [];
  const log = createLogger({ level: "warn" }, { write: (line: string) => void problems.push(JSON.parse(line)) });
  const channel = createTelegramChannel(
    { botToken: fake.token, apiRoot: fake.apiRoot, mode: { kind: "polling" } },
    { core: spine.core, log, botInfo: fake.botInfo },
  );
  channel.start();

  let nextMessageId = 100_000;
  const send = (from: User, content: Partial<Message>, chat?: Message["chat"]) =>
    fake.pushUpdate({
      message: {
        message_id: ++nextMessageId,
        date: Math.floor(Date.now() / 1000),
        chat: chat ?? { id: from.id, type: "private", first_name: from.first_name },
        from,
        ...content,
      } as Message & Update.NonChannel,
    });
  const chatTexts = (chatId: number) => fake.messages(chatId).map((m) => m.text ?? "");
  return {
    fake,
    spine,
    channel,
    problems,
    send,
    text: (from, body) => send(from, { text: body }),
    command: (from, line) =>
      send(from, {
        text: `/${line}`,
        entities: [{ type: "bot_command", offset: 0, length: line.split(" ")[0]!.length + 1 }],
      }),
    chatTexts,
    nextText: (chatId, seen, what) => waitFor(() => chatTexts(chatId)[seen], { what }),
    async close() {
      await channel.stop();
      await spine.close();
      await fake.close();
    },
  };
}
