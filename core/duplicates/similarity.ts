/**
 * Near-duplicates (trùng lặp): how much two messages say the same thing. Compared on the
 * accent-free, abbreviation-expanded text without quotes and signatures, so an unaccented copy, a
 * forwarded copy with a line of its own on top, or the same complaint by mail and by Zalo still
 * match. Pure; the database finds candidates (trigram index), this scores them.
 */
import { normalizeMessage, foldedForm } from "../text/normalize.ts";

/** Text stored with an item for finding its duplicates: folded, at most this long. */
export const MATCH_TEXT_CHARS = 800;

/** At or above this score two items are linked as duplicates. */
export const DUPLICATE_THRESHOLD = 0.6;

/** Fewer shared word pairs than this is too little to call two texts the same. */
const MIN_SHINGLES = 3;

/** The comparison form of a message: subject and new text, folded, bounded. */
export function matchText(input: { text: string; subject?: string | null }): string {
  return foldedForm(normalizeMessage(input).text).slice(0, MATCH_TEXT_CHARS);
}

function shingles(folded: string): Set<string> {
  const words = folded.split(" ").filter((w) => w.length > 0);
  const out = new Set<string>();
  for (let i = 0; i + 1 < words.length; i++) out.add(`${words[i]} ${words[i + 1]}`);
  if (words.length === 1) out.add(words[0]!);
  return out;
}

/**
 * 0..1: the mean of the Jaccard index of word pairs (how alike the whole texts are) and the share
 * of the shorter text's word pairs found in the longer one (a copy inside a longer message, a
 * forward with a note on top). Both texts are `matchText` forms.
 */
export function similarity(a: string, b: string): number {
  const x = shingles(a);
  const y = shingles(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  const [small, large] = x.size <= y.size ? [x, y] : [y, x];
  for (const s of small) if (large.has(s)) shared++;
  if (shared < Math.min(MIN_SHINGLES, small.size)) return 0;
  const jaccard = shared / (x.size + y.size - shared);
  const containment = shared / small.size;
  // A one-line message inside a long one is not a copy of it: containment counts only when the
  // shorter text is at least a third of the longer.
  const weight = Math.min(1, (3 * small.size) / large.size);
  return Math.round(((jaccard + containment * weight) / (1 + weight)) * 1000) / 1000;
}

/** The best candidate at or above the threshold, with its score; null when none is close enough. */
export function bestDuplicate<C extends { matchText: string }>(
  text: string,
  candidates: readonly C[],
  threshold = DUPLICATE_THRESHOLD,
): { candidate: C; score: number } | null {
  let best: { candidate: C; score: number } | null = null;
  for (const c of candidates) {
    const score = similarity(text, c.matchText);
    if (score >= threshold && (!best || score > best.score)) best = { candidate: c, score };
  }
  return best;
}
