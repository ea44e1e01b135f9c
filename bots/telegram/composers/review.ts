/**
 * Reviewers on Telegram: presses on a review card's buttons, and replies to a card (or to the
 * answer prompt) carrying a question's answer. Each press is answered at once; decisions and
 * answers go to core, which closes every copy of the card through the sender.
 */
import { Composer, type Context } from "grammy";
import type { InlineKeyboardMarkup, Message } from "grammy/types";
import { REJECTION_REASONS, type RejectionReasonCode } from "../../../core/domain.ts";
import type { Logger } from "../../../core/logger.ts";
import { reviewerMessages } from "../../../core/messages/vi.ts";
import { findPerson } from "../../../core/people/people.ts";
import { answerQuestion } from "../../../core/publishing/answer.ts";
import { decide, resolveTarget, type DecisionTarget } from "../../../core/review/decide.ts";
import { formatTrackingCode } from "../../../core/tracking-code.ts";
import type { TelegramBotDeps } from "../bot.ts";
import { decodeCardCallback, encodeCardCallback, type CardCallback } from "../callback-data.ts";
import { isNotModified } from "../errors.ts";
import { botMessages, decisionReply, PROMPTS } from "../messages.ts";
import { renderCard, renderForwardFieldMenu, renderForwardMemberMenu, renderReasonMenu } from "../render.ts";
import { cardByToken } from "../status.ts";

/** How long a press may wait for its outcome before the spinner is stopped with "Đang xử lý…". */
const PRESS_PATIENCE_MS = 2_000;

export function reviewComposer(deps: TelegramBotDeps): Composer<Context> {
  const c = new Composer<Context>();
  c.on("callback_query:data", async (ctx, next) => {
    const pressed = decodeCardCallback(ctx.callbackQuery.data);
    if (!pressed) return next();
    const respond = pressResponder(ctx, deps.log.child({ update_id: ctx.update.update_id }));
    try {
      await handlePress(deps, ctx, pressed, respond);
    } catch (e) {
      await respond(botMessages.apology(), true).catch(() => undefined);
      throw e;
    }
  });
  c.on("message", async (ctx, next) => {
    const note = noteTarget(ctx.msg, ctx.me.id);
    if (note) return handleNote(deps, ctx, note);
    const target = answerTarget(ctx.msg, ctx.me.id);
    if (!target) return next();
    await handleAnswer(deps, ctx, target);
  });
  return c;
}

type Respond = (text?: string, alert?: boolean) => Promise<void>;

