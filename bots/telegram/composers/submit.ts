/**
 * Senders on Telegram (citizens and collaborators), in a private chat with the bot: commands, and
 * messages that become submissions — or amend one, when they reply to the bot's message about
 * an item of theirs. Core acknowledges with the tracking code; nothing is answered twice here.
 */
import { Composer, type Context } from "grammy";
import type { Message } from "grammy/types";
import { amendSubmission } from "../../../core/intake/amend.ts";
import { receiveInbound } from "../../../core/intake/receive.ts";
import { withdrawSubmission } from "../../../core/intake/withdraw.ts";
import { senderMessages } from "../../../core/messages/vi.ts";
import { findPerson } from "../../../core/people/people.ts";
import { resolveTarget } from "../../../core/review/decide.ts";
import type { TelegramBotDeps } from "../bot.ts";
import { botMessages } from "../messages.ts";
import { recentSubmissions } from "../status.ts";
import { commandOf, inboundExternalId, messageText, toInboundMessage } from "../to-inbound-message.ts";
import { admitSender } from "./register.ts";
import { trackingCodeIn } from "./review.ts";

const COMMANDS = ["start", "giupdo", "trangthai", "huy", "thongtin"];

export function submitComposer(deps: TelegramBotDeps): Composer<Context> {
  const { core } = deps;
  const c = new Composer<Context>();
  const inPrivate = c.chatType("private");

  inPrivate.command("giupdo", (ctx) => ctx.reply(botMessages.help()));
  inPrivate.command("trangthai", async (ctx) => {
    const lines = await recentSubmissions(core.db, String(ctx.from.id), { timeZone: core.settings.timeZone });
    await ctx.reply(botMessages.statusList(lines));
  });

  inPrivate.command("huy", async (ctx) => {
    const code = ctx.match.trim();
    if (!code) return void (await ctx.reply(botMessages.withdrawUsage()));
    const person = await findPerson(core.db, `telegram:${ctx.from.id}`);
    const r = person
      ? await withdrawSubmission(core, { trackingCode: code, personId: person.id, via: "telegram" })
      : ({ outcome: "not_found" } as const);
    // A withdrawal is confirmed by core, through the sender, like every outcome.
    if (r.outcome === "not_found") await ctx.reply(botMessages.withdrawNotFound({ code }));
    if (r.outcome === "not_withdrawable") await ctx.reply(senderMessages.notWithdrawable(r));
  });

  inPrivate.on("message", async (ctx) => {
    const msg = ctx.msg;
    if (commandOf(msg)) return void (await ctx.reply(botMessages.unknownCommand()));
    if (!messageText(msg)) return void (await ctx.reply(botMessages.nothingToSend()));
    const input = toInboundMessage(msg, ctx.update);
    const ownItem = await itemRepliedTo(deps, msg, ctx.me.id);
    if (ownItem) {
      const r = await amendSubmission(core, ownItem, input);
      // Someone else's item, or one that is gone: the message stands on its own.
      if (r.outcome !== "not_sender" && r.outcome !== "not_found") return;
    }
    if (await admitSender(deps, ctx, input)) await receiveInbound(core, input);
  });

  // An edit updates the item the original message created, while it is still open; each edit
  // is a message of its own (its edit date in the id), stored raw like every other.
  inPrivate.on("edited_message", async (ctx) => {
    const msg = ctx.editedMessage;
    const original = await core.db.inboundMessage.findUnique({
      where: { channel_externalId: { channel: "telegram", externalId: inboundExternalId(msg) } },
      select: { submissionId: true },
    });
    if (!original?.submissionId || !messageText(msg)) return void (await ctx.reply(botMessages.editNotSupported()));
    const input = toInboundMessage(msg, ctx.update);
    const r = await amendSubmission(core, original.submissionId, {
      ...input,
      externalId: `${input.externalId}:edit:${msg.edit_date ?? 0}`,
    });
    // Amended items are confirmed by core; a closed item says why it took nothing.
    if (r.outcome === "not_sender" || r.outcome === "not_found") await ctx.reply(botMessages.editNotSupported());
  });

  // Groups: the bot takes no submissions there; replies to cards are handled by the review composer.
  c.chatType(["group", "supergroup"]).command(COMMANDS, (ctx) => ctx.reply(botMessages.privateOnly()));
  return c;
}

/** The submission named by the bot's message this one replies to (an acknowledgement, a notice). */
async function itemRepliedTo(deps: TelegramBotDeps, msg: Message, botId: number): Promise<string | null> {
  const replied = msg.reply_to_message;
  if (!replied || replied.from?.id !== botId) return null;
  const code = trackingCodeIn(replied.text ?? replied.caption ?? "");
  if (!code) return null;
  const item = await resolveTarget(deps.core.db, { trackingCode: code });
  return item?.id ?? null;
}
