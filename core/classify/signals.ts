/**
 * Evidence about the kind of a message that is not a phrase: punctuation, links, emoji, shouting,
 * document numbers, dates, and who sent it.
 */
import type { Kind } from "../domain.ts";
import type { MatchTokens } from "../text.ts";

/** One piece of non-lexical evidence for a kind. */
export interface Signal {
  readonly cls: Kind;
  readonly label: string;
  readonly weight: number;
}

const URL = /\bhttps?:\/\/\S+|\bwww\.\S+|\b[a-z0-9-]+\.(?:com|vn|net|xyz|top|info|online|site|club|me|ly)\/\S*/gi;
const EMOJI = /\p{Extended_Pictographic}/gu;
// "Kế hoạch số 125/KH-UBND", "Quyết định 45/2025/QĐ-UBND": citing a document is what reports do.
const DOCUMENT_NUMBER = /\b\d+\/(?:\d{4}\/)?[A-ZĐ]{1,6}(?:-[A-ZĐ0-9]{1,10})+/u;
// "Sáng ngày 15/11", "Chiều 12/10": an event dated in the opening words of a report.
const EVENT_DATE = /\b(?:sáng|chiều|tối|trưa|ngày)\s+(?:ngày\s+|nay\s+)?\d{1,2}\/\d{1,2}\b/iu;

/**
 * Non-lexical signals of a message. `text` is normalized (NFC); `tokens` its match tokens;
 * `noise` the folded whole-message strings that carry nothing ("alo", "test").
 */
export function kindSignals(
  text: string,
  tokens: MatchTokens,
  noise: ReadonlySet<string>,
  senderRoles: readonly string[],
): Signal[] {
  const signals: Signal[] = [];
  const add = (cls: Kind, label: string, weight: number) => signals.push({ cls, label, weight });

  const urls = text.match(URL)?.length ?? 0;
  const emoji = text.match(EMOJI)?.length ?? 0;
  const folded = tokens.folded.join(" ");
  if (text.trim() !== "" && tokens.folded.length === 0) add("spam", "chỉ có biểu tượng", 5);
  // An empty text is not spam: a photo or a document may come without a caption.
  else if (noise.has(folded) || (folded.length > 0 && folded.length <= 2)) add("spam", `chỉ có "${folded}"`, 5);
  if (urls >= 2) add("spam", `${urls} đường link`, 4);
  else if (urls === 1) add("spam", "đường link", 1.5);
  if (emoji >= 3 && tokens.folded.length > 0) add("spam", "nhiều biểu tượng", 1);

  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const upper = text.match(/\p{Lu}/gu)?.length ?? 0;
  if (letters >= 20 && upper / letters > 0.7) add("spam", "viết hoa toàn bộ", 2);

  // A question mark is strong evidence, but rhetorical ones end feedback too ("sao chưa ai sửa?").
  if (text.includes("?")) add("question", '"?"', 2);
  if (tokens.accented.at(-1) === "ạ") add("question", '"ạ" cuối câu', 0.75);
  // "có … không (ạ/vậy)?": the yes/no question, with or without its question mark.
  if (/\bco\b.* khong( a| vay| nhi| ha| ad)?$/.test(folded)) add("question", '"có … không"', 1.5);

  if (DOCUMENT_NUMBER.test(text)) add("news", "số văn bản", 2);
  if (EVENT_DATE.test(text)) add("news", "ngày diễn ra", 1.5);
  if (senderRoles.includes("collaborator")) add("news", "người gửi là cộng tác viên", 2);
  return signals;
}
