/**
 * The service as `npm start` runs it with only the e-mail settings: it watches the mailbox, takes
 * a citizen's mail in, acknowledges it by SMTP with its tracking code, and stops cleanly.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { startDovecot, type Dovecot } from "../support/dovecot.ts";
import { startService, type RunningService } from "../support/service.ts";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink.ts";
import { waitFor } from "../support/wait.ts";
import { eml } from "./harness.ts";

let dovecot: Dovecot;
let sink: SmtpSink;
let service: RunningService;

beforeAll(async () => {
  [dovecot, sink] = await Promise.all([startDovecot(), startSmtpSink()]);
  service = await startService({
    IMAP_HOST: "127.0.0.1",
    IMAP_PORT: String(dovecot.imapPort),
    IMAP_SECURE: "false",
    IMAP_USER: dovecot.user,
    IMAP_PASSWORD: dovecot.password,
    SMTP_HOST: sink.host,
    SMTP_PORT: String(sink.port),
    SMTP_SECURE: "false",
    MAIL_FROM: '"Bản tin xã Tân Phú" <hopthu@xa-tanphu.test>',
  });
});

afterAll(async () => {
  await service?.close();
  await Promise.all([dovecot?.stop(), sink?.close()]);
});

it("takes a mail in from the mailbox and acknowledges it by SMTP, then stops cleanly", async () => {
  await service.ready();
  expect(service.output()).toMatch(/"channels":\["email","web"\]/);
  await dovecot.deliver(
    eml({
      from: '"Trần Thị Lan" <lan@example.vn>',
      subject: "Cho em hỏi làm giấy khai sinh",
      body: "Cho em hỏi làm giấy khai sinh cho con cần những giấy tờ gì ạ?",
      messageId: "<hoi-khai-sinh@example.vn>",
    }),
  );
  const ack = await waitFor(() => sink.mailsTo("lan@example.vn")[0], {
    what: "the acknowledgement",
    timeoutMs: 30_000,
  });
  expect(ack.parsed.text).toMatch(/Mã theo dõi: TB-\d{4}/);
  expect(ack.parsed.inReplyTo).toBe("<hoi-khai-sinh@example.vn>");
  expect(ack.parsed.replyTo?.value[0]?.address).toMatch(/^reply\+[a-z2-7]{32}@xa-tanphu\.test$/);
  await waitFor(async () => (await dovecot.count("Processed")) === 1, { what: "the mail moved to Processed" });

  expect(await service.stop()).toBe(0);
  expect(service.output()).toContain('"msg":"stopped"');
});
