/**
 * `npm run train:classifier`: trains the learned classifier on the train split of the corpus
 * (`core/classify/corpus/`) and writes `core/classify/model.json`. Deterministic: the same
 * corpus gives the same file, so a diff of the artefact shows a real change.
 */
import { writeFileSync } from "node:fs";
import { loadCorpus } from "../core/classify/corpus.ts";
import { MODEL_PATH } from "../core/classify/model.ts";
import { train } from "../core/classify/train.ts";

const started = performance.now();
const corpus = loadCorpus();
const trainSplit = corpus.filter((m) => m.split === "train");
const model = train(trainSplit);
const json = JSON.stringify(model) + "\n";
writeFileSync(MODEL_PATH, json);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
process.stdout.write(
  `trained on ${trainSplit.length} of ${corpus.length} messages (${corpus.length - trainSplit.length} held out); ` +
    `${model.features.length} features; ${(json.length / 1024).toFixed(0)} KiB → ${MODEL_PATH} in ${seconds} s\n` +
    `model id ${model.trainedOn.slice(0, 8)}\n`,
);
