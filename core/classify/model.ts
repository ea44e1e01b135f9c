/**
 * The learned part of the classifier: two multinomial logistic regressions (softmax) over the
 * features of `features.ts`, one for the kind, one for the field. Trained by
 * `npm run train:classifier` (`train.ts`) into `core/classify/model.json`, a committed artefact.
 *
 * Weights are stored quantised to 8 bits per weight (base64), one scale per head: the artefact stays
 * around a megabyte and decodes in a few milliseconds; the evaluation runs on the quantised model,
 * so the printed accuracy is the accuracy of what ships.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Feature } from "./features.ts";

/** One softmax head as stored: classes, per-class bias, int8 weights (feature-major) and their scale. */
export interface StoredHead {
  classes: string[];
  bias: number[];
  scale: number;
  /** base64 of Int8Array(features × classes), feature-major: weight(f, c) = w[f * classes + c] * scale. */
  weights: string;
}

/** The artefact `core/classify/model.json`. */
export interface StoredModel {
  format: "bantin-softmax-1";
  /** Hash of the corpus and settings it was trained from: the same input gives the same model. */
  trainedOn: string;
  settings: Record<string, number>;
  features: string[];
  kind: StoredHead;
  field: StoredHead;
}

/** A head ready to score: dense Float32 weights. */
export interface Head {
  readonly classes: readonly string[];
  readonly bias: Float32Array;
  /** feature-major: weights[f * classes.length + c]. */
  readonly weights: Float32Array;
}

/** A loaded model: the feature index and both heads. */
export interface Model {
  readonly id: string;
  readonly index: ReadonlyMap<string, number>;
  readonly kind: Head;
  readonly field: Head;
}

/** The committed artefact's path. */
export const MODEL_PATH = path.resolve(import.meta.dirname, "model.json");

/** Reads and decodes the artefact (a few milliseconds). */
export function loadModel(file = MODEL_PATH): Model {
  return decodeModel(JSON.parse(readFileSync(file, "utf8")) as StoredModel);
}

export function decodeModel(m: StoredModel): Model {
  if (m.format !== "bantin-softmax-1") throw new Error(`unknown classifier model format: ${String(m.format)}`);
  const index = new Map<string, number>();
  m.features.forEach((f, i) => index.set(f, i));
  const head = (h: StoredHead): Head => {
    const q = new Int8Array(Buffer.from(h.weights, "base64").buffer.slice(0));
    if (q.length !== m.features.length * h.classes.length)
      throw new Error("classifier model: weights do not match features");
    const weights = new Float32Array(q.length);
    for (let i = 0; i < q.length; i++) weights[i] = q[i]! * h.scale;
    return { classes: h.classes, bias: Float32Array.from(h.bias), weights };
  };
  return { id: m.trainedOn.slice(0, 8), index, kind: head(m.kind), field: head(m.field) };
}

/** The features of a message that the model knows, with their value (1/√n: long and short texts weigh alike). */
export function activeFeatures(
  model: Pick<Model, "index">,
  features: readonly Feature[],
): Array<Feature & { id: number }> {
  const known: Array<Feature & { id: number }> = [];
  for (const f of features) {
    const id = model.index.get(f.name);
    if (id !== undefined) known.push({ name: f.name, display: f.display, id });
  }
  return known;
}

/** Softmax probabilities of a head for the given active feature ids. */
export function predict(head: Head, ids: readonly number[]): Float64Array {
  const k = head.classes.length;
  const z = new Float64Array(k);
  const value = ids.length > 0 ? 1 / Math.sqrt(ids.length) : 0;
  for (let c = 0; c < k; c++) z[c] = head.bias[c]!;
  for (const id of ids) {
    const row = id * k;
    for (let c = 0; c < k; c++) z[c] = z[c]! + head.weights[row + c]! * value;
  }
  return softmax(z);
}

export function softmax(z: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of z) max = Math.max(max, v);
  let sum = 0;
  const p = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) {
    const e = Math.exp(z[i]! - max);
    p[i] = e;
    sum += e;
  }
  for (let i = 0; i < p.length; i++) p[i]! /= sum;
  return p;
}

/** The features that pushed a class up the most, as written in the message (for reasons). */
export function strongestFor(
  head: Head,
  cls: number,
  active: ReadonlyArray<Feature & { id: number }>,
  limit = 4,
): string[] {
  const k = head.classes.length;
  const scored = active
    // Length and "typed without diacritics" shape a verdict but explain nothing to a person.
    .filter((f) => !f.name.startsWith("s:length-") && f.name !== "s:no-diacritics" && f.display.length > 2)
    .map((f) => {
      let mean = 0;
      for (let c = 0; c < k; c++) mean += head.weights[f.id * k + c]!;
      // Relative to the other classes: a word common to all of them explains nothing.
      return { display: f.display, score: head.weights[f.id * k + cls]! - mean / k };
    })
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score);
  const chosen: string[] = [];
  for (const s of scored) {
    if (chosen.length >= limit) break;
    // "khai sinh" already says "khai" and "sinh".
    if (chosen.some((c) => c.includes(s.display) || s.display.includes(c))) continue;
    chosen.push(s.display);
  }
  return chosen;
}
