/**
 * An SMTP server in-process (npm `smtp-server`) on a loopback port: it accepts what nodemailer
 * sends, keeps each message raw and parsed, and can refuse recipients (550) or answer a number of
 * next commands with a temporary failure (451), as real servers do.
 */
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface SunkMail {
  from: string;
  to: string[];
  raw: Buffer;
  parsed: ParsedMail;
}

export interface SmtpSink {
  host: string;
  port: number;
  readonly mails: SunkMail[];
  /** Recipients refused at RCPT TO with 550 (mailbox unavailable). */
  readonly refused: Set<string>;
  /** The next `n` messages (to `to`, when given) are refused at DATA with `code` (451 by default). */
  failNext(n: number, code?: number, to?: string): void;
  mailsTo(address: string): SunkMail[];
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: SunkMail[] = [];
  const refused = new Set<string>();
  let failures = 0;
  let failCode = 451;
  let failTo: string | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    size: 50 * 1024 * 1024,
    onRcptTo(address, _session, cb) {
      if (refused.has(address.address.toLowerCase())) {
        const e = new Error("5.1.1 mailbox unavailable") as Error & { responseCode: number };
        e.responseCode = 550;
        return cb(e);
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const targeted = !failTo || session.envelope.rcptTo.some((r) => r.address.toLowerCase() === failTo);
        if (failures > 0 && targeted) {
          failures--;
          const e = new Error("4.3.0 try again later") as Error & { responseCode: number };
          e.responseCode = failCode;
          return cb(e);
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            mails.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              raw,
              parsed,
            });
            cb();
          },
          (e: Error) => cb(e),
        );
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.server.address() as AddressInfo;
  return {
    host: "127.0.0.1",
    port,
    mails,
    refused,
    failNext(n, code = 451, to) {
      failures = n;
      failCode = code;
      failTo = to?.toLowerCase() ?? null;
    },
    mailsTo: (address) => mails.filter((m) => m.to.includes(address.toLowerCase())),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
