/**
 * A whole spine for integration tests: a fresh migrated database, a unique queue prefix on the
 * real Redis, real BullMQ workers, and recording senders for every channel.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { createRecordingSender, type Recorded, type RecordingSender } from "../../bots/recording/sender.ts";
import { createRuleClassifier } from "../../core/classify/index.ts";
import type { Classifier } from "../../core/classify/types.ts";
import type { ChannelSenders } from "../../core/ports.ts";
import { DEFAULT_CONFIDENCE_THRESHOLD, type CoreDeps } from "../../core/context.ts";
import { createDb, type Db } from "../../core/db.ts";
import type { ApprovalPolicy, Channel, Role } from "../../core/domain.ts";
import { seedFields } from "../../core/fields.ts";
import { createLogger } from "../../core/logger.ts";
import { addPerson, grantRole, type PersonInput } from "../../core/people/people.ts";
import { createProducerConnection, createWorkerConnection } from "../../queue/connections.ts";
import { createProducer, type Producer } from "../../queue/producer.ts";
import { createWorkers, type WorkerSettings, type Workers } from "../../queue/workers.ts";
import { createTestDatabase } from "./database.ts";

export const REDIS_URL = "redis://127.0.0.1:6379";
const CHANNELS_RECORDED: Channel[] = ["telegram", "zalo", "email"];

export interface Spine {
  db: Db;
  databaseUrl: string;
  prefix: string;
  core: CoreDeps;
  producer: Producer;
  senders: Record<"telegram" | "zalo" | "email", RecordingSender>;
  /** Every message every recording sender delivered, in order. */
  sent: Recorded[];
  workers: Workers | null;
  startWorkers(): Promise<Workers>;
  close(): Promise<void>;
}

export function workerSettings(prefix: string, over: Partial<WorkerSettings> = {}): WorkerSettings {
  const fast = { max: 10_000, durationMs: 1_000 };
  return {
    prefix,
    concurrency: 8,
    shutdownTimeoutMs: 5_000,
    outboundRate: { telegram: fast, zalo: fast, email: fast, web: fast },
    sweeper: { intervalMs: 60_000, stuckAfterMs: 60_000 },
    ...over,
  };
}

export async function startSpine(
  opts: {
    approvalPolicy?: ApprovalPolicy;
    workers?: boolean;
    classifier?: Classifier;
    databaseUrl?: string;
    /** Real senders to deliver through instead of the recording ones (which then record nothing). */
    senders?: ChannelSenders;
    boardChats?: CoreDeps["settings"]["boardChats"];
  } = {},
): Promise<Spine> {
  const database = opts.databaseUrl ? null : await createTestDatabase();
  const databaseUrl = opts.databaseUrl ?? database!.url;
  const db = createDb(databaseUrl, { max: 5 });
  await seedFields(db);
  const prefix = `t${randomBytes(5).toString("hex")}`;
  const dataDir = await mkdtemp(join(tmpdir(), "bantin-data-"));
  const log = createLogger({ level: "silent" });
  const producerConnection = createProducerConnection(REDIS_URL, log);
  const workerConnection = createWorkerConnection(REDIS_URL, log);
  const producer = createProducer({ connection: producerConnection, prefix, log, throwOnError: true });
  const sent: Recorded[] = [];
  const senders = {
    telegram: createRecordingSender("telegram", sent),
    zalo: createRecordingSender("zalo", sent),
    email: createRecordingSender("email", sent),
  };
  const core: CoreDeps = {
    db,
    jobs: producer,
    classifier: opts.classifier ?? createRuleClassifier(),
    log,
    settings: {
      approvalPolicy: opts.approvalPolicy ?? "single",
      publicBaseUrl: "http://bantin.test",
      timeZone: "Asia/Ho_Chi_Minh",
      reachableChannels: CHANNELS_RECORDED,
      confidenceThreshold: DEFAULT_CONFIDENCE_THRESHOLD,
      attachments: { dataDir, maxBytes: 25 * 1024 * 1024 },
      boardChats: opts.boardChats ?? [],
    },
  };
  const spine: Spine = {
    db,
    databaseUrl,
    prefix,
    core,
    producer,
    senders,
    sent,
    workers: null,
    async startWorkers() {
      spine.workers = await createWorkers(
        { core, senders: { ...senders, ...opts.senders }, connection: workerConnection, producer, log },
        workerSettings(prefix),
      );
      return spine.workers;
    },
    async close() {
      await spine.workers?.close();
      await producer.close();
      await deleteKeys(workerConnection, prefix);
      producerConnection.disconnect();
      workerConnection.disconnect();
      await db.$disconnect();
      await database?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  if (opts.workers !== false) await spine.startWorkers();
  return spine;
}

/** Removes every Redis key of a test's queue prefix. */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== "0");
}

/** Adds a person with one identity and some roles; returns the person's id. */
export async function person(
  db: Db,
  name: string,
  identity: { channel: Channel; externalId: string } | null,
  roles: Array<{ role: Role; field?: string; unit?: string }> = [],
  details: Omit<PersonInput, "fullName" | "identities"> = {},
): Promise<string> {
  const p = await addPerson(
    db,
    { ...details, fullName: name, identities: identity ? [identity] : [] },
    { via: "test" },
  );
  for (const r of roles)
    await grantRole(db, { personId: p.id, role: r.role, fieldCode: r.field, unit: r.unit }, { via: "test" });
  return p.id;
}
