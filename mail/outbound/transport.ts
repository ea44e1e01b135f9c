/** The one pooled SMTP transport for the service's outgoing mail. */
import nodemailer, { type Transporter } from "nodemailer";
import type { EmailConfig } from "../../core/config.ts";
import type { Logger } from "../../core/logger.ts";

export function createMailTransport(smtp: EmailConfig["smtp"], log?: Logger): Transporter {
  return nodemailer.createTransport({
    pool: true,
    maxConnections: 3,
    maxMessages: 100,
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user && { auth: { user: smtp.user, pass: smtp.password ?? "" } }),
    connectionTimeout: 30_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    ...(log && { logger: false }),
  });
}
