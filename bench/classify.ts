/**
 * `npm run bench:classifier`: how fast the classifier is.
 * 1. Loading the committed model (decode of core/classify/model.json), median of 5.
 * 2. In process: messages per second over the whole corpus, as written and accent-free, for the
 *    learned classifier and for the phrase rules alone.
 * 3. `bantin classify` as a process: start-up (until the first answer), then 1,000 messages
 *    piped through it, timed from the first line written to the last answer read.
 * 4. Duplicate lookup on PostgreSQL (a scratch database): the candidate query (shared
 *    locality-sensitive keys, b-tree index) plus the in-process score, per new item, against a table
 *    of 20,000 earlier items.
 * Prints figures; asserts nothing.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { loadCorpus } from "../core/classify/corpus.ts";
import { createClassifier, createRuleClassifier, type Classifier } from "../core/classify/index.ts";
import { loadModel } from "../core/classify/model.ts";
import { randomBytes } from "node:crypto";
import { createDb } from "../core/db.ts";
import { findDuplicate } from "../core/duplicates/find.ts";
import { duplicateKeys, matchText } from "../core/duplicates/similarity.ts";
import { applyMigrations, ensureDatabase } from "../prisma/migrate.ts";
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

// Duplicate lookup against a realistic backlog: 20,000 earlier items made of corpus sentences.
const EARLIER = 20_000;
const url = `postgresql://postgres@127.0.0.1:5432/bantin_bench_dup_${randomBytes(3).toString("hex")}`;
await ensureDatabase(url);
await applyMigrations({ databaseUrl: url });
const db = createDb(url, { max: 2 });
try {
  const sentences = corpus.flatMap((m) => m.text.split(/(?<=[.!?])\s+|\n+/u)).filter((t) => t.length > 20);
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = () => sentences[Math.floor(random() * sentences.length)]!;
  const backlog = Array.from({ length: EARLIER }, (_, i) =>
    i < corpus.length ? corpus[i]!.text : `${pick()} ${pick()} ${pick()}`,
  );
  const { rows } = await db.sql.query<{ id: string }>(
    `INSERT INTO "Person" (id, "fullName", "updatedAt") VALUES (gen_random_uuid(), 'bench', now()) RETURNING id`,
  );
  const senderId = rows[0]!.id;
  const t0 = performance.now();
  for (let i = 0; i < backlog.length; i += 2000) {
    const chunk = backlog.slice(i, i + 2000);
    await db.sql.query(
      `WITH rows AS (
         SELECT gen_random_uuid() AS id, u.t, u.m, u.k FROM unnest($2::text[], $3::text[], $4::jsonb[]) AS u(t, m, k)),
       items AS (
         INSERT INTO "Submission" (id, "senderId", channel, text, status, "matchText", "updatedAt")
         SELECT id, $1, 'zalo', t, 'published', m, now() FROM rows)
       INSERT INTO "DuplicateKey" (key, "submissionId")
       SELECT DISTINCT jsonb_array_elements_text(rows.k)::int, rows.id FROM rows`,
      [
        senderId,
        chunk,
        chunk.map((text) => matchText({ text })),
        chunk.map((text) => JSON.stringify(duplicateKeys(matchText({ text })))),
      ],
    );
  }
  await db.sql.query(`ANALYZE "Submission"`);
  console.log(
    `duplicates: ${EARLIER.toLocaleString("en")} earlier items stored in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  // New items: corpus messages typed without diacritics (each has its original in the table) and fresh mixes.
  const probes = corpus
    .slice(0, 150)
    .map((m) => withoutDiacritics(m.text))
    .concat(Array.from({ length: 150 }, () => `${pick()} ${pick()}`));
  const times: number[] = [];
  let found = 0;
  for (const text of probes) {
    const t = performance.now();
    if (await findDuplicate(db.sql, "00000000-0000-0000-0000-000000000000", matchText({ text }))) found++;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  console.log(
    `duplicate lookup: ${probes.length} new items, mean ${mean.toFixed(1)} ms, p50 ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms, ` +
      `p95 ${times[Math.floor(times.length * 0.95)]!.toFixed(1)} ms; ${found} linked ` +
      `(150 probes are unaccented copies of stored items; the other 150 mix sentences that stored items also contain)`,
  );
} finally {
  await db.$disconnect();
  await db.sql.end().catch(() => undefined);
  const admin = createDb("postgresql://postgres@127.0.0.1:5432/postgres");
  await admin.$executeRawUnsafe(`DROP DATABASE "${url.split("/").pop()}" WITH (FORCE)`);
  await admin.$disconnect();
}
