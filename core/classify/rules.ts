/**
 * The phrase-matching engine of the rule classifier: lexicons compiled once into first-token
 * indexes, matched on whole words, longest match first. Pure; no state after compilation.
 */
import { foldForMatch, matchTokens, type MatchTokens } from "../text.ts";
import type { WeightedPhrases } from "./lexicon.ts";

/** Bonus for a phrase found with its diacritics exactly as written: the meaning is confirmed. */
const ACCENT_BONUS = 1.2;

interface Entry {
  readonly cls: number;
  readonly label: string;
  readonly weight: number;
  readonly folded: readonly string[];
  readonly accented: readonly string[];
  readonly accentOnly: boolean;
}

/** A lexicon of one dimension (kind, field, urgency), ready to match. */
export interface CompiledLexicon<C extends string> {
  readonly classes: readonly C[];
  readonly byFolded: ReadonlyMap<string, readonly Entry[]>;
  readonly byAccented: ReadonlyMap<string, readonly Entry[]>;
}

/** One phrase found in a text; `start`/`end` are accented-token indexes (inclusive). */
export interface Hit<C extends string> {
  readonly cls: C;
  readonly label: string;
  readonly weight: number;
  readonly start: number;
  readonly end: number;
}

/** Compiles `class → weight → phrases` into first-token indexes. */
export function compileLexicon<C extends string>(lexicon: Readonly<Record<C, WeightedPhrases>>): CompiledLexicon<C> {
  const classes = Object.keys(lexicon) as C[];
  const byFolded = new Map<string, Entry[]>();
  const byAccented = new Map<string, Entry[]>();
  classes.forEach((c, cls) => {
    for (const [weight, phrases] of Object.entries(lexicon[c])) {
      for (const raw of phrases as readonly string[]) {
        const accentOnly = raw.startsWith("=");
        const label = accentOnly ? raw.slice(1) : raw;
        const tokens = matchTokens(label);
        if (tokens.folded.length === 0) throw new Error(`empty phrase in lexicon: ${JSON.stringify(raw)}`);
        const entry: Entry = {
          cls,
          label,
          weight: Number(weight),
          folded: tokens.folded,
          accented: tokens.accented,
          accentOnly,
        };
        const [index, key] = accentOnly ? [byAccented, tokens.accented[0]!] : [byFolded, tokens.folded[0]!];
        index.set(key, [...(index.get(key) ?? []), entry]);
      }
    }
  });
  return { classes, byFolded, byAccented };
}

function startsAt(haystack: readonly string[], at: number, needle: readonly string[]): boolean {
  if (at + needle.length > haystack.length) return false;
  return needle.every((t, k) => haystack[at + k] === t);
}

/**
 * Every phrase of the lexicon found in the text, each counted once. A hit lying strictly inside a
 * longer hit of the same dimension is dropped, so a phrase's weight is not counted twice through
 * its parts, and specific phrases ("bảo hiểm y tế") override generic ones ("y tế").
 */
export function findHits<C extends string>(lex: CompiledLexicon<C>, text: MatchTokens): Hit<C>[] {
  const raw: Array<{ entry: Entry; start: number; end: number; weight: number }> = [];
  text.folded.forEach((token, i) => {
    for (const entry of lex.byFolded.get(token) ?? []) {
      if (!startsAt(text.folded, i, entry.folded)) continue;
      const start = text.origin[i]!;
      const end = text.origin[i + entry.folded.length - 1]!;
      const exact = startsAt(text.accented, start, entry.accented);
      raw.push({ entry, start, end, weight: entry.weight * (exact ? ACCENT_BONUS : 1) });
    }
  });
  text.accented.forEach((token, j) => {
    for (const entry of lex.byAccented.get(token) ?? []) {
      if (startsAt(text.accented, j, entry.accented)) {
        raw.push({ entry, start: j, end: j + entry.accented.length - 1, weight: entry.weight * ACCENT_BONUS });
      }
    }
  });
  raw.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: typeof raw = [];
  for (const h of raw) {
    const inside = kept.some((k) => k.start <= h.start && h.end <= k.end && k.end - k.start > h.end - h.start);
    if (!inside) kept.push(h);
  }
  const seen = new Set<Entry>();
  const hits: Hit<C>[] = [];
  for (const h of kept) {
    if (seen.has(h.entry)) continue;
    seen.add(h.entry);
    hits.push({ cls: lex.classes[h.entry.cls]!, label: h.entry.label, weight: h.weight, start: h.start, end: h.end });
  }
  return hits;
}

/** Sum of hit weights per class, every class present (zero when nothing matched). */
export function sumScores<C extends string>(
  classes: readonly C[],
  hits: ReadonlyArray<{ cls: C; weight: number }>,
): Record<C, number> {
  const scores = Object.fromEntries(classes.map((c) => [c, 0])) as Record<C, number>;
  for (const h of hits) scores[h.cls] += h.weight;
  return scores;
}

/** Compiles a flat list of whole-message strings into a set of folded forms. */
export function compileSet(messages: readonly string[]): ReadonlySet<string> {
  return new Set(messages.map(foldForMatch));
}
