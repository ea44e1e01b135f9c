/**
 * The service as `npm start` runs it with only the e-mail settings: it watches the mailbox, takes
 * a citizen's mail in, acknowledges it by SMTP with its tracking code, and stops cleanly.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase } from "../support/database.ts";
import { startDovecot, type Dovecot } from "../support/dovecot.ts";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink.ts";
import { waitFor } from "../support/wait.ts";
import { eml } from "./harness.ts";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let dovecot: Dovecot;
let sink: SmtpSink;
let service: ChildProcess;
let dataDir: string;
let port: number;
let output = "";

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });

beforeAll(async () => {
  [db, dovecot, sink] = await Promise.all([createTestDatabase(), startDovecot(), startSmtpSink()]);
  dataDir = await mkdtemp(join(tmpdir(), "bantin-mail-e2e-"));
  port = await freePort();
  service = spawn("node_modules/.bin/node", ["--import", "tsx", "bin/main.ts", "all"], {
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      QUEUE_PREFIX: `mail${port}`,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      DATA_DIR: dataDir,
      IMAP_HOST: "127.0.0.1",
      IMAP_PORT: String(dovecot.imapPort),
      IMAP_SECURE: "false",
      IMAP_USER: dovecot.user,
      IMAP_PASSWORD: dovecot.password,
      SMTP_HOST: sink.host,
      SMTP_PORT: String(sink.port),
      SMTP_SECURE: "false",
      MAIL_FROM: '"Bản tin xã Tân Phú" <hopthu@xa-tanphu.test>',
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  service.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  service.stderr!.on("data", (d: Buffer) => (output += d.toString()));
});

afterAll(async () => {
  if (service.exitCode === null) service.kill("SIGKILL");
  await Promise.all([dovecot?.stop(), sink?.close(), db?.drop()]);
  await rm(dataDir, { recursive: true, force: true });
});

it("takes a mail in from the mailbox and acknowledges it by SMTP, then stops cleanly", async () => {
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null))?.status === 200, {
    what: "/readyz 200",
    timeoutMs: 60_000,
  });
  expect(output).toMatch(/"channels":\["email","web"\]/);
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

  const exited = new Promise<number | null>((resolve) => service.once("exit", (code) => resolve(code)));
  service.kill("SIGTERM");
  expect(await exited).toBe(0);
  expect(output).toContain('"msg":"stopped"');
});
