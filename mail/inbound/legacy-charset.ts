/**
 * Vietnamese text written in the legacy 8-bit font encodings (TCVN3/ABC with .VnTime, VNI with
 * VNI-Times) and sent labelled as Latin-1 or windows-1252: the bytes are right, the label is
 * wrong, and the decoded text reads "ViÖt Nam" or "Vieät Nam". These are recognised by their
 * letter patterns and turned into Unicode NFC; text that is not such mojibake is left alone.
 * Pure, no I/O; runs in the parsing worker (erasable TypeScript only).
 */
import iconv from "iconv-lite";

// Letters only genuine Vietnamese Unicode text has (outside Latin-1): if any is there, the text is
// already right.
const VIETNAMESE_UNICODE = /[ăĂđĐơƠưƯ\u1EA0-\u1EF9]/u;

// TCVN3 puts Vietnamese letters on Latin-1 symbols and letters rarely seen in Western text.
const TCVN3_MARKERS = /[¸µ¶·¹¨©ª«¬®¡¢£¤¥¦§ÐÑÒÓÔÕÖ×ØÞßãåæçèéêëíîïñòóôõöøùúûüýþ]/g;

// VNI: a vowel followed by a mark written as a Latin-1 letter (tone or shape).
const VNI_PAIR = /[aeiouyAEIOUYôöÔÖ][ùøûõïâáàåãäêéèúüëÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜË]/g;

const ACUTE = "\u0301";
const GRAVE = "\u0300";
const HOOK = "\u0309";
const TILDE = "\u0303";
const DOT = "\u0323";
const CIRCUMFLEX = "\u0302";
const BREVE = "\u0306";

/** VNI marks after a vowel: the combining marks they stand for. Upper case marks for capitals. */
const VNI_MARKS: Record<string, string> = {
  ù: ACUTE,
  ø: GRAVE,
  û: HOOK,
  õ: TILDE,
  ï: DOT,
  â: CIRCUMFLEX,
  á: CIRCUMFLEX + ACUTE,
  à: CIRCUMFLEX + GRAVE,
  å: CIRCUMFLEX + HOOK,
  ã: CIRCUMFLEX + TILDE,
  ä: CIRCUMFLEX + DOT,
  ê: BREVE,
  é: BREVE + ACUTE,
  è: BREVE + GRAVE,
  ú: BREVE + HOOK,
  ü: BREVE + TILDE,
  ë: BREVE + DOT,
};

/** VNI letters that stand alone (ơ, ư, đ and the i with tones). */
const VNI_LETTERS: Record<string, string> = {
  ô: "ơ",
  Ô: "Ơ",
  ö: "ư",
  Ö: "Ư",
  ñ: "đ",
  Ñ: "Đ",
  í: "í",
  Í: "Í",
  ì: "ì",
  Ì: "Ì",
  æ: "ỉ",
  Æ: "Ỉ",
  ó: "ĩ",
  Ó: "Ĩ",
  ò: "ị",
  Ò: "Ị",
  î: "ỵ",
  Î: "Ỵ",
};

function vniToUnicode(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const next = s[i + 1];
    const isVowel = /[aeiouyAEIOUYôöÔÖ]/.test(c);
    const markKey = next?.toLowerCase();
    if (isVowel && next && markKey && VNI_MARKS[markKey]) {
      const base = VNI_LETTERS[c] ?? c;
      const mark = VNI_MARKS[markKey]!;
      // a + ê is ă (breve); o/u + marks keep their own shape.
      out += (base + mark).normalize("NFC");
      i++;
      continue;
    }
    out += VNI_LETTERS[c] ?? c;
  }
  return out;
}

/** Vietnamese letters (with any diacritic) in a text, as a share of its letters. */
function vietnameseShare(s: string): number {
  const letters = s.match(/\p{L}/gu)?.length ?? 0;
  if (letters === 0) return 0;
  const viet = s.normalize("NFC").match(/[ăâđêôơưĂÂĐÊÔƠƯ\u1EA0-\u1EF9àáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]/giu)?.length ?? 0;
  return viet / letters;
}

const SYLLABLE = /^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(ng|nh|ch|[cmnpt])?$/;

/** True when most words carrying a diacritic are well-formed Vietnamese syllables ("Mỹnchen" is not). */
function readsAsVietnamese(s: string): boolean {
  const marked = (s.match(/\p{L}+/gu) ?? []).filter((w) => /[^\p{ASCII}]/u.test(w));
  if (marked.length === 0) return false;
  const plain = (w: string) => w.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/gi, "d").toLowerCase();
  const good = marked.filter((w) => SYLLABLE.test(plain(w))).length;
  return good / marked.length >= 0.8;
}

export type LegacyEncoding = "tcvn3" | "vni";

/**
 * The text decoded from its legacy encoding when it looks like TCVN3 or VNI mojibake; `null`
 * when it does not (the usual case).
 */
export function fixLegacyVietnamese(text: string): { text: string; encoding: LegacyEncoding } | null {
  if (VIETNAMESE_UNICODE.test(text)) return null;
  // Only text that is all Latin-1/windows-1252 can be such mojibake.
  if (/[^\t\n\r\u0020-\u00FF\u2000-\u20FF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC]/u.test(text))
    return null;
  const words = text.match(/\S+/g)?.length ?? 0;
  if (words === 0) return null;

  const vniPairs = text.match(VNI_PAIR)?.length ?? 0;
  if (vniPairs >= 2 && vniPairs / words > 0.15) {
    const fixed = vniToUnicode(text).normalize("NFC");
    if (readsAsVietnamese(fixed) && vietnameseShare(fixed) > vietnameseShare(text))
      return { text: fixed, encoding: "vni" };
  }
  const markers = text.match(TCVN3_MARKERS)?.length ?? 0;
  if (markers >= 2 && markers / words > 0.15) {
    const bytes = iconv.encode(text, "windows-1252");
    const fixed = iconv.decode(bytes, "tcvn").normalize("NFC");
    if (readsAsVietnamese(fixed) && vietnameseShare(fixed) > vietnameseShare(text))
      return { text: fixed, encoding: "tcvn3" };
  }
  return null;
}
