/**
 * Training the learned model (huấn luyện): softmax regression with L2, AdaGrad, a fixed number of
 * epochs and a seeded shuffle, so the same corpus always gives the same artefact, byte for byte.
 *
 * Every training message is also learned in its accent-free form, because half the traffic is typed
 * without diacritics: the model must not depend on them. Features seen in fewer than `minCount` messages are dropped.
 */
import { createHash } from "node:crypto";
import { FIELD_CODES, KINDS } from "../domain.ts";
import { extractFeatures, FEATURES_VERSION } from "./features.ts";
import { FIELD_LEXICON, KIND_LEXICON } from "./lexicon.ts";
import { softmax, type StoredHead, type StoredModel } from "./model.ts";
import { normalizeMessage, withoutDiacritics } from "../text/normalize.ts";
import type { LabeledMessage } from "./corpus.ts";

export interface TrainSettings {
  epochs: number;
  learningRate: number;
  l2: number;
  minCount: number;
  seed: number;
}

export const DEFAULT_TRAIN_SETTINGS: TrainSettings = { epochs: 40, learningRate: 0.6, l2: 2e-5, minCount: 2, seed: 7 };

interface Example {
  ids: number[];
  kind: number;
  field: number;
}

/** The text the model reads for a message: normalised, quotes and signatures set aside. */
export function modelText(m: { text: string; subject?: string | null }): string {
  return normalizeMessage(m).text;
}

/** Trains both heads on the messages given (the caller passes the train split). */
export function train(messages: readonly LabeledMessage[], settings = DEFAULT_TRAIN_SETTINGS): StoredModel {
  const variants = messages.flatMap((m) => {
    const text = modelText(m);
    const plain = withoutDiacritics(text);
    return plain === text
      ? [{ m, text }]
      : [
          { m, text },
          { m, text: plain },
        ];
  });
  const featureLists = variants.map((v) => extractFeatures(v.text).map((f) => f.name));

  const counts = new Map<string, number>();
  for (const names of featureLists) for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  const features = [...counts]
    .filter(([, n]) => n >= settings.minCount)
    .map(([f]) => f)
    .sort();
  const index = new Map(features.map((f, i) => [f, i]));

  const examples: Example[] = variants.map((v, i) => ({
    ids: featureLists[i]!.flatMap((n) => (index.has(n) ? [index.get(n)!] : [])),
    kind: KINDS.indexOf(v.m.kind),
    field: FIELD_CODES.indexOf(v.m.field),
  }));

  const kind = fitHead(examples, "kind", [...KINDS], features.length, settings);
  // Spam has no field: it would teach the field head that spam words mean "khac".
  const field = fitHead(
    examples.filter((e) => KINDS[e.kind] !== "spam"),
    "field",
    [...FIELD_CODES],
    features.length,
    settings,
  );
  const trainedOn = trainingFingerprint(messages, settings);
  return { format: "bantin-softmax-1", trainedOn, settings: { ...settings }, features, kind, field };
}

/** What a model is trained from, hashed: feature version, lexicons, settings and the training messages. */
export function trainingFingerprint(messages: readonly LabeledMessage[], settings = DEFAULT_TRAIN_SETTINGS): string {
  return createHash("sha256")
    .update(
      JSON.stringify({
        FEATURES_VERSION,
        // The phrase lexicons are features too: editing them calls for training again.
        lexicons: [KIND_LEXICON, FIELD_LEXICON],
        settings,
        corpus: messages.map((m) => [m.text, m.subject, m.kind, m.field]),
      }),
    )
    .digest("hex");
}

function fitHead(
  examples: readonly Example[],
  target: "kind" | "field",
  classes: string[],
  featureCount: number,
  s: TrainSettings,
): StoredHead {
  const k = classes.length;
  const w = new Float64Array(featureCount * k);
  const g2 = new Float64Array(featureCount * k).fill(1e-8);
  const b = new Float64Array(k);
  const gb2 = new Float64Array(k).fill(1e-8);
  const order = examples.map((_, i) => i);
  const random = mulberry32(s.seed);
  const z = new Float64Array(k);

  for (let epoch = 0; epoch < s.epochs; epoch++) {
    shuffle(order, random);
    for (const i of order) {
      const ex = examples[i]!;
      const value = ex.ids.length > 0 ? 1 / Math.sqrt(ex.ids.length) : 0;
      for (let c = 0; c < k; c++) {
        let sum = b[c]!;
        for (const id of ex.ids) sum += w[id * k + c]! * value;
        z[c] = sum;
      }
      const p = softmax(z);
      const y = ex[target];
      for (let c = 0; c < k; c++) {
        const err = p[c]! - (c === y ? 1 : 0);
        gb2[c]! += err * err;
        b[c]! -= (s.learningRate * err) / Math.sqrt(gb2[c]!);
        for (const id of ex.ids) {
          const j = id * k + c;
          const grad = err * value + s.l2 * w[j]!;
          g2[j]! += grad * grad;
          w[j]! -= (s.learningRate * grad) / Math.sqrt(g2[j]!);
        }
      }
    }
  }

  let max = 0;
  for (const v of w) max = Math.max(max, Math.abs(v));
  const scale = max > 0 ? max / 127 : 1;
  const q = new Int8Array(w.length);
  for (let i = 0; i < w.length; i++) q[i] = Math.round(w[i]! / scale);
  return {
    classes,
    bias: Array.from(b, (v) => Math.round(v * 1e6) / 1e6),
    scale,
    weights: Buffer.from(q.buffer).toString("base64"),
  };
}

/** A small seeded PRNG: reproducible shuffles without a dependency. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(xs: T[], random: () => number): void {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
}
