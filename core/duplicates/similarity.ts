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

/** Locality-sensitive keys: BANDS bands of ROWS MinHash values each (see `duplicateKeys`). */
const BANDS = 20;
const ROWS = 2;

/** 32-bit FNV-1a of a string. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A 32-bit mix (murmur3's finaliser) of a value and a seed: one hash function per seed. */
function mix(x: number, seed: number): number {
  let h = (x ^ Math.imul(seed, 0x9e3779b1)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The keys an item is found by (MinHash with banding, "LSH"): texts whose word pairs overlap share
 * a key with high probability — Jaccard 0.6: > 99.9 %, 0.45: 97 %, 0.3: 85 %, 0.02: 0.8 % — so the
 * database narrows a new item's candidates to a handful through a GIN index on integer arrays,
 * and `similarity` decides. Empty for texts of fewer than three word pairs.
 */
export function duplicateKeys(folded: string): number[] {
  const set = shingles(folded);
  if (set.size < MIN_SHINGLES) return [];
  const hashes = [...set].map(fnv1a);
  const keys: number[] = [];
  for (let band = 0; band < BANDS; band++) {
    let key = fnv1a(`band${band}`);
    for (let row = 0; row < ROWS; row++) {
      let min = 0xffffffff;
      for (const h of hashes) min = Math.min(min, mix(h, band * ROWS + row + 1));
      key = mix(key ^ min, 0x5bd1e995);
    }
    // PostgreSQL's integer is signed.
    keys.push(key | 0);
  }
  return keys;
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
