/**
 * Zalo webhook events as core's inbound input, pure, no I/O. Ids and timestamps stay strings
 * (they exceed 2^53). The whole event is kept as the payload, so anything not read here can be
 * recovered later. Field names follow ../shared/research/zalo.md §2.3; where sources disagree
 * (msg_id / message_id, the quote's field, follow / user_follow) every spelling is read.
 */
import { createHash } from "node:crypto";
import type { Prisma } from "../../core/db.ts";
import type { InboundInput } from "../../core/intake/receive.ts";
import { contentPlaceholders as P } from "./messages.ts";

export interface ZaloAttachment {
  type?: string;
  payload?: {
    url?: string;
    thumbnail?: string;
    name?: string;
    size?: string | number;
    type?: string;
    title?: string;
    description?: string;
    coordinates?: { latitude?: string | number; longitude?: string | number };
    id?: string;
  };
}

export interface ZaloEventBody {
  app_id?: string;
  event_name?: string;
  timestamp?: string;
  oa_id?: string;
  sender?: { id?: string };
  recipient?: { id?: string };
  follower?: { id?: string };
  user_id_by_app?: string;
  message?: {
    msg_id?: string;
    message_id?: string;
    text?: string;
    attachments?: ZaloAttachment[];
    quote_msg_id?: string;
    quote_message_id?: string;
    quote?: { msg_id?: string; message_id?: string };
  };
  info?: {
    name?: string;
    phone?: string;
    address?: string;
    city?: string;
    district?: string;
    ward?: string;
    full_address?: { user_address?: string; user_ward?: string; user_district?: string; user_city?: string };
  };
}

export type EventKind = "message" | "submit_info" | "follow" | "unfollow" | "echo" | "receipt" | "other";

/** What an event is, for the webhook (what to store) and the channel (what to do). */
export function eventKind(e: ZaloEventBody): EventKind {
  const name = e.event_name ?? "";
  if (
    name.startsWith("oa_send_") ||
    (e.sender?.id && e.sender.id === (e.oa_id ?? e.recipient?.id) && !name.startsWith("user_"))
  )
    return "echo";
  if (name === "user_seen_message" || name === "user_received_message") return "receipt";
  if (name === "user_submit_info") return "submit_info";
  if (name === "follow" || name === "user_follow") return "follow";
  if (name === "unfollow" || name === "user_unfollow") return "unfollow";
  if (name.startsWith("user_send_") || name === "user_click_button") return "message";
  return "other";
}

/** The Zalo user an event is from: the sender, or the follower of a follow event. */
export function userOf(e: ZaloEventBody): string | null {
  return e.sender?.id ?? e.follower?.id ?? null;
}

/** Zalo's id for the message: what redeliveries are deduplicated on. */
export function messageIdOf(e: ZaloEventBody): string | null {
  return e.message?.msg_id ?? e.message?.message_id ?? null;
}

/** The idempotency key of an event: its message id, else name + user + timestamp, else the body's hash. */
export function eventKeyOf(e: ZaloEventBody, raw: Buffer): string {
  const id = messageIdOf(e);
  if (id) return `msg:${id}`;
  const user = userOf(e);
  if (user && e.timestamp) return `${e.event_name ?? "event"}:${user}:${e.timestamp}`;
  return `sha256:${createHash("sha256").update(raw).digest("hex")}`;
}

/** The id of the message a user's message quotes (replies to), if Zalo says. */
export function quotedMessageIdOf(e: ZaloEventBody): string | null {
  const m = e.message;
  return m?.quote_msg_id ?? m?.quote_message_id ?? m?.quote?.msg_id ?? m?.quote?.message_id ?? null;
}

/** A file to download with the message: Zalo's URLs expire, so they are fetched at once. */
export interface MediaRef {
  url: string;
  kind: "image" | "gif" | "file" | "audio" | "video";
  name: string | null;
  declaredType: string | null;
}

/** What a message says and carries. Text is null when there is nothing a person could review (a sticker). */
export function messageContent(e: ZaloEventBody): { text: string | null; media: MediaRef[] } {
  const said = e.message?.text?.trim() ?? "";
  const media: MediaRef[] = [];
  const placeholders: string[] = [];
  for (const a of e.message?.attachments ?? []) {
    const p = a.payload ?? {};
    switch (a.type) {
      case "image":
      case "gif":
      case "audio":
      case "video":
        if (p.url) media.push({ url: p.url, kind: a.type, name: null, declaredType: null });
        placeholders.push(P[a.type]);
        break;
      case "file":
        if (p.url) media.push({ url: p.url, kind: "file", name: p.name ?? null, declaredType: p.type ?? null });
        placeholders.push(P.file(p.name));
        break;
      case "link":
        // A link sent as text arrives as the URL itself: then the title is all that is new.
        if (p.url && !said.includes(p.url)) placeholders.push(P.link(p.title ?? null, p.url));
        else if (p.title) placeholders.push(P.link(p.title, ""));
        break;
      case "location": {
        const lat = Number(p.coordinates?.latitude);
        const lon = Number(p.coordinates?.longitude);
        if (Number.isFinite(lat) && Number.isFinite(lon)) placeholders.push(P.location(lat, lon));
        break;
      }
      case "business_card":
        if (p.title || p.description)
          placeholders.push(P.businessCard([p.title, p.description].filter(Boolean).join(", ")));
        break;
      // Stickers carry nothing to review.
    }
  }
  const text = [said, ...placeholders].filter(Boolean).join("\n");
  return { text: text || null, media };
}

/** The core input for a message event; attachments must already be in the store. */
export function toInboundMessage(
  e: ZaloEventBody,
  p: { text: string; displayName?: string | null; attachments?: InboundInput["attachments"]; receivedAt?: Date },
): InboundInput {
  return {
    channel: "zalo",
    externalId: `msg:${messageIdOf(e)}`,
    sender: { externalId: userOf(e)!, displayName: p.displayName ?? null },
    text: p.text,
    // A round trip through JSON leaves only what Postgres can store.
    payload: JSON.parse(JSON.stringify(e)) as Prisma.InputJsonValue,
    ...(p.attachments?.length ? { attachments: p.attachments } : {}),
    ...(p.receivedAt ? { receivedAt: p.receivedAt } : {}),
  };
}

/** The details a `user_submit_info` shares: name, phone, and the address in one line. */
export function sharedInfo(e: ZaloEventBody): { name: string | null; phone: string | null; address: string | null } {
  const i = e.info ?? {};
  const f = i.full_address ?? {};
  const parts = [
    i.address ?? f.user_address,
    i.ward ?? f.user_ward,
    i.district ?? f.user_district,
    i.city ?? f.user_city,
  ]
    .map((s) => s?.trim())
    .filter((s): s is string => Boolean(s));
  return {
    name: i.name?.trim() || null,
    phone: i.phone?.trim() || null,
    address: parts.length ? parts.join(", ") : null,
  };
}
