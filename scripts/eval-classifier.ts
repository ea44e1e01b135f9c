/**
 * `npm run eval:classifier`: scores the committed model on the held-out test split of the corpus,
 * for every test message as written and in its accent-free form: accuracy, per-class
 * precision/recall/F1 and a confusion matrix for kind, field and urgency. Then the same on the
 * earlier blind set (tests/fixtures/classify/blind.jsonl), with the rule classifier alongside.
 * Options: --misses prints the messages it got wrong.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { loadCorpus, type LabeledMessage } from "../core/classify/corpus.ts";
import { formatScores, score } from "../core/classify/evaluate.ts";
import { createClassifier, createRuleClassifier, type Classifier } from "../core/classify/index.ts";
import { FIELD_CODES, KINDS, PRIORITIES } from "../core/domain.ts";
import { withoutDiacritics } from "../core/text/normalize.ts";

const showMisses = process.argv.includes("--misses");
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const loadStarted = performance.now();
const learned = createClassifier();
const loadMs = performance.now() - loadStarted;
const test = loadCorpus().filter((m) => m.split === "test");

type Row = Pick<LabeledMessage, "text" | "kind" | "field"> &
  Partial<Pick<LabeledMessage, "subject" | "priority" | "id">>;

function run(classifier: Classifier, rows: readonly Row[], title: string, accentFree: boolean) {
  const kind: Array<{ want: string; got: string }> = [];
  const field: Array<{ want: string; got: string }> = [];
  const priority: Array<{ want: string; got: string }> = [];
  const misses: string[] = [];
  for (const r of rows) {
    const text = accentFree ? withoutDiacritics(r.text) : r.text;
    const subject = r.subject && (accentFree ? withoutDiacritics(r.subject) : r.subject);
    const c = classifier.classify({ text, ...(subject && { subject }) });
    kind.push({ want: r.kind, got: c.kind });
    field.push({ want: r.field, got: c.field });
    if (r.priority) priority.push({ want: r.priority, got: c.priority });
    if (c.kind !== r.kind || c.field !== r.field)
      misses.push(
        `  ${r.id ?? ""} ${r.kind}/${r.field} → ${c.kind}/${c.field} (${c.confidence}): ${text.replace(/\s+/g, " ").slice(0, 110)}`,
      );
  }
  const k = score(kind, KINDS);
  const f = score(field, FIELD_CODES);
  const abbreviateKind = (c: string) => c.slice(0, 5);
  const abbreviateField = (c: string) => c.replace(/^(\w)\w*-(\w{1,3})\w*$/, "$1-$2").slice(0, 6);
  console.log(`\n=== ${title}${accentFree ? " — accent-free" : " — as written"} (${rows.length} messages) ===`);
  console.log(formatScores("kind", k, abbreviateKind));
  console.log(formatScores("field", f, abbreviateField));
  if (priority.length > 0) console.log(formatScores("urgency", score(priority, PRIORITIES)));
  if (showMisses && misses.length > 0) console.log(`misses:\n${misses.join("\n")}`);
  return { kind: k.accuracy, field: f.accuracy };
}

console.log(`classifier ${learned.name}, loaded in ${loadMs.toFixed(0)} ms; test split ${test.length} messages`);
const written = run(learned, test, "test split", false);
const plain = run(learned, test, "test split", true);

// The needs-a-person threshold: how many items it sends to the secretariat, how right the rest are.
const verdicts = test.flatMap((m) =>
  [m.text, withoutDiacritics(m.text)].map((text) => {
    const c = learned.classify({ text, ...(m.subject && { subject: m.subject }) });
    return { confidence: c.confidence, right: c.kind === m.kind && c.field === m.field };
  }),
);
console.log(`\n=== confidence threshold (test split, both forms, ${verdicts.length} verdicts) ===`);
console.log(`  threshold  to a person  right above  mistakes caught`);
const wrong = verdicts.filter((v) => !v.right).length;
for (const t of [0.35, 0.5, 0.6, 0.7, 0.8]) {
  const above = verdicts.filter((v) => v.confidence >= t);
  const mark = t === learned.confidenceThreshold ? " ← default" : "";
  console.log(
    `  ${t.toFixed(2).padStart(9)}  ${pct(1 - above.length / verdicts.length).padStart(11)}  ${pct(above.filter((v) => v.right).length / Math.max(1, above.length)).padStart(11)}  ${`${verdicts.filter((v) => !v.right && v.confidence < t).length}/${wrong}`.padStart(15)}${mark}`,
  );
}

const blindFile = path.resolve(import.meta.dirname, "../tests/fixtures/classify/blind.jsonl");
const blind = readFileSync(blindFile, "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Row);
const blindLearned = run(learned, blind, "blind set (tests/fixtures/classify/blind.jsonl)", false);
const blindRules = run(createRuleClassifier(), blind, "blind set, rules-v1 for comparison", false);

console.log(`\n=== summary ===`);
console.log(`test split, as written:  kind ${pct(written.kind)}  field ${pct(written.field)}`);
console.log(`test split, accent-free: kind ${pct(plain.kind)}  field ${pct(plain.field)}`);
console.log(
  `accent-free gap: kind ${((written.kind - plain.kind) * 100).toFixed(1)} points, field ${((written.field - plain.field) * 100).toFixed(1)} points`,
);
console.log(
  `blind set: ${learned.name} kind ${pct(blindLearned.kind)} field ${pct(blindLearned.field)}; rules-v1 kind ${pct(blindRules.kind)} field ${pct(blindRules.field)}`,
);
