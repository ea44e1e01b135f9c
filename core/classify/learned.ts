/**
 * Bantin's classifier: the learned model (`model.ts`) decides kind and field; rules decide where
 * they are sure. The rules:
 * - a message with no words, or only a greeting or a test ("alo", "ok", "👍"), is spam;
 * - a message the phrase rules (`rules-v1`) find overwhelmingly spam (scams, betting, loans with
 *   links) is spam, whatever the model says;
 * - urgency (fire, flood, landslide, accident, violence, outbreak…) comes from the urgency lexicon
 *   alone — a missed fire costs more than a false alarm, and a lexicon can be read and audited —
 *   except where the text is about the aftermath (aid, repairs, last year) and says nothing is
 *   happening now;
 * - a collaborator's message leans to news (a prior, not a verdict).
 * Everything is computed offline from the committed artefact; nothing is downloaded.
 */
import type { Kind, Priority, SeedFieldCode } from "../domain.ts";
import { FIELD_CODES, KINDS } from "../domain.ts";
import { matchTokens } from "../text.ts";
import { normalizeMessage } from "../text/normalize.ts";
import { createRuleClassifier } from "./index.ts";
import { extractFeatures } from "./features.ts";
import { NOISE_MESSAGES, URGENT_AFTERMATH, URGENT_LEXICON, URGENT_NOW } from "./lexicon.ts";
import { activeFeatures, loadModel, predict, strongestFor, type Model } from "./model.ts";
import { compileLexicon, compileSet, findHits } from "./rules.ts";
import type { Classification, Classifier, ClassifyInput } from "./types.ts";

export const KIND_NAMES: Readonly<Record<Kind, string>> = {
  news: "tin tức",
  question: "hỏi đáp",
  feedback: "phản ánh, kiến nghị",
  complaint: "khiếu nại, tố cáo",
  spam: "tin rác",
};

/** How much more likely news is when a collaborator sends it (they send news, mostly). */
const COLLABORATOR_NEWS_PRIOR = 3;
/** Rule scores at which `rules-v1` is trusted over the model for spam. */
const SURE_SPAM_SCORE = 8;
const SURE_SPAM_SHARE = 0.75;
/**
 * Below this an item goes to the secretariat. On the held-out split (as written and accent-free)
 * it sends about one item in six to a person and catches about two thirds of the mistakes; items
 * above it are right about 96 % of the time. `npm run eval:classifier` prints the trade-off per threshold.
 */
export const LEARNED_CONFIDENCE_THRESHOLD = 0.6;
/** Confidence of a rule that is sure. */
const SURE = 0.97;

const round = (n: number) => Math.round(n * 1000) / 1000;
const quote = (words: readonly string[]) => words.map((w) => (w.startsWith("dấu") ? w : `"${w}"`)).join(", ");

