/**
 * Pure text helpers for Vietnamese input: canonical storage form (TCVN 6909 = Unicode NFC),
 * accent-free folding for matching, excerpts for previews.
 */

// Zero-width characters that survive copy-paste from Zalo / Word / web pages. ZWJ (U+200D) is kept
// when it joins emoji (👨‍👩‍👧), where dropping it would change what the reader sees.
const ZERO_WIDTH = /[\u200B\u200C\u2060\uFEFF\u00AD]|\u200D(?!\p{Extended_Pictographic})/gu;

/** Canonical form for storage and display: NFC, Ð/ð → Đ/đ, no zero-width chars, `\n` line ends. */
export function normalizeText(s: string): string {
  return s
    .normalize("NFC")
    .replace(/\u00D0/g, "\u0110") // Icelandic eth, typed on some keyboards for Đ
    .replace(/\u00F0/g, "\u0111")
    .replace(ZERO_WIDTH, "")
    .replace(/\r\n?|[\u2028\u2029]/g, "\n");
}

/** Removes every diacritic (tones, hats, horns) and maps đ/Đ to d/D. */
export function stripDiacritics(s: string): string {
  return s.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D");
}

const TONE = "[\u0300\u0301\u0303\u0309\u0323]"; // huyền, sắc, ngã, hỏi, nặng (NFD combining marks)
const TONE_OA_OE = new RegExp(`o(${TONE})([ae])`, "g");
const TONE_UY = new RegExp(`u(${TONE})y`, "g");

/**
 * Puts the tone of "oa", "oe", "uy" on the second vowel (hòa → hoà, thủy → thuỷ, khỏe → khoẻ), so the
 * two spelling conventions in use compare equal. Expects lower-case input.
 */
export function canonicalTonePlacement(s: string): string {
  return s.normalize("NFD").replace(TONE_OA_OE, "o$2$1").replace(TONE_UY, "uy$1").normalize("NFC");
}

// Chat abbreviations, keyed by their folded form. Deliberately conservative: a wrong expansion
// makes a phrase match that the writer never meant. Left out on purpose: "a" (also the folded
// particle "ạ"), "tr" (triệu / trước / trường), "hong" (không / hỏng / sổ hồng), "kg" (kilogram),
// "mk" (mình / mật khẩu), "dk" (được / điều kiện / đăng ký), "hs" (học sinh / hồ sơ).
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  ko: "khong",
  k: "khong",
  kh: "khong",
  khg: "khong",
  hok: "khong",
  dc: "duoc",
  j: "gi",
  bn: "bao nhieu", // also "bạn" in some chats; "bao nhiêu" is the commoner reading in questions
  ntn: "nhu the nao",
  mn: "moi nguoi",
  mng: "moi nguoi",
  vs: "voi",
  ng: "nguoi",
  e: "em",
  r: "roi",
  trc: "truoc",
  ms: "moi",
  cx: "cung",
  sdt: "so dien thoai",
  cty: "cong ty",
  bit: "biet",
  bik: "biet",
  mik: "minh",
  wa: "qua",
  z: "vay",
  ak: "a",
  ah: "a",
};

/** Tokens of a text for matching: accented (lower-case, canonical tones) and folded, aligned. */
export interface MatchTokens {
  /** Lower-case NFC tokens with canonical tone placement, punctuation removed. */
  readonly accented: readonly string[];
  /** Accent-free tokens with chat abbreviations expanded (one accented token may give several). */
  readonly folded: readonly string[];
  /** For each folded token, the index of the accented token it came from. */
  readonly origin: readonly number[];
}

/** Splits a text into aligned accented and folded tokens; the basis of `foldForMatch`. */
export function matchTokens(s: string): MatchTokens {
  const accented = canonicalTonePlacement(normalizeText(s).toLowerCase())
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    .filter((t) => t.length > 0);
  const folded: string[] = [];
  const origin: number[] = [];
  accented.forEach((token, i) => {
    const plain = stripDiacritics(token);
    for (const part of (ABBREVIATIONS[plain] ?? plain).split(" ")) {
      folded.push(part);
      origin.push(i);
    }
  });
  return { accented, folded, origin };
}

/** Lower-case, accent-free, punctuation-free, abbreviation-expanded form for keyword matching. */
export function foldForMatch(s: string): string {
  return matchTokens(s).folded.join(" ");
}

/** At most `maxChars` characters on one line, cut at a word boundary and ended with "…". */
export function excerpt(s: string, maxChars: number): string {
  // Previews are one line (review cards, notifications), so whitespace runs collapse to one space.
  const chars = Array.from(normalizeText(s).replace(/\s+/g, " ").trim()); // code points: never split an emoji
  if (chars.length <= maxChars) return chars.join("");
  if (maxChars < 1) return "";
  let body = chars.slice(0, maxChars - 1).join("");
  if (chars[maxChars - 1] !== " ") {
    const lastSpace = body.lastIndexOf(" ");
    // One very long word (a URL) has no boundary worth keeping: cut it hard instead.
    if (lastSpace >= body.length / 2) body = body.slice(0, lastSpace);
  }
  return body.replace(/[\s,;:.\-–—]+$/u, "") + "…";
}
