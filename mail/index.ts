/**
 * The e-mail channel, as the composition root sees it: the sender core delivers through (one
 * pooled SMTP transport) and the listener that takes mail from the commune's mailbox (IMAP IDLE
 * plus a sync every MAIL_SYNC_SECONDS, a timer in the channel). Nothing connects until `start()`.
 */
import type { EmailConfig } from "../core/config.ts";
import type { CoreDeps } from "../core/context.ts";
import type { Logger } from "../core/logger.ts";
import { bareAddress } from "./addresses.ts";
import { createImapListener, type ImapListenerOptions } from "./inbound/listener.ts";
import { createEmailSender } from "./outbound/sender.ts";
import { createMailTransport } from "./outbound/transport.ts";

export interface EmailChannelDeps {
  core: CoreDeps;
  log: Logger;
  /** DATA_DIR: attachments are stored under it. */
  dataDir: string;
  attachmentMaxBytes: number;
  /** Overrides for tests and operators: folder names, intervals, backoff. */
  listener?: Partial<Omit<ImapListenerOptions, "imap" | "maxMessageBytes">>;
}

export function createEmailChannel(config: EmailConfig, deps: EmailChannelDeps) {
  const log = deps.log.child({ channel: "email" });
  const transport = createMailTransport(config.smtp);
  const ownAddresses = [bareAddress(config.from), bareAddress(config.imap.user)].filter((a): a is string => !!a);
  const sender = createEmailSender({
    db: deps.core.db,
    transport,
    from: config.from,
    replyDomain: config.replyDomain,
    dataDir: deps.dataDir,
  });
  const listener = createImapListener(
    {
      core: deps.core,
      log,
      dataDir: deps.dataDir,
      attachmentMaxBytes: deps.attachmentMaxBytes,
      replyDomain: config.replyDomain,
      ownAddresses,
    },
    {
      imap: config.imap,
      maxMessageBytes: config.maxMessageBytes,
      processedMailbox: config.processedMailbox,
      syncIntervalMs: config.syncIntervalMs,
      ...deps.listener,
    },
  );
  return {
    sender,
    listener,
    /** Starts watching the mailbox in the background. */
    start: () => listener.start(),
    /** Stops taking mail (waiting for the message in progress), then closes the SMTP pool. */
    async stop() {
      await listener.stop();
      transport.close();
    },
  };
}

export type EmailChannel = ReturnType<typeof createEmailChannel>;