async function handlePress(deps: TelegramBotDeps, ctx: Context, { token, press }: CardCallback, respond: Respond) {
  const { db } = deps.core;
  const item = await resolveTarget(db, { token });
  if (!item) return respond(botMessages.staleButton(), true);
  const trackingCode = formatTrackingCode(item.trackingNumber);
  const person = await findPerson(db, `telegram:${ctx.callbackQuery!.from.id}`);
  if (!person) return respond(reviewerMessages.notAllowed({ trackingCode }), true);

  switch (press.action) {
    case "choose_reason":
      await respond();
      return editKeyboard(ctx, renderReasonMenu(token));
    case "back": {
      const card = await cardByToken(db, token);
      if (!card) return respond(botMessages.staleButton(), true);
      await respond();
      return editKeyboard(ctx, renderCard(card).reply_markup);
    }
    case "forward": {
      // Nothing is decided until a field, or a person in it, is chosen.
      await respond();
      const fields = await db.field.findMany({ orderBy: { name: "asc" } });
      return editKeyboard(ctx, renderForwardFieldMenu(token, fields));
    }
    case "forward_field": {
      const field = await db.field.findUnique({ where: { code: press.fieldCode } });
      if (!field) return respond(botMessages.staleButton(), true);
      await respond();
      const people = await fieldPeople(deps, field.id);
      return editKeyboard(ctx, renderForwardMemberMenu(token, field, people.slice(0, FORWARD_PEOPLE_MAX)));
    }
    case "forward_to": {
      // One person: the item goes to them, in the field they cover when they cover exactly one.
      const forwardTo =
        "personId" in press
          ? { personId: press.personId, ...(await onlyFieldOf(deps, press.personId)) }
          : { fieldCode: press.fieldCode };
      const r = await decide(deps.core, {
        target: { token },
        deciderId: person.id,
        channel: "telegram",
        action: "forward",
        forwardTo,
      });
      const reply = decisionReply(r, "forward", trackingCode);
      return respond(reply.text, reply.alert);
    }
    case "answer": {
      await respond();
      // The prompt names the item; the reply to it carries the code back, so nothing is kept here.
      await ctx.api.sendMessage(chatOf(ctx), botMessages.answerPrompt({ trackingCode }), {
        reply_markup: { force_reply: true, selective: true, input_field_placeholder: botMessages.answerPlaceholder() },
      });
      return;
    }
    case "reason_chosen": {
      // The card goes back to its buttons; the prompt takes the note, or its button rejects without one.
      await respond();
      const card = await cardByToken(db, token);
      if (card) await editKeyboard(ctx, renderCard(card).reply_markup);
      await ctx.api.sendMessage(
        chatOf(ctx),
        botMessages.rejectNotePrompt({ trackingCode, reason: REJECTION_REASONS[press.reason] }),
        {
          reply_markup: {
            inline_keyboard: [
              [
                {
                  text: botMessages.rejectWithoutNote(),
                  callback_data: encodeCardCallback(token, { action: "reject", reason: press.reason }),
                },
              ],
            ],
          },
        },
      );
      return;
    }
    case "request_changes":
      // What to add is the whole point: the note is asked for, by reply.
      await respond();
      await ctx.api.sendMessage(chatOf(ctx), botMessages.changesPrompt({ trackingCode }), {
        reply_markup: { force_reply: true, selective: true, input_field_placeholder: botMessages.changesPlaceholder() },
      });
      return;
    case "approve":
    case "reject": {
      const r = await decide(deps.core, {
        target: { token },
        deciderId: person.id,
        channel: "telegram",
        action: press.action,
        ...(press.action === "reject" && { reasonCode: press.reason }),
      });
      const reply = decisionReply(r, press.action, trackingCode);
      return respond(reply.text, reply.alert);
    }
  }
}

/** People listed under a field in the forward menu; more are reached by forwarding to the field. */
const FORWARD_PEOPLE_MAX = 8;

/** The members and responders who cover a field now, by name. */
async function fieldPeople(deps: TelegramBotDeps, fieldId: string) {
  const roles = await deps.core.db.roleMembership.findMany({
    where: { fieldId, revokedAt: null, role: { in: ["member", "responder"] }, person: { revokedAt: null } },
    include: { person: { select: { id: true, fullName: true } } },
  });
  const byId = new Map(roles.map((r) => [r.person.id, { id: r.person.id, name: r.person.fullName ?? "?" }]));
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name, "vi"));
}

async function onlyFieldOf(deps: TelegramBotDeps, personId: string): Promise<{ fieldCode?: string }> {
  const roles = await deps.core.db.roleMembership.findMany({
    where: { personId, revokedAt: null, field: { isNot: null } },
    include: { field: true },
  });
  const codes = new Set(roles.map((r) => r.field!.code));
  return codes.size === 1 ? { fieldCode: [...codes][0]! } : {};
}

/** Where a press came from: the chat of the card, or the presser's private chat. */
const chatOf = (ctx: Context) => ctx.callbackQuery!.message?.chat.id ?? ctx.callbackQuery!.from.id;

/** A reply to one of the bot's note prompts: the decision it completes. */
type NoteTarget =
  | { action: "reject"; token: string; reason: RejectionReasonCode; trackingCode: string }
  | { action: "request_changes"; trackingCode: string };

export function noteTarget(msg: Message, botId: number): NoteTarget | null {
  const replied = msg.reply_to_message;
  if (!replied || replied.from?.id !== botId) return null;
  const text = replied.text?.normalize("NFC") ?? "";
  const reject = PROMPTS.rejectNote.exec(text);
  if (reject) {
    const b = replied.reply_markup?.inline_keyboard.flat()[0];
    const pressed = b && "callback_data" in b && b.callback_data ? decodeCardCallback(b.callback_data) : null;
    if (pressed?.press.action !== "reject") return null;
    return { action: "reject", token: pressed.token, reason: pressed.press.reason, trackingCode: reject[1]! };
  }
  const changes = PROMPTS.changes.exec(text);
  return changes ? { action: "request_changes", trackingCode: changes[1]! } : null;
}

