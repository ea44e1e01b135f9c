/**
 * The composition root's parts, shared by the service (`bin/main.ts`) and the operator's
 * command-line tool: configuration, logger, database (migrated), Redis, the job producer and
 * core's dependencies. Nothing connects at import time.
 */
import { createClassifier } from "../core/classify/index.ts";
import { ConfigError, formatConfigError, loadConfig, type Config } from "../core/config.ts";
import { DEFAULT_CONFIDENCE_THRESHOLD, type CoreDeps } from "../core/context.ts";
import { createDb, type Db } from "../core/db.ts";
import type { Channel } from "../core/domain.ts";
import { seedFields } from "../core/fields.ts";
import { createLogger, redactUrl, type Logger } from "../core/logger.ts";
import type { ChannelSenders } from "../core/ports.ts";
import { applyMigrations, ensureDatabase } from "../prisma/migrate.ts";
import { createProducerConnection } from "../queue/connections.ts";
import { createProducer, type Producer } from "../queue/producer.ts";
import { createTelegramChannel } from "../bots/telegram/index.ts";
import { createWebSender } from "../web/site/sender.ts";
import { createZaloChannel, WEBHOOK_PATH as ZALO_WEBHOOK_PATH } from "../bots/zalo/index.ts";
import { createEmailChannel } from "../mail/index.ts";
import { createWorkerConnection } from "../queue/connections.ts";
import type { FastifyPluginAsync } from "fastify";

/** Loads the configuration or exits 1 with every problem listed. */
export function configOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(formatConfigError(e) + "\n");
      process.exit(1);
    }
    throw e;
  }
}

export function loggerFor(config: Config, name = "bantin"): Logger {
  return createLogger({ level: config.logLevel, pretty: config.logPretty, name });
}

/** Creates the database if missing, applies pending migrations, seeds the taxonomy. */
export async function prepareDatabase(config: Config, log: Logger): Promise<Db> {
  if (await ensureDatabase(config.databaseUrl)) log.info({ db: redactUrl(config.databaseUrl) }, "database created");
  const { applied } = await applyMigrations({ databaseUrl: config.databaseUrl, log: (m) => log.debug(m) });
  if (applied.length > 0) log.info({ applied }, "migrations applied");
  const db = createDb(config.databaseUrl);
  const seeded = await seedFields(db);
  if (seeded > 0) log.info({ fields: seeded }, "field taxonomy seeded");
  return db;
}

export function coreDeps(p: {
  config: Config;
  db: Db;
  producer: Producer;
  log: Logger;
  /** Channels a message can leave on: those with a sender (default: every channel this version can run). */
  reachable?: readonly Channel[];
  senders?: ChannelSenders;
}): CoreDeps {
  // The learned model with its sure rules; loads the committed artefact (core/classify/model.json).
  const classifier = createClassifier();
  return {
    db: p.db,
    jobs: p.producer,
    classifier,
    log: p.log,
    settings: {
      approvalPolicy: p.config.approvalPolicy,
      publicBaseUrl: p.config.publicBaseUrl,
      timeZone: p.config.timeZone,
      reachableChannels:
        p.reachable ?? (p.senders ? (Object.keys(p.senders) as Channel[]) : availableChannels(p.config)),
      confidenceThreshold: classifier.confidenceThreshold ?? DEFAULT_CONFIDENCE_THRESHOLD,
      deadlines: p.config.deadlines,
      holidays: p.config.holidays,
      attachments: { dataDir: p.config.dataDir, maxBytes: p.config.attachmentMaxBytes },
      boardChats: p.config.channels.telegram?.boardChatId
        ? [{ channel: "telegram", address: p.config.channels.telegram.boardChatId }]
        : [],
    },
  };
}

export function producerFor(config: Config, log: Logger): Producer {
  return createProducer({
    connection: createProducerConnection(config.redisUrl, log),
    prefix: config.queuePrefix,
    log,
  });
}

/** The channels whose settings are present and which this version can run. */
export function availableChannels(config: Config): Channel[] {
  return [
    ...(config.channels.telegram ? (["telegram"] as const) : []),
    ...(config.channels.zalo ? (["zalo"] as const) : []),
    ...(config.channels.email ? (["email"] as const) : []),
    // The site's question form: always on; its messages are shown on the status page.
    "web",
  ];
}

export interface Channels {
  /** The explicit sender registry: one entry per running channel. */
  senders: ChannelSenders;
  /** Starts receiving (long polling, IMAP…) on every channel. */
  start(): void;
  /** Stops receiving, waiting for the message in progress. */
  stop(): Promise<void>;
  /** Webhook plugins for the web server, each registered in its own context (Zalo's). */
  webhooks: FastifyPluginAsync[];
}

/**
 * Every channel whose settings are present, built once in the composition root. Zalo and e-mail
 * join here as they land; until then their settings are reported at start-up as not available.
 */
export function createChannels(config: Config, core: CoreDeps, log: Logger, producer?: Producer): Channels {
  const telegram = config.channels.telegram ? createTelegramChannel(config.channels.telegram, { core, log }) : null;
  // Zalo's webhook stores events and queues them for the channels role: it needs the producer.
  const zalo =
    config.channels.zalo && producer
      ? createZaloChannel(config.channels.zalo, {
          core,
          log,
          dataDir: config.dataDir,
          attachmentMaxBytes: config.attachmentMaxBytes,
          communeName: config.commune.name,
          queue: { producer, prefix: config.queuePrefix, connect: () => createWorkerConnection(config.redisUrl, log) },
        })
      : null;
  if (zalo) log.info({ url: `${config.publicBaseUrl}${ZALO_WEBHOOK_PATH}` }, "Zalo webhook URL");
  // E-mail: one pooled SMTP transport for the sender; the mailbox is watched only once started.
  const email = config.channels.email
    ? createEmailChannel(config.channels.email, {
        core,
        log,
        dataDir: config.dataDir,
        attachmentMaxBytes: config.attachmentMaxBytes,
      })
    : null;
  return {
    senders: {
      ...(telegram && { telegram: telegram.sender }),
      ...(zalo && { zalo: zalo.sender }),
      ...(email && { email: email.sender }),
      web: createWebSender(),
    },
    webhooks: [...(telegram?.webhook ? [telegram.webhook] : []), ...(zalo ? [zalo.webhook] : [])],
    start() {
      telegram?.start();
      zalo?.start();
      email?.start();
    },
    async stop() {
      await telegram?.stop();
      await zalo?.stop();
      await email?.stop();
    },
  };
}
