/**
 * `npm run bench:classifier`: how fast the classifier is.
 * 1. Loading the committed model (decode of core/classify/model.json), median of 5.
 * 2. In process: messages per second over the whole corpus, as written and accent-free, for the
 *    learned classifier and for the phrase rules alone.
 * 3. `bantin classify` as a process: start-up (until the first answer), then 1,000 messages
 *    piped through it, timed from the first line written to the last answer read.
 * Prints figures; asserts nothing.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { loadCorpus } from "../core/classify/corpus.ts";
import { createClassifier, createRuleClassifier, type Classifier } from "../core/classify/index.ts";
import { loadModel } from "../core/classify/model.ts";
import { withoutDiacritics } from "../core/text/normalize.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const corpus = loadCorpus();
const inputs = corpus.flatMap((m) => [
  { text: m.text, subject: m.subject },
  { text: withoutDiacritics(m.text), subject: m.subject && withoutDiacritics(m.subject) },
]);

const loads: number[] = [];
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  loadModel();
  loads.push(performance.now() - t);
}
loads.sort((a, b) => a - b);
console.log(`model load (read + decode): median ${loads[2]!.toFixed(1)} ms, min ${loads[0]!.toFixed(1)} ms`);

function throughput(c: Classifier): { perSecond: number; microsPerMessage: number } {
  for (const input of inputs.slice(0, 200)) c.classify(input); // warm-up
  const rounds = 3;
  const t = performance.now();
  for (let r = 0; r < rounds; r++) for (const input of inputs) c.classify(input);
  const ms = performance.now() - t;
  const n = rounds * inputs.length;
  return { perSecond: (n / ms) * 1000, microsPerMessage: (ms * 1000) / n };
}
for (const c of [createClassifier(), createRuleClassifier()]) {
  const { perSecond, microsPerMessage } = throughput(c);
  console.log(
    `in process, ${c.name}: ${Math.round(perSecond).toLocaleString("en")} messages/s (${microsPerMessage.toFixed(0)} µs each, ${inputs.length} messages × 3)`,
  );
}

// The command as an operator runs it: 1,000 lines through a pipe.
const lines = Array.from({ length: 1000 }, (_, i) => JSON.stringify(inputs[i % inputs.length]) + "\n");
const started = performance.now();
const child = spawn(path.join(ROOT, "node_modules/.bin/node"), [path.join(ROOT, "bin/bantin.js"), "classify"], {
  cwd: ROOT,
  env: { PATH: process.env.PATH },
  stdio: ["pipe", "pipe", "inherit"],
});
const answers = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
child.stdin.write(JSON.stringify({ text: "alo" }) + "\n");
await answers.next();
const ready = performance.now();
child.stdin.write(lines.join(""));
child.stdin.end();
let n = 0;
while (!(await answers.next()).done) n++;
const done = performance.now();
console.log(
  `bantin classify: start-up ${(ready - started).toFixed(0)} ms; then ${n} messages in ${(done - ready).toFixed(0)} ms ` +
    `(${Math.round((n / (done - ready)) * 1000).toLocaleString("en")} messages/s)`,
);
