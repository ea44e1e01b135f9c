/**
 * Telegram's pace per chat: about one message a second in a private chat, twenty a minute in a
 * group. The overall rate (30/s) is the send queue's limiter; this spaces messages to one chat, so
 * a burst of cards to one reviewer is sent in time rather than refused with 429.
 */
export interface Pacing {
  /** Gap between two messages to one private chat, and to one group (negative chat id). */
  privateMs: number;
  groupMs: number;
}

export const TELEGRAM_PACING: Pacing = { privateMs: 1_000, groupMs: 3_000 };

export interface ChatPacer {
  /** Milliseconds to wait before sending to this chat now; the slot is reserved. */
  reserve(chatId: string): number;
}

export function createChatPacer(pacing: Pacing, now: () => number = Date.now): ChatPacer {
  const next = new Map<string, number>();
  return {
    reserve(chatId) {
      const t = now();
      const at = Math.max(t, next.get(chatId) ?? 0);
      next.set(chatId, at + (chatId.startsWith("-") ? pacing.groupMs : pacing.privateMs));
      // Forget chats whose slot has passed, so the map stays small.
      if (next.size > 10_000) for (const [id, when] of next) if (when <= t) next.delete(id);
      return at - t;
    },
  };
}
