/**
 * Scoring a classifier on labelled messages: accuracy, per-class precision/recall/F1 and a
 * confusion matrix, as printed by `npm run eval:classifier`. Pure.
 */

/** Counts for one dimension (kind, field or priority). */
export interface Scores {
  classes: string[];
  total: number;
  correct: number;
  accuracy: number;
  perClass: Array<{ cls: string; precision: number; recall: number; f1: number; support: number }>;
  /** confusion[want][got] */
  confusion: Record<string, Record<string, number>>;
}

/** Scores predictions against labels; classes listed first keep their order in the report. */
export function score(pairs: ReadonlyArray<{ want: string; got: string }>, classes: readonly string[]): Scores {
  const all = [...classes, ...new Set(pairs.flatMap((p) => [p.want, p.got]).filter((c) => !classes.includes(c)))];
  const confusion = Object.fromEntries(all.map((w) => [w, Object.fromEntries(all.map((g) => [g, 0]))])) as Record<
    string,
    Record<string, number>
  >;
  let correct = 0;
  for (const p of pairs) {
    confusion[p.want]![p.got]!++;
    if (p.want === p.got) correct++;
  }
  const perClass = all.map((cls) => {
    const tp = confusion[cls]![cls]!;
    const support = all.reduce((n, g) => n + confusion[cls]![g]!, 0);
    const predicted = all.reduce((n, w) => n + confusion[w]![cls]!, 0);
    const precision = predicted > 0 ? tp / predicted : 0;
    const recall = support > 0 ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { cls, precision, recall, f1, support };
  });
  return {
    classes: all,
    total: pairs.length,
    correct,
    accuracy: pairs.length ? correct / pairs.length : 0,
    perClass,
    confusion,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** A plain-text report: accuracy, the per-class table and the confusion matrix (rows: label, columns: prediction). */
export function formatScores(title: string, s: Scores, abbreviate: (c: string) => string = (c) => c): string {
  const lines = [`${title}: accuracy ${pct(s.accuracy)} (${s.correct}/${s.total})`];
  const w = Math.max(...s.classes.map((c) => c.length), 5);
  lines.push(`  ${"class".padEnd(w)}  precision  recall     F1  support`);
  for (const c of s.perClass) {
    if (c.support === 0 && c.precision === 0) continue;
    lines.push(
      `  ${c.cls.padEnd(w)}  ${pct(c.precision).padStart(9)}  ${pct(c.recall).padStart(6)}  ${pct(c.f1).padStart(6)}  ${String(c.support).padStart(7)}`,
    );
  }
  const used = s.classes.filter(
    (c) => s.perClass.find((p) => p.cls === c)!.support > 0 || s.classes.some((w2) => s.confusion[w2]![c]! > 0),
  );
  const cw = Math.max(...used.map((c) => abbreviate(c).length), 3) + 1;
  lines.push(`  confusion (rows: label, columns: predicted)`);
  lines.push(`  ${"".padEnd(w)} ${used.map((c) => abbreviate(c).padStart(cw)).join("")}`);
  for (const want of used) {
    lines.push(
      `  ${want.padEnd(w)} ${used.map((got) => String(s.confusion[want]![got] || ".").padStart(cw)).join("")}`,
    );
  }
  return lines.join("\n");
}
