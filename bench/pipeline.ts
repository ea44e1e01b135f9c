/**
 * `npm run bench:pipeline`: pushes messages through receive → classify → review cards
 * dispatched (recording sender), on the real PostgreSQL and Redis, and prints throughput and
 * latency (receive call → card delivered) for a burst and for a steady offered rate.
 *
 *   BENCH_ITEMS (5000)  BENCH_RATE (300)  BENCH_CONCURRENCY (pipeline worker concurrency, 16)
 */
import { join } from "node:path";
import { tmpdir } from "node:os";
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { createRecordingSender } from "../bots/recording/sender.ts";
import { createClassifier } from "../core/classify/index.ts";
import { DEFAULT_CONFIDENCE_THRESHOLD, type CoreDeps } from "../core/context.ts";
import { createDb } from "../core/db.ts";
import { seedFields } from "../core/fields.ts";
import { receiveInbound } from "../core/intake/receive.ts";
import { createLogger } from "../core/logger.ts";
import { addPerson, grantRole } from "../core/people/people.ts";
import { applyMigrations, ensureDatabase } from "../prisma/migrate.ts";
import { createProducerConnection, createWorkerConnection } from "../queue/connections.ts";
import { createProducer } from "../queue/producer.ts";
import { createWorkers } from "../queue/workers.ts";

/** The classifier the service runs (bin/runtime.ts), with its threshold. */
const classifier = createClassifier();

