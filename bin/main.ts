/**
 * The service's entry point: `tsx bin/main.ts all|web|worker|channels`.
 * `all` runs everything in one process (a single commune machine); the others run one role each.
 * Shutdown goes in order: stop intake, close workers, queues, Redis, the database.
 */
import type { FastifyInstance } from "fastify";
import { hasBoard } from "../core/people/people.ts";
import { createProducerConnection, createWorkerConnection } from "../queue/connections.ts";
import { createWorkers, workersConsume, type Workers } from "../queue/workers.ts";
import { createServer } from "../web/server.ts";
import {
  availableChannels,
  configOrExit,
  coreDeps,
  createChannels,
  loggerFor,
  prepareDatabase,
  producerFor,
} from "./runtime.ts";

const ROLES = ["all", "web", "worker", "channels"] as const;
type ProcessRole = (typeof ROLES)[number];

const FIRST_BOARD_MEMBER = `
Chưa có thành viên Ban biên tập nào. / No board member yet. Add the first one, e.g.:
  npx bantin people add --name "Nguyễn Văn An" --phone 0912345678 --email an@xa.gov.vn
  npx bantin roles grant <person> head
  npx bantin roles grant <person> secretariat
(<person> is the id printed by 'people add', a phone number or an e-mail address.)
`;

async function main() {
  const role = (process.argv[2] ?? "all") as ProcessRole;
  if (!ROLES.includes(role)) {
    process.stderr.write(`usage: main.ts ${ROLES.join("|")}\n`);
    process.exit(2);
  }
  const config = configOrExit();
  const log = loggerFor(config).child({ role });
  const runs = (r: ProcessRole) => role === "all" || role === r;

  const db = await prepareDatabase(config, log);
  if (!(await hasBoard(db))) process.stdout.write(FIRST_BOARD_MEMBER);

  const available = availableChannels(config);
  const missing = Object.keys(config.channels).filter((c) => !available.includes(c as never));
  if (missing.length > 0) log.warn({ channels: missing }, "channels configured but not available in this version");

  const producer = producerFor(config, log);
  const core = coreDeps({ config, db, producer, log, reachable: available });
  const channels = createChannels(config, core, log, producer);
  const senders = channels.senders;
  const workerRedis = createWorkerConnection(config.redisUrl, log);

  let workers: Workers | null = null;
  if (runs("worker")) {
    workers = await createWorkers(
      { core, senders, connection: workerRedis, producer, log },
      {
        prefix: config.queuePrefix,
        concurrency: config.workers.concurrency,
        shutdownTimeoutMs: config.workers.shutdownTimeoutMs,
        outboundRate: config.outboundRate,
        sweeper: config.sweeper,
      },
    );
    log.info({ queues: workers.workers.map((w) => w.name) }, "workers started");
  }

  let server: FastifyInstance | null = null;
  // The site's rate-limit counters, shared by every web process; fail-fast, like a producer's.
  const siteRedis = runs("web") ? createProducerConnection(config.redisUrl, log) : null;
  if (runs("web")) {
    server = createServer({
      log,
      readiness: [
        { name: "database", check: async () => (await db.$queryRaw<unknown[]>`SELECT 1`).length === 1 },
        { name: "redis", check: async () => (await workerRedis.ping()) === "PONG" },
        { name: "workers", check: () => workersConsume(workerRedis, config.queuePrefix) },
      ],
      site: {
        db,
        core,
        databaseUrl: config.databaseUrl,
        log,
        settings: {
          baseUrl: config.publicBaseUrl,
          commune: config.commune,
          timeZone: config.timeZone,
          dataDir: config.dataDir,
          notice: config.siteNotice,
        },
        rateLimitStore: siteRedis ? { redis: siteRedis, prefix: config.queuePrefix } : undefined,
      },
    });
    // Each channel's webhook in its own context: its body parsing stays its own.
    for (const webhook of channels.webhooks) await server.register(webhook);
    await server.listen({ host: config.http.host, port: config.http.port });
  }
  if (runs("channels")) channels.start();
  log.info({ channels: available }, "bantin started");

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), config.workers.shutdownTimeoutMs + 5_000);
    force.unref();
    try {
      await server?.close();
      siteRedis?.disconnect();
      await channels.stop();
      await workers?.close();
      await producer.close();
      await workerRedis.quit();
      await db.$disconnect();
      log.info("stopped");
      process.exit(0);
    } catch (e) {
      log.error({ err: (e as Error).message }, "shutdown failed");
      process.exit(1);
    }
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((e: unknown) => {
  process.stderr.write(`bantin failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
