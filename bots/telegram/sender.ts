/**
 * The Telegram `ChannelSender`: core's texts, review cards and answers as Bot API calls. A sent
 * message's ref is `<chat_id>:<message_id>`, everything an edit needs.
 */
import type { Api } from "grammy";
import { DeliveryError } from "../../core/errors.ts";
import type { ChannelSender, Recipient, SentRef } from "../../core/ports.ts";
import { isNotModified, toDeliveryError } from "./errors.ts";
import { renderCard, renderClosedCard, renderText, type TelegramMessage } from "./render.ts";

/** A sender over a grammY `Api` (see `createTelegramApi`). */
export function createTelegramSender({ api }: { api: Api }): ChannelSender {
  const send = async (to: Recipient, message: TelegramMessage, disablePreview = false): Promise<SentRef> => {
    const chatId = chatOf(to);
    const sent = await api
      .sendMessage(chatId, message.text, {
        ...(message.reply_markup && { reply_markup: message.reply_markup }),
        // A card quotes the citizen: a preview would fetch whatever link they wrote.
        ...(disablePreview && { link_preview_options: { is_disabled: true } }),
      })
      .catch((e: unknown) => {
        throw toDeliveryError(e);
      });
    return `${chatId}:${sent.message_id}`;
  };

  // Long texts go as several messages, in order; the first one stands for them all.
  const sendParts = async (to: Recipient, text: string): Promise<SentRef> => {
    const [first = "", ...more] = renderText(text);
    const ref = await send(to, { text: first });
    for (const part of more) await send(to, { text: part });
    return ref;
  };

  return {
    channel: "telegram",
    sendText: sendParts,
    sendReviewCard: (to, card) => send(to, renderCard(card), true),
    async updateReviewCard(to, ref, card, outcome) {
      const { chatId, messageId } = parseRef(ref);
      // Without reply_markup Telegram drops the keyboard: nobody can press a decided card.
      await api
        .editMessageText(chatId, messageId, renderClosedCard(card, outcome), {
          link_preview_options: { is_disabled: true },
        })
        .catch((e: unknown) => {
          // A retry after a crash finds the card already closed.
          if (!isNotModified(e)) throw toDeliveryError(e);
        });
    },
    sendAnswer: (to, answer) => sendParts(to, answer.text),
  };
}

function chatOf(to: Recipient): string {
  if (!/^(-?\d+|@\w{5,})$/.test(to.address)) throw new DeliveryError(`not a Telegram chat: "${to.address}"`, true);
  return to.address;
}

function parseRef(ref: SentRef): { chatId: string; messageId: number } {
  const m = /^(-?\d+|@\w+):(\d+)$/.exec(ref);
  if (!m?.[1] || !m[2]) throw new DeliveryError(`not a Telegram message ref: "${ref}"`, true);
  return { chatId: m[1], messageId: Number(m[2]) };
}
