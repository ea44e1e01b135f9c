/**
 * What a command that touches the database gets: the configuration, a logger on stderr (stdout
 * is the command's output), the migrated database, and core's dependencies with a job producer
 * that connects to Redis only when something is enqueued. `close()` releases all of it, so the
 * process exits as soon as the command is done.
 */
import { createLogger, type Logger } from "../../core/logger.ts";
import type { Config } from "../../core/config.ts";
import type { CoreDeps } from "../../core/context.ts";
import type { Db } from "../../core/db.ts";
import type { FollowUp } from "../../core/ports.ts";
import { createProducerConnection } from "../../queue/connections.ts";
import { createProducer, type Producer } from "../../queue/producer.ts";
import { configOrExit, coreDeps, prepareDatabase } from "../runtime.ts";
import type { Io } from "./args.ts";

export interface Session {
  config: Config;
  log: Logger;
  db: Db;
  /** Core's dependencies; the producer throws when Redis refuses a job, so the command fails. */
  core(): CoreDeps;
  close(): Promise<void>;
}

/** The commune's logs go to stderr at `warn` unless LOG_LEVEL asks for more detail. */
function cliLogger(config: Config, io: Io): Logger {
  const verbose = config.logLevel === "debug" || config.logLevel === "trace" || config.logLevel === "silent";
  return createLogger({ level: verbose ? config.logLevel : "warn", name: "bantin-cli" }, io.stderr);
}

export async function openSession(io: Io): Promise<Session> {
  const config = configOrExit(io.env ?? process.env);
  const log = cliLogger(config, io);
  const db = await prepareDatabase(config, log);
  const producer = lazyProducer(config, log);
  let core: CoreDeps | null = null;
  return {
    config,
    log,
    db,
    core: () => (core ??= coreDeps({ config, db, producer, log })),
    async close() {
      await producer.close();
      await db.$disconnect();
    },
  };
}

/**
 * `producerFor` swallows enqueue failures (right for the service, whose sweeper re-drives) and
 * connects at once; the tool must report a failure, and connect to Redis only when it enqueues.
 */
function lazyProducer(config: Config, log: Logger): Producer {
  let parts: { producer: Producer; quit: () => Promise<unknown> } | null = null;
  const get = () => {
    if (!parts) {
      const connection = createProducerConnection(config.redisUrl, log);
      const producer = createProducer({ connection, prefix: config.queuePrefix, log, throwOnError: true });
      parts = { producer, quit: () => connection.quit().catch(() => connection.disconnect()) };
    }
    return parts.producer;
  };
  return {
    queue: (name: string) => get().queue(name),
    enqueue: (jobs: readonly FollowUp[]) => (jobs.length === 0 ? Promise.resolve() : get().enqueue(jobs)),
    async close() {
      if (!parts) return;
      await parts.producer.close();
      await parts.quit();
    },
  };
}
