import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Kind, SeedFieldCode } from "../../../core/domain.ts";
import { loadCorpus } from "../../../core/classify/corpus.ts";
import { createClassifier, createRuleClassifier } from "../../../core/classify/index.ts";
import { MODEL_PATH } from "../../../core/classify/model.ts";
import { trainingFingerprint } from "../../../core/classify/train.ts";
import { withoutDiacritics } from "../../../core/text/normalize.ts";

interface Labeled {
  text: string;
  kind: Kind;
  field: SeedFieldCode;
}

const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/classify");
const load = (name: string): Labeled[] =>
  readFileSync(path.join(FIXTURES, name), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Labeled);

/** Accuracy of one dimension and, for the failure message, the confusion and the misses. */
function evaluate(rows: Labeled[], dim: "kind" | "field") {
  const classifier = createRuleClassifier();
  const confusion = new Map<string, number>();
  const misses: string[] = [];
  let right = 0;
  for (const row of rows) {
    const got = classifier.classify({ text: row.text })[dim];
    if (got === row[dim]) right++;
    else {
      const key = `${row[dim]} → ${got}`;
      confusion.set(key, (confusion.get(key) ?? 0) + 1);
      misses.push(`  ${key}: ${row.text.slice(0, 100)}`);
    }
  }
  const accuracy = right / rows.length;
  const report = [
    `${dim} accuracy ${(accuracy * 100).toFixed(1)}% (${right}/${rows.length})`,
    "confusion (want → got):",
    ...[...confusion].sort((a, b) => b[1] - a[1]).map(([k, n]) => `  ${k} ×${n}`),
    "misses:",
    ...misses,
  ].join("\n");
  return { accuracy, report };
}

// labeled.jsonl was written alongside the lexicon; holdout.jsonl and blind.jsonl were written
// before it was tuned on them, and are kept as regression guards.
describe.each(["labeled.jsonl", "holdout.jsonl", "blind.jsonl"])("accuracy on %s", (file) => {
  const rows = load(file);

  it("has well-formed labels", () => {
    expect(rows.length).toBeGreaterThan(30);
  });

  it("gets the kind right ≥ 85%", () => {
    const { accuracy, report } = evaluate(rows, "kind");
    expect(accuracy, report).toBeGreaterThanOrEqual(0.85);
  });

  it("gets the field right ≥ 80%", () => {
    const { accuracy, report } = evaluate(rows, "field");
    expect(accuracy, report).toBeGreaterThanOrEqual(0.8);
  });
});

// The learned classifier on the held-out split of its corpus, as written and accent-free: the
// issue's aims (kind ≥ 95 %, field ≥ 90 %, accent-free within 3 points). `npm run eval:classifier`
// prints the full report; speed is measured by `npm run bench:classifier`, not here.
describe("learned classifier on the held-out test split", () => {
  const learned = createClassifier();
  const test = loadCorpus().filter((m) => m.split === "test");
  const accuracy = (plain: boolean) => {
    let kind = 0;
    let field = 0;
    for (const m of test) {
      const text = plain ? withoutDiacritics(m.text) : m.text;
      const subject = m.subject && (plain ? withoutDiacritics(m.subject) : m.subject);
      const c = learned.classify({ text, ...(subject && { subject }) });
      if (c.kind === m.kind) kind++;
      if (c.field === m.field) field++;
    }
    return { kind: kind / test.length, field: field / test.length };
  };

  it("holds out a fifth of a corpus of more than 1,000 messages", () => {
    const all = loadCorpus();
    expect(all.length).toBeGreaterThan(1000);
    expect(test.length / all.length).toBeCloseTo(0.2, 1);
  });

  it("gets kind ≥ 95 % and field ≥ 90 %, accented or not, within 3 points of each other", () => {
    const written = accuracy(false);
    const plain = accuracy(true);
    expect(written.kind).toBeGreaterThanOrEqual(0.95);
    expect(written.field).toBeGreaterThanOrEqual(0.9);
    expect(plain.kind).toBeGreaterThanOrEqual(0.95);
    expect(plain.field).toBeGreaterThanOrEqual(0.9);
    expect(Math.abs(written.kind - plain.kind)).toBeLessThanOrEqual(0.03);
    expect(Math.abs(written.field - plain.field)).toBeLessThanOrEqual(0.03);
  });

  it("ships a model trained on the corpus as it is (run npm run train:classifier after editing it)", () => {
    const stored = JSON.parse(readFileSync(MODEL_PATH, "utf8")) as { trainedOn: string };
    expect(stored.trainedOn).toBe(trainingFingerprint(loadCorpus().filter((m) => m.split === "train")));
  });
});
