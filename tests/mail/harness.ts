/**
 * The e-mail channel on a whole spine: a private Dovecot (mail in), an SMTP sink (mail out), a
 * fresh database, real queues and workers delivering through the real e-mail sender.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EmailConfig } from "../../core/config.ts";
import type { ChannelSenders } from "../../core/ports.ts";
import { createLogger } from "../../core/logger.ts";
import { createEmailChannel, type EmailChannel } from "../../mail/index.ts";
import { startDovecot, startProxy, type CuttableProxy, type Dovecot } from "../support/dovecot.ts";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink.ts";
import { startSpine, type Spine } from "../support/spine.ts";
import { waitFor } from "../support/wait.ts";

export const DOMAIN = "xa-tanphu.test";
export const FROM = '"Bản tin xã Tân Phú" <hopthu@xa-tanphu.test>';

export interface MailHarness {
  dovecot: Dovecot;
  proxy: CuttableProxy;
  sink: SmtpSink;
  spine: Spine;
  config: EmailConfig;
  dataDir: string;
  channel: EmailChannel;
  /** A new channel instance (as after a restart), not started. */
  newChannel(over?: Partial<EmailConfig>): EmailChannel;
  /** Waits until the listener is connected and idling on the mailbox. */
  idle(channel?: EmailChannel): Promise<void>;
  /** Waits until the sink holds a mail to `address` matching `match`. */
  mailTo(address: string, match?: (text: string) => boolean): Promise<SmtpSink["mails"][number]>;
  close(): Promise<void>;
}

export async function startMailHarness(
  opts: { maxMessageBytes?: number; attachmentMaxBytes?: number; syncIntervalMs?: number } = {},
): Promise<MailHarness> {
  const [dovecot, sink] = await Promise.all([startDovecot(), startSmtpSink()]);
  const proxy = await startProxy(dovecot.imapPort);
  const senders: ChannelSenders = {};
  const spine = await startSpine({ workers: false, senders });
  const dataDir = await mkdtemp(join(tmpdir(), "bantin-mail-data-"));
  const config: EmailConfig = {
    imap: {
      host: "127.0.0.1",
      port: proxy.port,
      secure: false,
      user: dovecot.user,
      password: dovecot.password,
      mailbox: "INBOX",
    },
    smtp: { host: sink.host, port: sink.port, secure: false },
    from: FROM,
    replyDomain: DOMAIN,
    maxMessageBytes: opts.maxMessageBytes ?? 30 * 1024 * 1024,
    processedMailbox: "Processed",
    syncIntervalMs: opts.syncIntervalMs ?? 60_000,
  };
  const channels: EmailChannel[] = [];
  const newChannel = (over: Partial<EmailConfig> = {}) => {
    const c = createEmailChannel(
      { ...config, ...over },
      {
        core: spine.core,
        log: createLogger({ level: process.env.MAIL_TEST_LOG ? "debug" : "silent" }),
        dataDir,
        attachmentMaxBytes: opts.attachmentMaxBytes ?? 25 * 1024 * 1024,
        listener: {
          syncIntervalMs: opts.syncIntervalMs ?? 60_000,
          backoff: { minMs: 50, maxMs: 500 },
          standbyRetryMs: 100,
          autoIdleDelayMs: 200,
        },
      },
    );
    channels.push(c);
    return c;
  };
  const channel = newChannel();
  senders.email = channel.sender;
  await spine.startWorkers();
  const h: MailHarness = {
    dovecot,
    proxy,
    sink,
    spine,
    config,
    dataDir,
    channel,
    newChannel,
    async idle(c = channel) {
      await waitFor(() => c.listener.state.connected && c.listener.state.idling, { what: "the listener to idle" });
    },
    mailTo: (address, match = () => true) =>
      waitFor(() => sink.mailsTo(address).find((m) => match(m.parsed.text ?? "")), { what: `a mail to ${address}` }),
    async close() {
      for (const c of channels) await c.stop();
      await spine.close();
      await proxy.close();
      await Promise.all([dovecot.stop(), sink.close()]);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return h;
}

/** A plain mail as a client would write it. */
export function eml(p: {
  from: string;
  to?: string;
  subject: string;
  body: string;
  messageId?: string | null;
  headers?: Record<string, string>;
  date?: string;
}): string {
  const subject = /^[\x20-\x7e]*$/.test(p.subject)
    ? p.subject
    : `=?UTF-8?B?${Buffer.from(p.subject.normalize("NFC")).toString("base64")}?=`;
  const lines = [
    `From: ${p.from}`,
    `To: ${p.to ?? "hopthu@xa-tanphu.test"}`,
    `Subject: ${subject}`,
    `Date: ${p.date ?? "Mon, 16 Nov 2026 09:12:00 +0700"}`,
    ...(p.messageId === null
      ? []
      : [`Message-ID: ${p.messageId ?? `<${Math.random().toString(36).slice(2)}@mail.example.vn>`}`]),
    ...Object.entries(p.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=UTF-8",
    "Content-Transfer-Encoding: base64",
    "",
    Buffer.from(p.body.normalize("NFC")).toString("base64").replace(/.{76}/g, "$&\r\n"),
    "",
  ];
  return lines.join("\r\n");
}
