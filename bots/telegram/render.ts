/**
 * Core's messages drawn as Telegram messages: plain text (never MarkdownV2, which breaks on
 * citizens' punctuation) in NFC, cut to Telegram's 4096-character limit, and inline keyboards.
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import { REJECTION_REASON_CODES, REJECTION_REASONS } from "../../core/domain.ts";
import type { CardAction, CardOutcome, ReviewCard } from "../../core/ports.ts";
import { BUTTON_LABELS } from "./messages.ts";
import { encodeCardCallback, fitsForwardMenu, type CardPress } from "./callback-data.ts";

/** Telegram's limit on a message's text, counted here in UTF-16 units (never fewer than Telegram's count). */
export const TEXT_MAX = 4096;

// Từ chối only opens the reason menu: a rejection always carries one of the nine reasons.
const PRESSES: Record<CardAction, CardPress> = {
  approve: { action: "approve" },
  reject: { action: "choose_reason" },
  request_changes: { action: "request_changes" },
  forward: { action: "forward" },
  answer: { action: "answer" },
};

/** A message ready for sendMessage: its text and, for cards, the keyboard. */
export interface TelegramMessage {
  text: string;
  reply_markup?: InlineKeyboardMarkup;
}

/** A review card with one button per `card.actions`, two per row, then "Xem trên web" when Telegram accepts the URL. */
export function renderCard(card: ReviewCard): TelegramMessage {
  const buttons = card.actions.map((a) => button(BUTTON_LABELS[a], card.token, PRESSES[a]));
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < buttons.length; i += 2) rows.push(buttons.slice(i, i + 2));
  const url = acceptedUrl(card.webUrl);
  if (url) rows.push([{ text: BUTTON_LABELS.web, url }]);
  return { text: truncate(nfc(card.text), TEXT_MAX), reply_markup: { inline_keyboard: rows } };
}

/** The card once decided: its text and the outcome line, to be sent without a keyboard. */
export function renderClosedCard(card: ReviewCard, outcome: CardOutcome): string {
  const tail = `\n\n${nfc(outcome.text)}`;
  return truncate(nfc(card.text), Math.max(0, TEXT_MAX - tail.length)) + tail;
}

/** The forward menu: every field whose code fits a button, two per row, and a way back. */
export function renderForwardFieldMenu(
  token: string,
  fields: ReadonlyArray<{ code: string; name: string }>,
): InlineKeyboardMarkup {
  const buttons = fields
    .filter((f) => fitsForwardMenu(f.code))
    .map((f) => button(f.name, token, { action: "forward_field", fieldCode: f.code }));
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < buttons.length; i += 2) rows.push(buttons.slice(i, i + 2));
  rows.push([button(BUTTON_LABELS.back, token, { action: "back" })]);
  return { inline_keyboard: rows };
}

/** One field in the forward menu: the whole field, or one of the people who cover it. */
export function renderForwardMemberMenu(
  token: string,
  field: { code: string; name: string },
  people: ReadonlyArray<{ id: string; name: string }>,
): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [button(`${BUTTON_LABELS.wholeField}: ${field.name}`, token, { action: "forward_to", fieldCode: field.code })],
      ...people.map((p) => [button(p.name, token, { action: "forward_to", personId: p.id })]),
      [button(BUTTON_LABELS.back, token, { action: "forward" })],
    ],
  };
}

/** The nine rejection reasons, one per row, and a way back to the card's buttons. */
export function renderReasonMenu(token: string): InlineKeyboardMarkup {
  const rows = REJECTION_REASON_CODES.map((reason) => [
    button(`${reason}. ${REJECTION_REASONS[reason]}`, token, { action: "reason_chosen", reason }),
  ]);
  rows.push([button(BUTTON_LABELS.back, token, { action: "back" })]);
  return { inline_keyboard: rows };
}

/** A text as one or more messages within Telegram's limit, split at line, then word boundaries. */
export function renderText(text: string): string[] {
  return splitText(nfc(text), TEXT_MAX);
}

/**
 * `url` if Telegram would accept it on a button, else null. Telegram refuses button URLs whose
 * host is localhost or has no dot ("Wrong HTTP URL"), and the whole message with them.
 */
export function acceptedUrl(url: string): string | null {
  if (!URL.canParse(url)) return null;
  const u = new URL(url);
  if (u.protocol !== "http:" && u.protocol !== "https:") return null;
  const host = u.hostname;
  if (host === "localhost" || host.endsWith(".localhost") || host.startsWith("127.") || !host.includes("."))
    return null;
  return u.href;
}

/** Splits `text` into parts of at most `max` UTF-16 units, preferring line breaks, then spaces. */
export function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    // Look one past the limit so a break exactly at `max` counts; a break in the first half would
    // leave a stub of a message, so cut at a space or, failing that, hard.
    const window = rest.slice(0, max + 1);
    let cut = window.lastIndexOf("\n");
    if (cut < max / 2) cut = lastSpace(window);
    if (cut < max / 2) cut = isHighSurrogate(rest.charCodeAt(max - 1)) ? max - 1 : max;
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  parts.push(rest);
  return parts.filter((p) => p.trim().length > 0);
}

function button(text: string, token: string, press: CardPress): InlineKeyboardButton {
  return { text, callback_data: encodeCardCallback(token, press) };
}

function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max < 2) return "";
  const cut = isHighSurrogate(s.charCodeAt(max - 2)) ? max - 2 : max - 1;
  return `${s.slice(0, cut)}…`;
}

function lastSpace(s: string): number {
  for (let i = s.length - 1; i >= 0; i--) if (/\s/.test(s[i] ?? "")) return i;
  return -1;
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const nfc = (s: string) => s.normalize("NFC");
