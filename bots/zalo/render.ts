/**
 * Core's messages drawn as Zalo consultation messages: plain NFC text within Zalo's 2000
 * characters, and review cards as text with the commands that decide them (Zalo has no callback
 * buttons). With buttons enabled (ZALO_BUTTONS, until a real OA confirms v3 accepts them) the
 * card also carries `oa.query.hide` buttons whose payload is exactly the typed command.
 */
import type { CardOutcome, ReviewCard } from "../../core/ports.ts";
import { TEXT_MAX, type CsMessage, type ZaloButton } from "./api.ts";
import { commandText } from "./commands.ts";
import { BUTTON_TITLES, reasonList } from "./messages.ts";

const nfc = (s: string) => s.normalize("NFC");

/** The lines under a card: how to decide, by command or by a reply quoting the card. */
export function cardCommands(card: Pick<ReviewCard, "actions" | "trackingCode">): string {
  const code = card.trackingCode;
  const lines = ["Để quyết định, gõ lệnh hoặc trả lời (trích dẫn) phiếu này:"];
  for (const a of card.actions) {
    if (a === "approve") lines.push(`${commandText("duyet", code)} — duyệt đăng`);
    if (a === "request_changes") lines.push(`${commandText("bosung", code)} <nội dung cần bổ sung> — yêu cầu bổ sung`);
    if (a === "forward") lines.push(`${commandText("chuyen", code)} <mã lĩnh vực> — chuyển`);
    if (a === "answer") lines.push(`${commandText("traloi", code)} <câu trả lời> — trả lời câu hỏi`);
    if (a === "reject") lines.push(`${commandText("tuchoi", code)} <lý do 1–9> <ghi chú> — từ chối`);
  }
  if (card.actions.includes("reject")) lines.push(`Lý do từ chối:\n${reasonList()}`);
  return nfc(lines.join("\n"));
}

/** A review card as one consultation message: its text, the commands, and buttons when enabled. */
export function renderCard(card: ReviewCard, opts: { buttons: boolean }): CsMessage {
  const footer = `\n\n${cardCommands(card)}`;
  const text = truncate(nfc(card.text), TEXT_MAX - footer.length) + footer;
  if (!opts.buttons) return { text };
  const buttons: ZaloButton[] = [];
  const code = card.trackingCode;
  if (card.actions.includes("approve"))
    buttons.push({ title: BUTTON_TITLES.approve, type: "oa.query.hide", payload: commandText("duyet", code) });
  if (card.actions.includes("reject"))
    buttons.push({ title: BUTTON_TITLES.reject, type: "oa.query.hide", payload: commandText("tuchoi", code) });
  if (card.actions.includes("request_changes"))
    buttons.push({ title: BUTTON_TITLES.request_changes, type: "oa.query.hide", payload: commandText("bosung", code) });
  if (/^https?:\/\//.test(card.webUrl))
    buttons.push({ title: BUTTON_TITLES.web, type: "oa.open.url", payload: { url: card.webUrl } });
  if (buttons.length === 0) return { text };
  return { text, attachment: { type: "template", payload: { buttons: buttons.slice(0, 5) } } };
}

/** The outcome of a card, sent as a reply quoting it: Zalo cannot edit a sent message. */
export function renderOutcome(card: Pick<ReviewCard, "trackingCode">, outcome: CardOutcome): string {
  return truncate(nfc(`${card.trackingCode}: ${outcome.text}`), TEXT_MAX);
}

/** A text as one or more parts within Zalo's limit, split at line, then word boundaries. */
export function splitText(text: string, max = TEXT_MAX): string[] {
  const parts: string[] = [];
  let rest = nfc(text);
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    let cut = window.lastIndexOf("\n");
    if (cut < max / 2) cut = Math.max(window.lastIndexOf(" "), window.lastIndexOf("\t"));
    if (cut < max / 2) cut = isHighSurrogate(rest.charCodeAt(max - 1)) ? max - 1 : max;
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  parts.push(rest);
  return parts.filter((p) => p.trim().length > 0);
}

function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max < 2) return "";
  const cut = isHighSurrogate(s.charCodeAt(max - 2)) ? max - 2 : max - 1;
  return `${s.slice(0, cut)}…`;
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