async function handleNote(deps: TelegramBotDeps, ctx: Context, note: NoteTarget) {
  const msg = ctx.msg!;
  const say = (text: string) => ctx.reply(text, { reply_parameters: { message_id: msg.message_id } });
  const text = (msg.text ?? msg.caption ?? "").trim();
  if (!text) return say(botMessages.noteEmpty());
  const person = msg.from ? await findPerson(deps.core.db, `telegram:${msg.from.id}`) : null;
  if (!person) return say(reviewerMessages.notAllowed({ trackingCode: note.trackingCode }));
  const r = await decide(deps.core, {
    target: note.action === "reject" ? { token: note.token } : { trackingCode: note.trackingCode },
    deciderId: person.id,
    channel: "telegram",
    action: note.action,
    note: text,
    ...(note.action === "reject" && { reasonCode: note.reason }),
  });
  return say(decisionReply(r, note.action, note.trackingCode).text);
}

async function handleAnswer(deps: TelegramBotDeps, ctx: Context, target: DecisionTarget) {
  const msg = ctx.msg!;
  const { db } = deps.core;
  const say = (text: string) => ctx.reply(text, { reply_parameters: { message_id: msg.message_id } });
  const code = "trackingCode" in target ? target.trackingCode : "";
  const item = await resolveTarget(db, target);
  if (!item) return say(reviewerMessages.notFound({ code }));
  const trackingCode = formatTrackingCode(item.trackingNumber);
  const person = msg.from ? await findPerson(db, `telegram:${msg.from.id}`) : null;
  if (!person) return say(reviewerMessages.notAllowed({ trackingCode }));
  const r = await answerQuestion(deps.core, {
    target,
    responderId: person.id,
    channel: "telegram",
    text: msg.text ?? msg.caption ?? "",
  });
  return say(decisionReply(r, "answer", trackingCode).text);
}

/**
 * The item a message answers, when it replies to one of the bot's review cards (its buttons hold
 * the token) or to the bot's answer prompt (its text holds the tracking code); else null.
 */
export function answerTarget(msg: Message, botId: number): DecisionTarget | null {
  const replied = msg.reply_to_message;
  if (!replied || replied.from?.id !== botId) return null;
  for (const row of replied.reply_markup?.inline_keyboard ?? []) {
    for (const b of row) {
      const pressed = "callback_data" in b && b.callback_data ? decodeCardCallback(b.callback_data) : null;
      if (pressed) return { token: pressed.token };
    }
  }
  const prompt = botMessages.answerPrompt({ trackingCode: "" });
  const text = replied.text?.normalize("NFC") ?? "";
  if (!text.startsWith(prompt)) return null;
  const code = trackingCodeIn(text);
  return code ? { trackingCode: code } : null;
}

/** The first tracking code ("TB-0042") written in a text. */
export function trackingCodeIn(text: string): string | null {
  return /\bTB-\d+\b/i.exec(text)?.[0].toUpperCase() ?? null;
}

/**
 * Answers a press exactly once: with the outcome when it comes quickly, otherwise with "Đang xử
 * lý…" after a short wait, and the outcome then follows as a message in the chat.
 */
function pressResponder(ctx: Context, log: Logger): Respond {
  let answered = false;
  const timer = setTimeout(() => {
    answered = true;
    ctx
      .answerCallbackQuery({ text: botMessages.working() })
      .catch((e: unknown) => log.warn({ err: e }, "could not answer a callback query"));
  }, PRESS_PATIENCE_MS);
  return async (text, alert = false) => {
    clearTimeout(timer);
    if (!answered) {
      answered = true;
      await ctx.answerCallbackQuery(text ? { text, show_alert: alert } : {});
    } else if (text) {
      const chatId = ctx.callbackQuery?.message?.chat.id ?? ctx.callbackQuery?.from.id;
      if (chatId !== undefined) await ctx.api.sendMessage(chatId, text);
    }
  };
}

async function editKeyboard(ctx: Context, markup: InlineKeyboardMarkup | undefined) {
  await ctx.editMessageReplyMarkup(markup ? { reply_markup: markup } : {}).catch((e: unknown) => {
    // A double press asks for the keyboard already shown.
    if (!isNotModified(e)) throw e;
  });
}
