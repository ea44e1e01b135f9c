/**
 * A worker process for the crash test: the real workers with recording senders that print each
 * delivery as a JSON line on stdout. `HANG` makes it stop forever at one point, so the test can
 * kill it there: `apply` (inside apply-decision's transaction), `review` (after an item was
 * classified, before its reviewers are asked, in the same job) or `send:<address>` (inside a delivery).
 */
import { join } from "node:path";
import { tmpdir } from "node:os";
import { createRecordingSender, type Recorded } from "../../bots/recording/sender.ts";
import { createRuleClassifier } from "../../core/classify/index.ts";
import { DEFAULT_CONFIDENCE_THRESHOLD } from "../../core/context.ts";
import { createDb, type Db } from "../../core/db.ts";
import { createLogger } from "../../core/logger.ts";
import { createProducerConnection, createWorkerConnection } from "../../queue/connections.ts";
import { createProducer } from "../../queue/producer.ts";
import { createWorkers } from "../../queue/workers.ts";
import { REDIS_URL, workerSettings } from "./spine.ts";

const [databaseUrl, prefix, hang = ""] = process.argv.slice(2);
if (!databaseUrl || !prefix) throw new Error("usage: worker-process.ts <databaseUrl> <prefix> [hang]");

const print = (o: object) => process.stdout.write(JSON.stringify(o) + "\n");
const forever = () => new Promise<never>(() => {});

const log = createLogger({ level: process.env.WORKER_LOG_LEVEL ?? "silent" });
const sent: Recorded[] = [];
const pushed = sent.push.bind(sent);
sent.push = (...items: Recorded[]) => {
  for (const m of items) print({ event: "sent", type: m.type, address: m.to.address, ref: m.ref });
  return pushed(...items);
};
const senders = { telegram: createRecordingSender("telegram", sent) };
senders.telegram.beforeSend = async (to) => {
  if (hang === `send:${to.address}`) {
    print({ event: "hang", at: hang });
    await forever();
  }
};
// `apply`: stop inside apply-decision's transaction, after it marked the decision applied and
// before the item moves on: the kill must roll all of it back.
const base = createDb(databaseUrl, { max: 4 });
const db = Object.assign(
  base.$extends({
    query: {
      submission: {
        async updateMany({ args, query }) {
          if (hang === "apply" && (args.data as { status?: unknown }).status !== undefined) {
            print({ event: "hang", at: hang });
            await forever();
          }
          return query(args);
        },
      },
    },
  }),
  {
    // `review`: stop when request-review reads its item, which in the screening job comes right
    // after the classification was committed.
    sql: new Proxy(base.sql, {
      get(target, prop, receiver) {
        if (prop !== "query") return Reflect.get(target, prop, receiver) as unknown;
        return async (q: unknown, values?: unknown) => {
          if (hang === "review" && (q as { name?: string } | null)?.name === "review-item") {
            print({ event: "hang", at: hang });
            await forever();
          }
          return (target.query as (q: unknown, v?: unknown) => Promise<unknown>)(q, values);
        };
      },
    }),
  },
) as unknown as Db;
const producer = createProducer({ connection: createProducerConnection(REDIS_URL, log), prefix, log });
const core = {
  db,
  jobs: producer,
  classifier: createRuleClassifier(),
  log,
  settings: {
    approvalPolicy: "single" as const,
    publicBaseUrl: "http://bantin.test",
    timeZone: "Asia/Ho_Chi_Minh",
    reachableChannels: ["telegram" as const],
    confidenceThreshold: DEFAULT_CONFIDENCE_THRESHOLD,
    attachments: { dataDir: join(tmpdir(), "bantin-worker-process"), maxBytes: 25 * 1024 * 1024 },
  },
};
await createWorkers(
  { core, senders, connection: createWorkerConnection(REDIS_URL, log), producer, log },
  workerSettings(prefix, { lockDurationMs: 1_000, stalledIntervalMs: 500 }),
);
print({ event: "ready" });
