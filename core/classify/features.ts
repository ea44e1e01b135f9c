/**
 * What the learned model sees of a message: syllable n-grams of the accent-free text (which an
 * accented and an unaccented spelling share), n-grams of the accented text where diacritics
 * disambiguate ("chợ" vs "chờ", "lúa" vs "lừa"), and a few structural signals (a question mark,
 * links, emoji, a document number, a date, length). Shared by training and classification, so
 * both see exactly the same features.
 */
import { FIELD_CODES, KINDS } from "../domain.ts";
import { matchTokens, normalizeText, type MatchTokens } from "../text.ts";
import { tokenize } from "../text/normalize.ts";
import { FIELD_LEXICON, KIND_LEXICON } from "./lexicon.ts";
import { compileLexicon, findHits, sumScores, type CompiledLexicon } from "./rules.ts";

/** Bumped whenever feature extraction changes: the model's id changes with it. */
export const FEATURES_VERSION = 2;

/** One feature of a message and the words it came from, as written (for reasons). */
export interface Feature {
  readonly name: string;
  /** The accented words behind the feature, or a short Vietnamese description of a signal. */
  readonly display: string;
}

const NON_ASCII = /[^\p{ASCII}]/u;
const URL =
  /\bhttps?:\/\/\S+|\bwww\.\S+|\b[a-z0-9-]+\.(?:com|vn|net|xyz|top|info|online|site|club|me|ly|io)\b\/?\S*/giu;
const EMOJI = /\p{Extended_Pictographic}/gu;
const DOCUMENT_NUMBER = /\b\d+\/(?:\d{4}\/)?[A-ZĐ]{1,6}(?:-[A-ZĐ0-9]{1,10})+/u;
const DAY_MONTH = /\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b/u;
const PHONE = /(?:\+?84|0)(?:[\s.]?\d){8,10}\b|\b0\d{2,3}\s?x{3}/iu;
const MONEY = /\b\d+(?:[.,]\d+)?\s?(?:k|tr|triệu|nghìn|ngàn|đồng|đ|usd|tỷ)(?![\p{L}\d])/iu;

// The phrase lexicons of the rule classifier, compiled on first use: their hits are features too,
// so the model learns how far to trust each class of phrases.
let lexicons: { kind: CompiledLexicon<string>; field: CompiledLexicon<string> } | null = null;

/** The features of a normalised text, each name once. */
export function extractFeatures(text: string, matched: MatchTokens = matchTokens(text)): Feature[] {
  const { accented, folded, origin } = tokenize(text, matched);
  const out = new Map<string, string>();
  const add = (name: string, display: string) => {
    if (!out.has(name)) out.set(name, display);
  };

  // Folded n-grams, shown as the accented words they came from ("ko" → "không" shows "ko").
  const show = (from: number, to: number) => accented.slice(origin[from]!, origin[to]! + 1).join(" ");
  for (let i = 0; i < folded.length; i++) {
    add(`w:${folded[i]}`, show(i, i));
    if (i + 1 < folded.length) add(`b:${folded[i]} ${folded[i + 1]}`, show(i, i + 1));
    if (i + 2 < folded.length) add(`t:${folded[i]} ${folded[i + 1]} ${folded[i + 2]}`, show(i, i + 2));
  }
  // Accented unigrams and bigrams, only where a diacritic is present (else they repeat the folded ones).
  // Tokens are lower-case letters and digits: any non-ASCII letter is a Vietnamese one with a mark.
  const marked = (t: string) => NON_ASCII.test(t);
  for (let i = 0; i < accented.length; i++) {
    const t = accented[i]!;
    if (marked(t)) add(`a:${t}`, t);
    if (i + 1 < accented.length && (marked(t) || marked(accented[i + 1]!)))
      add(`A:${t} ${accented[i + 1]}`, `${t} ${accented[i + 1]}`);
  }

  lexicons ??= { kind: compileLexicon(KIND_LEXICON), field: compileLexicon(FIELD_LEXICON) };
  for (const [dim, lexicon, classes] of [
    ["kind", lexicons.kind, KINDS],
    ["field", lexicons.field, FIELD_CODES],
  ] as const) {
    const hits = findHits(lexicon, matched).filter((h) => h.weight > 0);
    for (const h of hits) add(`r:${dim}:${h.cls}`, h.label);
    const scores = sumScores<string>(classes, hits);
    const best = Object.entries(scores).sort((a, b) => b[1] - a[1])[0];
    if (best && best[1] > 0) {
      const label = hits.filter((h) => h.cls === best[0]).sort((a, b) => b.weight - a.weight)[0]!.label;
      add(`R:${dim}:${best[0]}`, label);
      if (best[1] >= 4) add(`R+:${dim}:${best[0]}`, label);
    }
  }

  const raw = normalizeText(text);
  if (raw.includes("?")) add("s:question-mark", "dấu “?”");
  const urls = raw.match(URL)?.length ?? 0;
  if (urls > 0) add("s:link", "đường link");
  if (urls > 1) add("s:links", "nhiều đường link");
  const emoji = raw.match(EMOJI)?.length ?? 0;
  if (emoji > 0) add("s:emoji", "biểu tượng cảm xúc");
  if (emoji > 2) add("s:emoji-many", "nhiều biểu tượng cảm xúc");
  if (folded.length === 0 && raw.trim() !== "") add("s:no-words", "không có chữ");
  if (DOCUMENT_NUMBER.test(raw)) add("s:document-number", "số văn bản");
  if (DAY_MONTH.test(raw)) add("s:date", "ngày tháng");
  if (PHONE.test(raw)) add("s:phone", "số điện thoại");
  if (MONEY.test(raw)) add("s:money", "số tiền");
  const letters = raw.match(/\p{L}/gu)?.length ?? 0;
  const upper = raw.match(/\p{Lu}/gu)?.length ?? 0;
  if (letters >= 20 && upper / letters > 0.7) add("s:shouting", "viết hoa toàn bộ");
  add(`s:length-${lengthBucket(folded.length)}`, "độ dài tin");
  if (accented.length > 0 && !accented.some(marked)) add("s:no-diacritics", "không dấu");

  return [...out].map(([name, display]) => ({ name, display }));
}

function lengthBucket(words: number): string {
  if (words <= 3) return "0-3";
  if (words <= 10) return "4-10";
  if (words <= 30) return "11-30";
  if (words <= 80) return "31-80";
  return "81+";
}
