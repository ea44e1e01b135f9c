/**
 * The Telegram `ChannelSender`: core's texts, review cards and answers as Bot API calls. A sent
 * message's ref is `<chat_id>:<message_id>`, everything an edit needs.
 */
import { InputFile, type Api } from "grammy";
import { attachmentPath } from "../../core/attachments/store.ts";
import { botMessages } from "./messages.ts";
import { createChatPacer, type Pacing } from "./pacing.ts";
import { DeliveryError } from "../../core/errors.ts";
import type { CardAttachment, ChannelSender, Recipient, ReviewCard, SentRef } from "../../core/ports.ts";
import { isNotModified, toDeliveryError } from "./errors.ts";
import { renderCard, renderClosedCard, renderText, type TelegramMessage } from "./render.ts";

/** Most photos one album carries (Bot API sendMediaGroup). */
const ALBUM_MAX = 10;
/** Documents sent with one card; more are listed on the card and on the web. */
const DOCUMENTS_MAX = 5;

/**
 * A sender over a grammY `Api` (see `createTelegramApi`). With `dataDir`, files that came in on
 * another channel are uploaded from the attachment store; files that came in on Telegram are
 * sent again by their file_id, without a download.
 */
export function createTelegramSender({
  api,
  dataDir,
  pacing,
}: {
  api: Api;
  dataDir?: string;
  /** Space messages to one chat (see pacing.ts); off unless given. */
  pacing?: Pacing;
}): ChannelSender {
  if (pacing) {
    const pacer = createChatPacer(pacing);
    api.config.use(async (prev, method, payload, signal) => {
      const chatId = (payload as { chat_id?: unknown }).chat_id;
      if (method.startsWith("send") && chatId !== undefined) {
        const wait = pacer.reserve(String(chatId));
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      return prev(method, payload, signal);
    });
  }
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

  const sendFiles = (to: Recipient, card: ReviewCard) => sendFilesWith(api, dataDir, to, card);

  return {
    channel: "telegram",
    sendText: sendParts,
    async sendReviewCard(to, card) {
      const first = await sendFiles(to, card);
      const message = renderCard(card);
      const chatId = chatOf(to);
      const sent = await api
        .sendMessage(chatId, message.text, {
          ...(message.reply_markup && { reply_markup: message.reply_markup }),
          link_preview_options: { is_disabled: true },
          // The card answers its photos, so the reviewer sees which item they belong to.
          ...(first && { reply_parameters: { message_id: first, allow_sending_without_reply: true } }),
        })
        .catch((e: unknown) => {
          throw toDeliveryError(e);
        });
      return `${chatId}:${sent.message_id}`;
    },
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

/**
 * The item's photos (as one album) and documents, before its card; returns the first message id.
 * A file Telegram will not take (expired file_id, unsupported type) does not hold the card back:
 * the card lists every file and links to the item on the web. A chat that is gone fails the card.
 */
async function sendFilesWith(api: Api, dataDir: string | undefined, to: Recipient, card: ReviewCard) {
  const chatId = chatOf(to);
  const usable = (card.attachments ?? []).filter((a) => (a.channel === "telegram" && a.externalRef) || dataDir);
  const input = (a: CardAttachment) =>
    a.channel === "telegram" && a.externalRef
      ? a.externalRef
      : new InputFile(attachmentPath(dataDir!, a.sha256), a.originalName ?? undefined);
  const photos = usable.filter((a) => a.contentType.startsWith("image/") && a.contentType !== "image/svg+xml");
  const documents = usable.filter((a) => !photos.includes(a)).slice(0, DOCUMENTS_MAX);
  const caption = botMessages.filesCaption({
    trackingCode: card.trackingCode,
    count: photos.length + documents.length,
  });
  let first: number | undefined;
  const attempt = async (call: () => Promise<{ message_id: number } | Array<{ message_id: number }>>) => {
    try {
      const sent = await call();
      first ??= Array.isArray(sent) ? sent[0]?.message_id : sent.message_id;
    } catch (e) {
      const err = toDeliveryError(e);
      if (err.permanent && /403|chat not found/i.test(err.message)) throw err;
    }
  };
  const album = photos.slice(0, ALBUM_MAX);
  if (album.length === 1) await attempt(() => api.sendPhoto(chatId, input(album[0]!), { caption }));
  if (album.length > 1)
    await attempt(() =>
      api.sendMediaGroup(
        chatId,
        album.map((a, i) => ({ type: "photo" as const, media: input(a), ...(i === 0 && { caption }) })),
      ),
    );
  for (const d of documents)
    await attempt(() => api.sendDocument(chatId, input(d), first === undefined ? { caption } : {}));
  return first;
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
