/**
 * The sender's details on Telegram, collected in the chat before the first item is accepted:
 * a full name, for collaborators a workplace and a title, and a phone number through Telegram's
 * "share contact" button. One question at a time; the question being asked is kept in
 * `ChannelState` (`ask:<user id>`), so the next text is read as its answer, even after a restart.
 * Messages sent meanwhile are held by core and accepted, in order, once the details are complete.
 * `/start <code>` links a registered collaborator by invitation; `/thongtin` shows and corrects.
 */
import { Composer, type Context } from "grammy";
import type { InlineKeyboardMarkup, ReplyKeyboardMarkup, User } from "grammy/types";
import { acceptHeld, countHeld, holdInbound, type Held } from "../../../core/intake/hold.ts";
import type { InboundInput } from "../../../core/intake/receive.ts";
import { findPerson } from "../../../core/people/people.ts";
import {
  claimByPhone,
  ensureSender,
  isFullName,
  isPhoneNumber,
  loadProfile,
  missingDetails,
  redeemInvite,
  saveDetails,
  type Detail,
  type SenderProfile,
} from "../../../core/people/registration.ts";
import type { TelegramBotDeps } from "../bot.ts";
import { botMessages, registrationMessages as M } from "../messages.ts";
import { commandOf, userName } from "../to-inbound-message.ts";

const VIA = { via: "telegram" } as const;
const DETAILS: readonly Detail[] = ["fullName", "workplace", "title", "contact"];
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** The question the bot is waiting for an answer to; `correcting` when asked from `/thongtin`. */
interface Asking {
  detail: Detail;
  correcting: boolean;
}

export function registerComposer(deps: TelegramBotDeps): Composer<Context> {
  const c = new Composer<Context>();
  const inPrivate = c.chatType("private");

  inPrivate.command("start", async (ctx) => {
    const code = ctx.match.trim();
    await ensureSender(deps.core.db, {
      channel: "telegram",
      externalId: String(ctx.from.id),
      chatId: String(ctx.chat.id),
    });
    if (code) {
      const r = await redeemInvite(deps.core.db, code, identityOf(ctx.from), VIA);
      await ctx.reply(r.ok ? M.inviteAccepted({ name: r.fullName }) : M.inviteRefused({ reason: r.reason }));
    } else {
      await ctx.reply(botMessages.greeting({ name: userName(ctx.from) }));
    }
    const profile = await profileOf(deps, ctx.from);
    if (profile && missingDetails(profile).length > 0) await askNext(deps, ctx, profile);
  });

  inPrivate.command("thongtin", async (ctx) => {
    await ensureSender(deps.core.db, {
      channel: "telegram",
      externalId: String(ctx.from.id),
      chatId: String(ctx.chat.id),
    });
    const profile = (await profileOf(deps, ctx.from))!;
    await ctx.reply(M.profile(profile), { reply_markup: editKeyboard(profile) });
  });

  c.callbackQuery(/^p:(fullName|workplace|title|contact)$/, async (ctx) => {
    const detail = ctx.match[1] as Detail;
    await ctx.answerCallbackQuery();
    await setAsking(deps, ctx.from.id, { detail, correcting: true });
    await ask(ctx, detail, ctx.from);
  });

  // The phone number, shared with the button: only the sender's own counts.
  inPrivate.on("message:contact", async (ctx, next) => {
    const asking = await getAsking(deps, ctx.from.id);
    const own = ctx.msg.contact.user_id === ctx.from.id;
    if (!own) {
      if (asking?.detail === "contact") return void (await ctx.reply(M.notYourContact()));
      return next(); // a contact card sent as content
    }
    await savePhone(deps, ctx, ctx.msg.contact.phone_number, asking);
  });

  inPrivate.on("message:text", async (ctx, next) => {
    if (commandOf(ctx.msg) || ctx.msg.reply_to_message) return next();
    const asking = await getAsking(deps, ctx.from.id);
    const said = ctx.msg.text.trim();
    // Something else than an answer (a question, a piece of news) is content: held, and asked again.
    if (!asking || !looksLikeAnswer(asking.detail, said)) return next();
    await answer(deps, ctx, asking, said);
  });

  return c;
}

/**
 * Lets the item through when its sender's details are complete (true); otherwise holds the
 * message in core, asks for what is missing, and returns what was held.
 */
export async function admitSender(deps: TelegramBotDeps, ctx: Context, input: InboundInput): Promise<true | Held> {
  const from = ctx.from!;
  const profile = await profileOf(deps, from);
  if (profile && missingDetails(profile).length === 0) return true;
  const held = await holdInbound(deps.core, input, { displayNameIsFullName: false });
  if (held.duplicate) return held; // asked already, when it first came
  await ctx.reply(M.held());
  await askNext(deps, ctx, (await profileOf(deps, from))!);
  return held;
}

/** Could this text be the answer to the question asked, rather than an item sent meanwhile? */
function looksLikeAnswer(detail: Detail, text: string): boolean {
  if (text.includes("\n")) return false;
  switch (detail) {
    case "fullName":
      return text.length <= 100 && !/[\d?]/.test(text) && text.split(/\s+/).length <= 8;
    case "workplace":
    case "title":
      return text.length <= 200 && !text.includes("?");
    case "contact":
      return /^[+\d\s().-]{6,}$/.test(text) || EMAIL.test(text);
  }
}

