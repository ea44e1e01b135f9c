/**
 * A sender that records instead of sending: for tests, benchmarks and a dry run. It passes the
 * same conformance suite as every real sender.
 */
import type { Channel } from "../../core/domain.ts";
import { DeliveryError } from "../../core/errors.ts";
import type { AnswerMessage, CardOutcome, ChannelSender, Recipient, ReviewCard, SentRef } from "../../core/ports.ts";

export type Recorded =
  | { type: "text"; channel: Channel; to: Recipient; text: string; ref: SentRef }
  | { type: "card"; channel: Channel; to: Recipient; card: ReviewCard; ref: SentRef }
  | { type: "card_update"; channel: Channel; to: Recipient; ref: SentRef; card: ReviewCard; outcome: CardOutcome }
  | { type: "answer"; channel: Channel; to: Recipient; answer: AnswerMessage; ref: SentRef };

export interface RecordingSender extends ChannelSender {
  readonly sent: Recorded[];
  /** Addresses that fail permanently, like a user who blocked the bot. */
  readonly blocked: Set<string>;
  /** Called before each send; throwing from it simulates a transient failure. */
  beforeSend?: (to: Recipient) => void | Promise<void>;
}

export function createRecordingSender(channel: Channel, log: Recorded[] = []): RecordingSender {
  let n = 0;
  const check = async (s: RecordingSender, to: Recipient) => {
    if (!to.address) throw new DeliveryError("empty address", true);
    if (s.blocked.has(to.address)) throw new DeliveryError(`recipient ${to.address} blocked the sender`, true);
    await s.beforeSend?.(to);
  };
  const mint = (): SentRef => `${channel}-${++n}`;
  const s: RecordingSender = {
    channel,
    sent: log,
    blocked: new Set(),
    async sendText(to, text) {
      await check(s, to);
      const ref = mint();
      log.push({ type: "text", channel, to, text, ref });
      return ref;
    },
    async sendReviewCard(to, card) {
      await check(s, to);
      const ref = mint();
      log.push({ type: "card", channel, to, card, ref });
      return ref;
    },
    async updateReviewCard(to, ref, card, outcome) {
      await check(s, to);
      log.push({ type: "card_update", channel, to, ref, card, outcome });
    },
    async sendAnswer(to, answer) {
      await check(s, to);
      const ref = mint();
      log.push({ type: "answer", channel, to, answer, ref });
      return ref;
    },
  };
  return s;
}
