/**
 * The Zalo OA channel, as the composition root sees it: the sender core delivers through, the
 * webhook plugin the web server registers, and the worker that handles stored events (started
 * with the channels). Nothing connects until used or started.
 */
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { ZaloConfig } from "../../core/config.ts";
import type { CoreDeps } from "../../core/context.ts";
import type { Logger } from "../../core/logger.ts";
import { alertOperators } from "./alert.ts";
import { createZaloApi } from "./api.ts";
import { createZaloInbound } from "./inbound.ts";
import { createZaloEventWorker, createZaloInbox, ZALO_INBOUND_QUEUE } from "./inbox.ts";
import { operatorAlerts } from "./messages.ts";
import { createZaloSender } from "./sender.ts";
import { createTokenSource } from "./tokens.ts";
import { zaloWebhook } from "./webhook.ts";
import { createWindowCheck } from "./window.ts";
import type { Worker } from "bullmq";

export interface ZaloChannelDeps {
  core: CoreDeps;
  log: Logger;
  dataDir: string;
  attachmentMaxBytes: number;
  communeName: string;
  /**
   * The queue the webhook stores into, and how to open the worker's Redis connection: only
   * `start()` (the channels role) opens one, and `stop()` closes it.
   */
  queue: { producer: { queue(name: string): Queue }; prefix: string; connect?: () => Redis };
  /** How often events stored but never enqueued are re-driven. */
  redriveEveryMs?: number;
}

export function createZaloChannel(config: ZaloConfig, deps: ZaloChannelDeps) {
  const { core } = deps;
  const log = deps.log.child({ channel: "zalo" });
  const tokens = createTokenSource({
    db: core.db,
    appId: config.appId,
    appSecret: config.appSecret,
    oauthBase: config.oauthBase,
    seedRefreshToken: config.refreshToken,
    log,
    onDead: async () => void (await alertOperators(core, "zalo_token_dead", operatorAlerts.tokenDead())),
  });
  const api = createZaloApi({ apiBase: config.apiBase, tokens });
  const sender = createZaloSender({
    api,
    reach: createWindowCheck({ db: core.db, api }),
    buttons: config.buttonsEnabled,
  });
  const inbox = createZaloInbox({ db: core.db, queue: deps.queue.producer.queue(ZALO_INBOUND_QUEUE), log });
  const inbound = createZaloInbound({
    core,
    api,
    log,
    dataDir: deps.dataDir,
    attachmentMaxBytes: deps.attachmentMaxBytes,
    communeName: deps.communeName,
    trustedMediaHost: new URL(config.apiBase).host,
  });
  const redriveEveryMs = deps.redriveEveryMs ?? 30_000;
  let worker: Worker | null = null;
  let connection: Redis | null = null;
  let timer: NodeJS.Timeout | null = null;
  const redrive = () =>
    inbox
      .redrive(redriveEveryMs)
      .then((n) => n > 0 && log.info({ events: n }, "Zalo events re-driven"))
      .catch((e: unknown) => log.warn({ err: e }, "Zalo redrive failed"));

  return {
    api,
    sender,
    inbox,
    inbound,
    /** The webhook, to register on the web server in its own context: `app.register(zalo.webhook)`. */
    webhook: zaloWebhook({
      appId: config.appId,
      oaSecretKey: config.oaSecretKey,
      mode: config.webhookSignatureMode,
      inbox,
      log,
    }),
    /** Starts handling stored events in the background. */
    start() {
      if (worker) return;
      if (!deps.queue.connect) throw new Error("the Zalo channel needs a Redis connection to start");
      connection = deps.queue.connect();
      worker = createZaloEventWorker({
        db: core.db,
        connection,
        prefix: deps.queue.prefix,
        handle: (e, at, opts) => inbound.handle(e, at, opts),
        log,
      });
      void redrive();
      timer = setInterval(() => void redrive(), redriveEveryMs);
      // A health check that also gets the first token: wrong credentials show at start, not at the first message.
      void api
        .getOa()
        .then((oa) => log.info({ oa: oa?.name ?? oa?.oa_id }, "Zalo OA reachable"))
        .catch((e: unknown) => log.error({ err: e }, "Zalo OA not reachable; messages wait until it is"));
      timer.unref();
    },
    /** Stops handling, waiting for the event in progress. */
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await worker?.close();
      worker = null;
      await connection?.quit().catch(() => connection?.disconnect());
      connection = null;
    },
  };
}

export type ZaloChannel = ReturnType<typeof createZaloChannel>;
export { createZaloApi } from "./api.ts";
export { createZaloSender } from "./sender.ts";
export { zaloWebhook, WEBHOOK_PATH } from "./webhook.ts";
