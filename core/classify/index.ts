/**
 * The rule-based classifier ("rules-v1"): weighted Vietnamese phrase lexicons plus a few
 * structural signals, deterministic and offline. Lexicons are compiled once per classifier.
 */
import { FIELD_CODES, KINDS, type Kind, type Priority, type SeedFieldCode } from "../domain.ts";
import { matchTokens, normalizeText } from "../text.ts";
import { FIELD_LEXICON, KIND_LEXICON, NOISE_MESSAGES, URGENT_LEXICON } from "./lexicon.ts";
import { compileLexicon, compileSet, findHits, sumScores } from "./rules.ts";
import { kindSignals } from "./signals.ts";
import type { Classification, Classifier, ClassifyInput } from "./types.ts";

export type { Classification, Classifier, ClassifyInput } from "./types.ts";

/** Confidence given to a default chosen for lack of any evidence; below any review threshold. */
const DEFAULT_CONFIDENCE = 0.2;
/**
 * Added to the total when turning scores into a share: weak evidence (one small keyword) must not
 * look certain just because nothing else matched. 2 ≈ one average keyword of doubt.
 */
const DAMPING = 2;
/** Only the opening is read: it carries kind and field, and long e-mail threads stay cheap. */
const MAX_CHARS = 4000;

const KIND_NAMES: Readonly<Record<Kind, string>> = {
  news: "tin tức",
  question: "hỏi đáp",
  feedback: "phản ánh, kiến nghị",
  complaint: "khiếu nại, tố cáo",
  spam: "tin rác",
};

interface Evidence<C extends string> {
  readonly cls: C;
  readonly label: string;
  readonly weight: number;
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Winner of a score table: highest score, ties to the earlier class of `order`; null if all zero. */
function pick<C extends string>(scores: Record<C, number>, order: readonly C[]): { cls: C; confidence: number } | null {
  let best: C | null = null;
  let total = 0;
  for (const c of order) {
    total += scores[c];
    if (scores[c] > 0 && (best === null || scores[c] > scores[best])) best = c;
  }
  return best === null ? null : { cls: best, confidence: round(scores[best] / (total + DAMPING), 3) };
}

/** Lexicon hits as evidence, their phrase quoted for the reasons. */
function quoted<C extends string>(hits: readonly Evidence<C>[]): Evidence<C>[] {
  return hits.map((h) => ({ cls: h.cls, label: `"${h.label}"`, weight: h.weight }));
}

/** `prefix ← "a", "b"`: the strongest pieces of evidence for the winning class. */
function because<C extends string>(prefix: string, cls: C, evidence: readonly Evidence<C>[]): string {
  const labels = evidence
    .filter((e) => e.cls === cls && e.weight > 0)
    .sort((a, b) => b.weight - a.weight)
    .map((e) => e.label);
  return `${prefix} ← ${[...new Set(labels)].slice(0, 4).join(", ")}`;
}

/** Creates the rule-based classifier; compiles its lexicons once. */
export function createRuleClassifier(): Classifier {
  const kindLexicon = compileLexicon(KIND_LEXICON);
  const fieldLexicon = compileLexicon(FIELD_LEXICON);
  const urgentLexicon = compileLexicon({ high: URGENT_LEXICON });
  const noise = compileSet(NOISE_MESSAGES);
  // "khac" is the fallback: it wins ties last.
  const fieldOrder = [...FIELD_CODES.filter((f) => f !== "khac"), "khac" as const];

  function classify(input: ClassifyInput): Classification {
    const text = normalizeText([input.subject, input.text].filter((s) => s && s.trim()).join("\n")).slice(0, MAX_CHARS);
    const tokens = matchTokens(text);
    const roles = input.senderRoles ?? [];
    const reasons: string[] = [];

    const kindEvidence: Evidence<Kind>[] = [
      ...quoted(findHits(kindLexicon, tokens)),
      ...kindSignals(text, tokens, noise, roles),
    ];
    const kindScores = sumScores(KINDS, kindEvidence);
    const fallbackKind: Kind = roles.includes("collaborator") ? "news" : "question";
    const kindWinner = pick(kindScores, [fallbackKind, ...KINDS.filter((k) => k !== fallbackKind)]);
    const kind = kindWinner?.cls ?? fallbackKind;
    const kindConfidence = kindWinner?.confidence ?? DEFAULT_CONFIDENCE;
    reasons.push(
      kindWinner
        ? because(`loại: ${KIND_NAMES[kind]}`, kind, kindEvidence)
        : `loại: ${KIND_NAMES[kind]} (mặc định, không có dấu hiệu)`,
    );

    const fieldHits = quoted(findHits(fieldLexicon, tokens));
    const fieldScores = sumScores(FIELD_CODES, fieldHits);
    let field: SeedFieldCode = "khac";
    let fieldConfidence = DEFAULT_CONFIDENCE;
    if (kind === "spam") {
      // Spam is dropped, not routed: a field would only send it to a board member.
      fieldConfidence = kindConfidence;
      reasons.push("lĩnh vực: khac (tin rác, không chia lĩnh vực)");
    } else {
      const fieldWinner = pick(fieldScores, fieldOrder);
      if (fieldWinner) {
        field = fieldWinner.cls;
        fieldConfidence = fieldWinner.confidence;
        reasons.push(because(`lĩnh vực: ${field}`, field, fieldHits));
      } else {
        reasons.push("lĩnh vực: khac (mặc định, không có từ khóa)");
      }
    }

    const urgent = findHits(urgentLexicon, tokens).filter((h) => h.weight > 0);
    const priority: Priority = urgent.length > 0 && kind !== "spam" ? "high" : "normal";
    if (priority === "high") reasons.push(because("ưu tiên: cao", "high", quoted(urgent)));

    const roundAll = <C extends string>(scores: Record<C, number>) =>
      Object.fromEntries(Object.entries<number>(scores).map(([c, v]) => [c, round(v, 2)])) as Record<C, number>;
    return {
      kind,
      field,
      confidence: Math.min(kindConfidence, fieldConfidence),
      kindConfidence,
      fieldConfidence,
      priority,
      scores: { kind: roundAll(kindScores), field: roundAll(fieldScores) },
      reasons,
    };
  }

  return { name: "rules-v1", classify };
}

export { createClassifier } from "./learned.ts";