async function answer(deps: TelegramBotDeps, ctx: Context, asking: Asking, text: string) {
  const from = ctx.from!;
  const profile = (await profileOf(deps, from))!;
  switch (asking.detail) {
    case "fullName":
      if (!isFullName(text)) return void (await ctx.reply(M.invalidFullName()));
      await saveDetails(deps.core.db, profile.personId, { fullName: text }, VIA);
      break;
    case "workplace":
    case "title":
      if (text.length < 2 || text.length > 200) return void (await ctx.reply(M.invalidText()));
      await saveDetails(deps.core.db, profile.personId, { [asking.detail]: text }, VIA);
      break;
    case "contact":
      if (EMAIL.test(text)) {
        await saveDetails(deps.core.db, profile.personId, { email: text }, VIA);
        break;
      }
      return savePhone(deps, ctx, text, asking);
  }
  await next(deps, ctx, asking);
}

async function savePhone(deps: TelegramBotDeps, ctx: Context, phone: string, asking: Asking | null) {
  if (!isPhoneNumber(phone)) return void (await ctx.reply(M.invalidContact()));
  const claimed = await claimByPhone(deps.core.db, identityOf(ctx.from!), phone, VIA);
  if (claimed.matched) {
    const p = await loadProfile(deps.core.db, claimed.personId);
    await ctx.reply(M.recognised({ name: p.fullName }));
  }
  await next(deps, ctx, asking ?? { detail: "contact", correcting: false });
}

/** After an answer: a correction is confirmed; registration goes on to the next question. */
async function next(deps: TelegramBotDeps, ctx: Context, asking: Asking) {
  const profile = (await profileOf(deps, ctx.from!))!;
  if (asking.correcting && missingDetails(profile).length === 0) {
    await clearAsking(deps, ctx.from!.id);
    return void (await ctx.reply(M.updated(), { reply_markup: { remove_keyboard: true } }));
  }
  await askNext(deps, ctx, profile);
}

/** Asks the first missing detail, or, when nothing is missing, accepts what was held. */
async function askNext(deps: TelegramBotDeps, ctx: Context, profile: SenderProfile) {
  const from = ctx.from!;
  const [detail] = missingDetails(profile);
  if (detail) {
    await setAsking(deps, from.id, { detail, correcting: false });
    return ask(ctx, detail, from);
  }
  await clearAsking(deps, from.id);
  const held = await countHeld(deps.core, "telegram", String(from.id));
  await ctx.reply(M.complete({ held }), { reply_markup: { remove_keyboard: true } });
  // Core acknowledges each accepted item with its tracking code, through the outbox.
  await acceptHeld(deps.core, "telegram", String(from.id));
}

function ask(ctx: Context, detail: Detail, from: User) {
  switch (detail) {
    case "fullName": {
      // One tap when the Telegram name is a full name; typing is always possible.
      const suggested = userName(from);
      const keyboard: ReplyKeyboardMarkup | undefined = isFullName(suggested)
        ? { keyboard: [[{ text: suggested }]], one_time_keyboard: true, resize_keyboard: true }
        : undefined;
      return ctx.reply(M.askFullName(), keyboard ? { reply_markup: keyboard } : {});
    }
    case "workplace":
      return ctx.reply(M.askWorkplace());
    case "title":
      return ctx.reply(M.askTitle());
    case "contact":
      return ctx.reply(M.askContact(), {
        reply_markup: {
          keyboard: [[{ text: M.shareContactButton(), request_contact: true }]],
          one_time_keyboard: true,
          resize_keyboard: true,
        },
      });
  }
}

function editKeyboard(profile: SenderProfile): InlineKeyboardMarkup {
  const shown = DETAILS.filter((d) => profile.collaborator || (d !== "workplace" && d !== "title"));
  const buttons = shown.map((d) => ({ text: M.editButtons[d], callback_data: `p:${d}` }));
  const rows = [];
  for (let i = 0; i < buttons.length; i += 2) rows.push(buttons.slice(i, i + 2));
  return { inline_keyboard: rows };
}

const identityOf = (from: User) => ({ channel: "telegram" as const, externalId: String(from.id) });

async function profileOf(deps: TelegramBotDeps, from: User): Promise<SenderProfile | null> {
  const person = await findPerson(deps.core.db, `telegram:${from.id}`);
  return person ? loadProfile(deps.core.db, person.id) : null;
}

const askKey = (userId: number) => `ask:${userId}`;

async function getAsking(deps: TelegramBotDeps, userId: number): Promise<Asking | null> {
  const row = await deps.core.db.channelState.findUnique({
    where: { channel_key: { channel: "telegram", key: askKey(userId) } },
  });
  return (row?.value as Asking | undefined) ?? null;
}

async function setAsking(deps: TelegramBotDeps, userId: number, asking: Asking) {
  await deps.core.db.channelState.upsert({
    where: { channel_key: { channel: "telegram", key: askKey(userId) } },
    create: { channel: "telegram", key: askKey(userId), value: { ...asking } },
    update: { value: { ...asking } },
  });
}

async function clearAsking(deps: TelegramBotDeps, userId: number) {
  await deps.core.db.channelState.deleteMany({ where: { channel: "telegram", key: askKey(userId) } });
}
