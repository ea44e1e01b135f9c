/**
 * Normalisation for understanding a message (chuẩn hóa): one canonical text whatever the keyboard,
 * phone or mail client produced it. NFC (TCVN 6909), `Ð`→`Đ`, zero-width characters dropped
 * (`normalizeText`); tone placement made canonical so "thuỷ" = "thủy" and "hoà" = "hòa"; an
 * accent-free form; chat abbreviations expanded ("ko", "dc", "j", "bn", "ntn", "mn"…); e-mail
 * quotes, signatures and forward headers set aside (`splitMailBody`).
 */
import { matchTokens, normalizeText, stripDiacritics, type MatchTokens } from "../text.ts";
import { splitMailBody, type MailParts } from "./mail-body.ts";

/** What a message says now, ready to read: subject and new text, canonical; and the parts set aside. */
export interface NormalizedMessage {
  /** Subject (when any) and body, NFC, one text. */
  text: string;
  parts: MailParts;
}

/** Longest text read: the opening carries kind and field, and long threads stay cheap. */
export const MAX_READ_CHARS = 3000;

// What channels put in place of a photo, a voice message or a file ("[Ảnh]", "[Tệp: ke-hoach.pdf]",
// bots/*/messages.ts): not words of the sender. A file's name is kept, it often says what it is.
const PLACEHOLDER =
  /\[(?:Ảnh(?: động)?|Video(?: tròn)?|Tin nhắn thoại|Âm thanh|Tệp|Vị trí: [^\]\n]*|Địa điểm: [^\]\n]*|Chuyển tiếp từ [^\]\n]*)\]/gu;
const FILE_PLACEHOLDER = /\[Tệp: ([^\]\n]*)\]/gu;

/** The text without the channels' placeholders for media; a file's name stays, as words. */
export function withoutPlaceholders(text: string): string {
  return text
    .replace(FILE_PLACEHOLDER, (_m, name: string) => name.replace(/\.[a-z0-9]{1,5}$/iu, "").replace(/[-_.]+/gu, " "))
    .replace(PLACEHOLDER, "")
    .trim();
}

/** Canonical, quote- and signature-free text of a message with its optional subject, without media placeholders. */
export function normalizeMessage(input: { text: string; subject?: string | null }): NormalizedMessage {
  const parts = splitMailBody(withoutPlaceholders(normalizeText(input.text)));
  const subject = input.subject
    ? normalizeText(input.subject).replace(/^\s*(?:(?:re|fwd?|tr|trả lời)\s*:\s*)+/iu, "")
    : "";
  const text = [subject.trim(), parts.body].filter((s) => s !== "").join("\n");
  return { text: text.slice(0, MAX_READ_CHARS), parts };
}

// Chat abbreviations beyond the conservative set of `core/text.ts`, keyed by their folded form.
// Each reads one way in messages to a commune; ambiguous ones stay out (see core/text.ts).
const MORE_ABBREVIATIONS: Readonly<Record<string, string>> = {
  hk: "khong",
  hem: "khong",
  kq: "ket qua",
  lm: "lam",
  bh: "bao gio",
  bjo: "bao gio",
  nx: "nua",
  ns: "noi",
  tg: "thoi gian",
  sd: "su dung",
  xl: "xin loi",
  thg: "thang",
  dt: "dien thoai",
  ubnd: "uy ban nhan dan",
  ad: "admin",
  bt: "binh thuong",
  cmnd: "chung minh nhan dan",
  cccd: "can cuoc cong dan",
  bhyt: "bao hiem y te",
  bhxh: "bao hiem xa hoi",
  hs: "ho so",
  ctv: "cong tac vien",
  bbt: "ban bien tap",
  xkld: "xuat khau lao dong",
  pccc: "phong chay chua chay",
  gplx: "giay phep lai xe",
  gpmb: "giai phong mat bang",
  qsdd: "quyen su dung dat",
  thcs: "trung hoc co so",
  thpt: "trung hoc pho thong",
  htx: "hop tac xa",
  ocop: "ocop",
  vk: "vo",
  ck: "chong",
  ah: "a",
  uh: "u",
};

/** Aligned tokens: `accented` (lower-case, canonical tones) and `folded` (accent-free, abbreviations expanded). */
export interface Tokens {
  readonly accented: readonly string[];
  readonly folded: readonly string[];
  /** For each folded token, the index of the accented token it came from. */
  readonly origin: readonly number[];
}

/** Tokens of a text for the learned model and for comparison; `base` when the caller has them already. */
export function tokenize(text: string, base: MatchTokens = matchTokens(text)): Tokens {
  const folded: string[] = [];
  const origin: number[] = [];
  base.folded.forEach((t, i) => {
    for (const part of MORE_ABBREVIATIONS[t]?.split(" ") ?? [t]) {
      folded.push(part);
      origin.push(base.origin[i]!);
    }
  });
  return { accented: base.accented, folded, origin };
}

/** The accent-free, lower-case, abbreviation-expanded form of a text, words separated by one space. */
export function foldedForm(text: string): string {
  return tokenize(text).folded.join(" ");
}

/** The accent-free form, keeping case and punctuation: what a phone without a Vietnamese keyboard sends. */
export function withoutDiacritics(text: string): string {
  return stripDiacritics(normalizeText(text));
}