/** The learned classifier with its sure rules; loads the committed model unless one is given. */
export function createClassifier(options: { model?: Model } = {}): Classifier {
  const model = options.model ?? loadModel();
  const rules = createRuleClassifier();
  const noise = compileSet(NOISE_MESSAGES);
  const urgent = compileLexicon({ high: URGENT_LEXICON });
  const urgentContext = compileLexicon({ aftermath: { 1: URGENT_AFTERMATH }, now: URGENT_NOW });
  const name = `learned-${model.id}`;

  function classify(input: ClassifyInput): Classification {
    const { text } = normalizeMessage(input);
    const tokens = matchTokens(text);
    const reasons: string[] = [];
    const roles = input.senderRoles ?? [];

    const features = extractFeatures(text, tokens);
    const active = activeFeatures(model, features);
    const ids = active.map((f) => f.id);
    const kindP = predict(model.kind, ids);
    if (roles.includes("collaborator")) {
      const news = model.kind.classes.indexOf("news");
      kindP[news]! *= COLLABORATOR_NEWS_PRIOR;
      const sum = kindP.reduce((a, b) => a + b, 0);
      for (let i = 0; i < kindP.length; i++) kindP[i]! /= sum;
    }
    let kindIndex = argmax(kindP);
    let kind = model.kind.classes[kindIndex] as Kind;
    let kindConfidence = kindP[kindIndex]!;

    const folded = tokens.folded.join(" ");
    if (text.trim() === "") return nothingToRead(roles);
    const isNoise = tokens.folded.length === 0 || noise.has(folded) || folded.length <= 2;
    // The phrase rules can only be sure of spam when a spam phrase is there: skip them otherwise.
    const ruled = !isNoise && features.some((f) => f.name === "r:kind:spam") ? rules.classify({ text }) : null;
    if (isNoise) {
      kind = "spam";
      kindConfidence = SURE;
      reasons.push(`loại: ${KIND_NAMES.spam} ← ${tokens.folded.length === 0 ? "không có chữ" : `chỉ có "${folded}"`}`);
    } else if (
      ruled &&
      ruled.kind === "spam" &&
      ruled.scores.kind.spam >= SURE_SPAM_SCORE &&
      ruled.kindConfidence >= SURE_SPAM_SHARE
    ) {
      kind = "spam";
      kindConfidence = Math.max(kindConfidence, SURE);
      reasons.push(ruled.reasons[0]!.replace(/^loại: [^←]+←/u, `loại: ${KIND_NAMES.spam} (quy tắc) ←`));
    } else {
      kindIndex = model.kind.classes.indexOf(kind);
      const why = strongestFor(model.kind, kindIndex, active);
      if (kind === "news" && roles.includes("collaborator")) why.push("người gửi là cộng tác viên");
      reasons.push(`loại: ${KIND_NAMES[kind]} ← ${why.length > 0 ? quote(why) : "(không có từ nào nổi bật)"}`);
    }

    let field: SeedFieldCode = "khac";
    let fieldConfidence = kindConfidence;
    const fieldScores = Object.fromEntries(FIELD_CODES.map((f) => [f, 0])) as Record<SeedFieldCode, number>;
    if (kind === "spam") {
      // Spam is dropped, not routed: a field would only send it to a board member.
      reasons.push("lĩnh vực: khac (tin rác, không chia lĩnh vực)");
    } else {
      const fieldP = predict(model.field, ids);
      model.field.classes.forEach((c, i) => (fieldScores[c as SeedFieldCode] = round(fieldP[i]!)));
      const fieldIndex = argmax(fieldP);
      field = model.field.classes[fieldIndex] as SeedFieldCode;
      fieldConfidence = fieldP[fieldIndex]!;
      const why = strongestFor(model.field, fieldIndex, active);
      reasons.push(`lĩnh vực: ${field} ← ${why.length > 0 ? quote(why) : "(không có từ nào nổi bật)"}`);
    }

    // Urgent: an emergency word, unless the text is about the aftermath and says nothing is happening now.
    const urgentHits = findHits(urgent, tokens).filter((h) => h.weight > 0);
    const context = urgentHits.length > 0 ? findHits(urgentContext, tokens).filter((h) => h.weight > 0) : [];
    const now = context.some((h) => h.cls === "now");
    const aftermath = !now && context.some((h) => h.cls === "aftermath");
    const priority: Priority = urgentHits.length > 0 && !aftermath && kind !== "spam" ? "high" : "normal";
    if (priority === "high") reasons.push(`ưu tiên: cao ← ${quote([...new Set(urgentHits.map((h) => h.label))])}`);

    const kindScores = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
    model.kind.classes.forEach((c, i) => (kindScores[c as Kind] = round(kindP[i]!)));
    return {
      kind,
      field,
      confidence: round(Math.min(kindConfidence, fieldConfidence)),
      kindConfidence: round(kindConfidence),
      fieldConfidence: round(fieldConfidence),
      priority,
      scores: { kind: kindScores, field: fieldScores },
      reasons,
    };
  }

  return { name, confidenceThreshold: LEARNED_CONFIDENCE_THRESHOLD, classify };
}

/**
 * A photo, a voice message or a file without a word: nobody can tell what it is from the text, so
 * a person does (confidence 0, below any threshold). Not spam: it is how many collaborators send news.
 */
function nothingToRead(roles: readonly string[]): Classification {
  const kind: Kind = roles.includes("collaborator") ? "news" : "question";
  const zeros = <C extends string>(classes: readonly C[]) =>
    Object.fromEntries(classes.map((c) => [c, 0])) as Record<C, number>;
  return {
    kind,
    field: "khac",
    confidence: 0,
    kindConfidence: 0,
    fieldConfidence: 0,
    priority: "normal",
    scores: { kind: zeros(KINDS), field: zeros(FIELD_CODES) },
    reasons: [
      `loại: ${KIND_NAMES[kind]} (không có lời để đọc: ảnh, tệp hoặc tin thoại; cần người xem)`,
      "lĩnh vực: khac (chưa rõ)",
    ],
  };
}

function argmax(p: Float64Array): number {
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i]! > p[best]!) best = i;
  return best;
}