const ITEMS = Number(process.argv[2] ?? process.env.BENCH_ITEMS ?? 5000);
const RATE = Number(process.env.BENCH_RATE ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const BASE = process.env.BENCH_DATABASE_BASE ?? "postgresql://postgres@127.0.0.1:5432";

const TEXTS = [
  "Sáng ngày 15/11, UBND xã tổ chức hội nghị triển khai công tác chuyển đổi số và hướng dẫn người dân cài đặt VNeID.",
  "cho em hoi lam giay khai sinh cho con can nhung giay to gi a",
  "Đèn đường thôn Đông bị hỏng đã hơn một tuần, đề nghị xã kiểm tra sửa chữa.",
  "Chiều nay Hội Nông dân xã phối hợp tổ chức tập huấn kỹ thuật trồng lúa chất lượng cao cho 60 hội viên.",
  "Xin hỏi thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ tại xã mất bao lâu?",
];

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main() {
  const dbName = `bantin_bench_${randomBytes(4).toString("hex")}`;
  const databaseUrl = `${BASE}/${dbName}`;
  await ensureDatabase(databaseUrl);
  await applyMigrations({ databaseUrl });
  const db = createDb(databaseUrl, { max: 20 });
  await seedFields(db);
  const secretary = await addPerson(
    db,
    { fullName: "Thư ký", identities: [{ channel: "telegram", externalId: "1" }] },
    { via: "bench" },
  );
  await grantRole(db, { personId: secretary.id, role: "secretariat" }, { via: "bench" });

  const log = createLogger({ level: "warn" });
  const prefix = `bench${randomBytes(4).toString("hex")}`;
  const producerConn = createProducerConnection(REDIS_URL, log);
  const workerConn = createWorkerConnection(REDIS_URL, log);
  const producer = createProducer({ connection: producerConn, prefix, log });

  const started = new Map<string, number>();
  const latencies: number[] = [];
  let done = 0;
  let onDone: (() => void) | null = null;
  const sender = createRecordingSender("telegram");
  const sendCard = sender.sendReviewCard.bind(sender);
  sender.sendReviewCard = async (to, card) => {
    const ref = await sendCard(to, card);
    // The item's key is in its text, so the clock starts before receive is even called.
    const key = /\((\w+ #\d+)\)/.exec(card.excerpt)?.[1];
    const t0 = key ? started.get(key) : undefined;
    if (key && t0 !== undefined) {
      latencies.push(performance.now() - t0);
      started.delete(key);
      if (++done === target) onDone?.();
    }
    sender.sent.length = 0; // keep memory flat
    return ref;
  };
  let target = 0;

  const core: CoreDeps = {
    db,
    jobs: producer,
    classifier,
    log,
    settings: {
      approvalPolicy: "single",
      publicBaseUrl: "http://bantin.test",
      timeZone: "Asia/Ho_Chi_Minh",
      reachableChannels: ["telegram"],
      confidenceThreshold: classifier.confidenceThreshold ?? DEFAULT_CONFIDENCE_THRESHOLD,
      attachments: { dataDir: join(tmpdir(), "bantin-bench"), maxBytes: 25 * 1024 * 1024 },
    },
  };
  const unlimited = { max: 100_000, durationMs: 1_000 };
  const workers = await createWorkers(
    { core, senders: { telegram: sender }, connection: workerConn, producer, log },
    {
      prefix,
      concurrency: CONCURRENCY,
      shutdownTimeoutMs: 10_000,
      outboundRate: { telegram: unlimited, zalo: unlimited, email: unlimited, web: unlimited },
      sweeper: { intervalMs: 600_000, stuckAfterMs: 600_000 },
    },
  );

  let n = 0;
  const receiveOne = async (run: string) => {
    const i = n++;
    started.set(`${run} #${i}`, performance.now());
    await receiveInbound(core, {
      channel: "telegram",
      externalId: `${run}-${i}`,
      sender: { externalId: String(10_000 + (i % 500)), displayName: `Người gửi ${i % 500}` },
      text: `${TEXTS[i % TEXTS.length]} (${run} #${i})`,
    });
  };

  const phase = async (name: string, offer: (finished: Promise<void>) => Promise<void>) => {
    latencies.length = 0;
    done = 0;
    target = ITEMS;
    const finished = new Promise<void>((resolve) => (onDone = resolve));
    const t0 = performance.now();
    await offer(finished);
    await finished;
    const seconds = (performance.now() - t0) / 1000;
    const sorted = [...latencies].sort((a, b) => a - b);
    const r = {
      name,
      items: ITEMS,
      seconds: Number(seconds.toFixed(2)),
      throughput: Math.round(ITEMS / seconds),
      p50: Math.round(percentile(sorted, 50)),
      p95: Math.round(percentile(sorted, 95)),
      p99: Math.round(percentile(sorted, 99)),
    };
    console.log(
      `${name.padEnd(6)} ${r.items} items in ${r.seconds}s · ${r.throughput} items/s · p50 ${r.p50} ms · p95 ${r.p95} ms · p99 ${r.p99} ms`,
    );
    return r;
  };

  console.log(
    `bench:pipeline — ${ITEMS} items per phase, pipeline concurrency ${CONCURRENCY}, node ${process.version}`,
  );
  // Burst: everything offered at once (64 intake calls in flight, as many webhooks would be).
  const burst = await phase("burst", async () => {
    let next = 0;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (next < ITEMS) {
          next++;
          await receiveOne("burst");
        }
      }),
    );
  });
  // Steady: offered at RATE per second, on a fixed schedule, whatever the pipeline does.
  const steady = await phase("steady", async () => {
    const t0 = performance.now();
    const pending: Promise<void>[] = [];
    for (let i = 0; i < ITEMS; i++) {
      const due = t0 + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      pending.push(receiveOne("steady"));
    }
    await Promise.all(pending);
  });
  console.log(
    `burst ${burst.throughput} items/s · steady ${RATE}/s p50 ${steady.p50} ms p95 ${steady.p95} ms p99 ${steady.p99} ms`,
  );

  await workers.close();
  await producer.close();
  let cursor = "0";
  do {
    const [next, keys] = await workerConn.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    cursor = next;
    if (keys.length) await workerConn.del(...keys);
  } while (cursor !== "0");
  producerConn.disconnect();
  workerConn.disconnect();
  await db.$disconnect();
  const admin = createDb(`${BASE}/postgres`, { max: 1 });
  await admin.$executeRawUnsafe(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.$disconnect();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
