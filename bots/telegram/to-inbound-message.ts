/**
 * A Telegram message as core's inbound input: pure, no I/O. The external id is the chat and
 * message id, stable across redeliveries of the same update; the whole update is kept as the
 * payload, so files and the forward origin can be recovered later.
 */
import type { Chat, Message, MessageOrigin, Update, User } from "grammy/types";
import type { Prisma } from "../../core/db.ts";
import type { InboundInput } from "../../core/intake/receive.ts";
import { contentPlaceholders as P } from "./messages.ts";

/** `msg:<chat_id>:<message_id>`: what receiving and amending dedupe on. */
export function inboundExternalId(msg: Pick<Message, "chat" | "message_id">): string {
  return `msg:${msg.chat.id}:${msg.message_id}`;
}

/** The core input for a message; `update` (the whole update as received) becomes the payload. */
export function toInboundMessage(msg: Message, update?: Update): InboundInput {
  const from = msg.from;
  const origin = msg.forward_origin ? P.forwardedFrom(originName(msg.forward_origin)) : null;
  const body = messageText(msg) ?? "";
  return {
    channel: "telegram",
    externalId: inboundExternalId(msg),
    sender: {
      // Messages in private chats always carry `from`; the chat stands in for a channel post.
      externalId: String(from?.id ?? msg.chat.id),
      displayName: from ? userName(from) : chatName(msg.chat),
      chatId: String(msg.chat.id),
    },
    text: origin ? `${origin}\n${body}` : body,
    // A round trip through JSON drops undefined fields and leaves only what Postgres can store.
    payload: JSON.parse(JSON.stringify(update ?? msg)) as Prisma.InputJsonValue,
  };
}

/**
 * What a message says: its text or caption, else a placeholder for what it carries. Null when
 * there is nothing a person could review (a sticker, a dice, an empty text).
 */
export function messageText(msg: Message): string | null {
  const said = (msg.text ?? msg.caption)?.trim();
  if (said) return said;
  if (msg.photo) return P.photo;
  if (msg.video) return P.video;
  if (msg.animation) return P.animation;
  if (msg.voice) return P.voice;
  if (msg.audio) return P.audio;
  if (msg.video_note) return P.videoNote;
  if (msg.document) return P.document(msg.document.file_name);
  if (msg.venue) return P.venue(msg.venue.title, msg.venue.address);
  if (msg.location) return P.location(msg.location.latitude, msg.location.longitude);
  if (msg.contact) return P.contact(userName(msg.contact), msg.contact.phone_number);
  return null;
}

/** True when the message starts with a bot command (`/start`, `/trangthai@bantin_bot …`). */
export function commandOf(msg: Message): string | null {
  const e = msg.entities?.[0];
  if (!msg.text || !e || e.type !== "bot_command" || e.offset !== 0) return null;
  return msg.text.slice(1, e.length).split("@")[0]!.toLowerCase();
}

/** "Nguyễn Văn An" from first and last name. */
export function userName(u: Pick<User, "first_name" | "last_name">): string {
  return [u.first_name, u.last_name]
    .filter((s) => s && s.trim())
    .join(" ")
    .normalize("NFC");
}

function chatName(chat: Chat): string | null {
  if ("title" in chat && chat.title) return chat.title;
  if ("first_name" in chat && chat.first_name) return userName(chat);
  return null;
}

function originName(o: MessageOrigin): string {
  switch (o.type) {
    case "user":
      return userName(o.sender_user) || P.someone;
    case "hidden_user":
      return o.sender_user_name || P.someone;
    case "chat":
      return chatName(o.sender_chat) ?? P.someone;
    case "channel":
      return chatName(o.chat) ?? P.someone;
  }
}
