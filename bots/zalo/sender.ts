/**
 * The Zalo `ChannelSender`: core's texts, review cards and answers as consultation messages.
 * A sent message's ref is Zalo's message id: a reply quoting it (an amendment, a decision on a
 * card) is traced back through the delivery log's `externalRef`. Zalo cannot edit a sent
 * message, so a decided card is closed by a reply quoting it with the outcome.
 * Before sending, the 7-day window is checked: a user out of reach is reported as unreachable
 * (`DeliveryError.unreachable`), and core keeps the message and tries the person's other channels.
 */
import { DeliveryError } from "../../core/errors.ts";
import type { ChannelSender, Recipient, SentRef } from "../../core/ports.ts";
import type { CsMessage, ZaloApi } from "./api.ts";
import { toDeliveryError, ZaloApiError } from "./errors.ts";
import { renderCard, renderOutcome, splitText } from "./render.ts";
import type { ReachCheck } from "./window.ts";

export interface ZaloSenderOptions {
  api: Pick<ZaloApi, "sendMessage">;
  reach?: ReachCheck;
  /** Review cards with buttons (ZALO_BUTTONS). */
  buttons: boolean;
}

export function createZaloSender(o: ZaloSenderOptions): ChannelSender {
  const userOf = async (to: Recipient): Promise<string> => {
    if (!/^\d{1,30}$/.test(to.address)) throw new DeliveryError(`not a Zalo user id: "${to.address}"`, true);
    const reach = await o.reach?.check(to.address).catch((e: unknown) => {
      throw toDeliveryError(e);
    });
    if (reach === "unreachable")
      throw new DeliveryError(`zalo: user ${to.address} is outside the 7-day interaction window`, false, true);
    return to.address;
  };
  const send = (userId: string, message: CsMessage) =>
    o.api.sendMessage(userId, message).catch((e: unknown) => {
      throw toDeliveryError(e);
    });

  // Long texts go as several messages, in order; the first one stands for them all.
  const sendText = async (to: Recipient, text: string): Promise<SentRef> => {
    const userId = await userOf(to);
    const [first = "", ...more] = splitText(text);
    const ref = await send(userId, { text: first });
    for (const part of more) await send(userId, { text: part });
    return ref;
  };

  return {
    channel: "zalo",
    sendText,
    async sendReviewCard(to, card) {
      return send(await userOf(to), renderCard(card, { buttons: o.buttons }));
    },
    async updateReviewCard(to, ref, card, outcome) {
      const userId = await userOf(to);
      const text = renderOutcome(card, outcome);
      await o.api.sendMessage(userId, { text, quote_message_id: ref }).catch(async (e: unknown) => {
        // A card too old to quote (or a quote Zalo refuses) still gets its outcome.
        if (e instanceof ZaloApiError && e.kind === "permanent") return send(userId, { text });
        throw toDeliveryError(e);
      });
    },
    sendAnswer: (to, answer) => sendText(to, answer.text),
  };
}
