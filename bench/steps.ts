/**
 * `npm run bench:steps`: the cost of each pipeline step alone — receive, classify,
 * request-review, deliver — called directly (no queue), one item at a time, on the real
 * PostgreSQL. Prints wall and CPU milliseconds per item: where the pipeline's time goes.
 */
import { join } from "node:path";
import { tmpdir } from "node:os";
import { randomBytes } from "node:crypto";
import { createRecordingSender } from "../bots/recording/sender.ts";
import { createClassifier } from "../core/classify/index.ts";
import { createDb } from "../core/db.ts";
import { seedFields } from "../core/fields.ts";
import { receiveInbound } from "../core/intake/receive.ts";
import { classifySubmission } from "../core/intake/classify-submission.ts";
import { requestReview } from "../core/review/request-review.ts";
import { deliverOutbound } from "../core/notify/deliver.ts";
import { createLogger } from "../core/logger.ts";
import { addPerson, grantRole } from "../core/people/people.ts";
import { applyMigrations, ensureDatabase } from "../prisma/migrate.ts";
import type { FollowUp } from "../core/ports.ts";

/** The classifier the service runs (bin/runtime.ts), with its threshold. */
const classifier = createClassifier();
const url = `postgresql://postgres@127.0.0.1:5432/bantin_steps_${randomBytes(3).toString("hex")}`;
await ensureDatabase(url);
await applyMigrations({ databaseUrl: url });
const db = createDb(url);
await seedFields(db);
const sec = await addPerson(
  db,
  { fullName: "T", identities: [{ channel: "telegram", externalId: "1" }] },
  { via: "b" },
);
await grantRole(db, { personId: sec.id, role: "secretariat" }, { via: "b" });
const jobs: FollowUp[] = [];
const core = {
  db,
  jobs: { enqueue: async (j: readonly FollowUp[]) => void jobs.push(...j) },
  classifier,
  log: createLogger({ level: "silent" }),
  settings: {
    approvalPolicy: "single" as const,
    publicBaseUrl: "http://x",
    timeZone: "Asia/Ho_Chi_Minh",
    reachableChannels: ["telegram" as const],
    confidenceThreshold: classifier.confidenceThreshold ?? 0.35,
    attachments: { dataDir: join(tmpdir(), "bantin-bench"), maxBytes: 25 * 1024 * 1024 },
  },
};
const senders = { telegram: createRecordingSender("telegram") };
const acc: Record<string, [number, number]> = {};
const step = async (name: string, fn: () => Promise<unknown>) => {
  const c = process.cpuUsage();
  const t = performance.now();
  await fn();
  const u = process.cpuUsage(c);
  const a = (acc[name] ??= [0, 0]);
  a[0] += performance.now() - t;
  a[1] += (u.user + u.system) / 1000;
};
const N = Number(process.argv[2] ?? 300);
for (let i = 0; i < N; i++) {
  jobs.length = 0;
  let r!: Awaited<ReturnType<typeof receiveInbound>>;
  await step(
    "receive",
    async () =>
      (r = await receiveInbound(core, {
        channel: "telegram",
        externalId: `m${i}`,
        sender: { externalId: String(100 + (i % 50)) },
        text: "Sáng ngày 15/11, UBND xã tổ chức hội nghị triển khai chuyển đổi số " + i,
      })),
  );
  await step("classify", () => classifySubmission(core, r.submissionId));
  await step("request-review", () => requestReview(core, r.submissionId, 1));
  for (const j of jobs)
    if (j.name === "send-message") await step("send", () => deliverOutbound(core, senders, j.data.outboundMessageId));
  senders.telegram.sent.length = 0;
}
console.log(`bench:steps — ${N} items, one at a time, node ${process.version}`);
for (const [k, [w, c]] of Object.entries(acc))
  console.log(k.padEnd(16), (w / N).toFixed(2), "ms wall/item", (c / N).toFixed(2), "ms cpu/item");
await db.$disconnect();
const admin = createDb("postgresql://postgres@127.0.0.1:5432/postgres");
await admin.$executeRawUnsafe(`DROP DATABASE "${url.split("/").pop()}" WITH (FORCE)`);
await admin.$disconnect();
