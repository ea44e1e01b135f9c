/**
 * The one pino root. Tokens, passwords, secrets and cookies are redacted by key (top level and up to
 * two levels deep), and every written line is scrubbed of Telegram bot tokens and URL passwords,
 * which otherwise leak through error messages such as a failed `https://api.telegram.org/bot<token>/…`.
 * Callers bind context with child loggers: `log.child({ submissionId, jobId, channel })`.
 */
import { createRequire } from "node:module";
import { pino } from "pino";

export type Logger = pino.Logger;

/** Keys whose values never reach a log line, wherever they sit in the first three levels. */
const SECRET_KEYS = [
  "token",
  "botToken",
  "accessToken",
  "refreshToken",
  "secret",
  "secretToken",
  "password",
  "appSecret",
  "oaSecretKey",
  "authorization",
  "cookie",
  "set-cookie",
  "x-telegram-bot-api-secret-token",
  "access_token",
  "refresh_token",
  "secret_key",
  "x-zevent-signature",
];

const CENSOR = "[redacted]";

const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `["${k}"]`);

/** `password`, `*.password`, `*.*.password` (so `req.headers.authorization` too). */
export const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [key(k).replace(/^\./, ""), `*${key(k)}`, `*.*${key(k)}`]);

const TELEGRAM_TOKEN_IN_URL = /\bbot\d+:[A-Za-z0-9_-]+/g;
const TELEGRAM_TOKEN = /\b\d{5,}:[A-Za-z0-9_-]{30,}/g;
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@"]*):[^\s/?#@"]+@/gi;

/** Last line of defence: strips secrets that arrive inside free text (messages, stacks, URLs). */
function scrub(line: string): string {
  return line
    .replace(TELEGRAM_TOKEN_IN_URL, `bot${CENSOR}`)
    .replace(TELEGRAM_TOKEN, CENSOR)
    .replace(URL_PASSWORD, `$1:${CENSOR}@`);
}

/** A connection URL with its password (and any password/secret/token query parameter) hidden, for logs. */
export function redactUrl(url: string): string {
  if (!URL.canParse(url)) return scrub(url);
  const u = new URL(url);
  const auth = u.username || u.password ? `${u.username}${u.password ? `:${CENSOR}` : ""}@` : "";
  const search = u.search.replace(/([?&](?:[^=&#]*(?:pass|secret|token)[^=&#]*)=)[^&#]*/gi, `$1${CENSOR}`);
  return `${u.protocol}//${auth}${u.host}${u.pathname}${search}${u.hash}`;
}

function prettyTransport(): pino.TransportSingleOptions | undefined {
  try {
    createRequire(import.meta.url).resolve("pino-pretty");
    return { target: "pino-pretty", options: { translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" } };
  } catch {
    return undefined; // not installed: stay with JSON rather than fail at start-up
  }
}

/**
 * Creates the root logger. `pretty` uses pino-pretty when it is installed and falls back to JSON.
 * `destination` is for tests (and ignored when pretty printing is active).
 */
export function createLogger(
  opts: { level: string; pretty?: boolean; name?: string },
  destination?: pino.DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level: opts.level,
    ...(opts.name && { name: opts.name }),
    redact: { paths: REDACT_PATHS, censor: CENSOR },
    hooks: { streamWrite: scrub },
  };
  const transport = opts.pretty && !destination ? prettyTransport() : undefined;
  if (transport) return pino({ ...options, transport });
  return destination ? pino(options, destination) : pino(options);
}
