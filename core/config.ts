/**
 * The service's configuration (cấu hình): parsed once from the environment, every problem listed at
 * start-up. This is the only module that reads `process.env`; everything else receives a `Config`.
 *
 * `SETTINGS` is the single source of truth: `loadConfig` parses it, `describeSettings` exposes it,
 * and `.env.example` and `docs/configuration.md` mirror it (a unit test keeps them in step).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { APPROVAL_POLICIES, type ApprovalPolicy, type Channel } from "./domain.ts";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Rate limit for one outbound channel: at most `max` sends per `durationMs`. */
export interface OutboundRate {
  max: number;
  durationMs: number;
}

export type TelegramMode = { kind: "polling" } | { kind: "webhook"; url: string; secretToken: string };

export interface TelegramConfig {
  botToken: string;
  apiRoot: string;
  mode: TelegramMode;
  boardChatId?: string;
}

export interface ZaloConfig {
  appId: string;
  appSecret: string;
  oaSecretKey: string;
  refreshToken: string;
  apiBase: string;
  oauthBase: string;
  webhookSignatureMode: "strict" | "log_only";
  buttonsEnabled: boolean;
}

export interface EmailConfig {
  imap: { host: string; port: number; secure: boolean; user: string; password: string; mailbox: string };
  smtp: { host: string; port: number; secure: boolean; user?: string; password?: string };
  from: string;
  replyDomain: string;
  maxMessageBytes: number;
  /** Where taken mail is moved; created when missing. */
  processedMailbox: string;
  /** The sync that runs besides IDLE. */
  syncIntervalMs: number;
}

export interface Config {
  nodeEnv: "development" | "production" | "test";
  http: { host: string; port: number };
  publicBaseUrl: string;
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  dataDir: string;
  /** Largest attachment stored, in bytes. */
  attachmentMaxBytes: number;
  logLevel: LogLevel;
  logPretty: boolean;
  approvalPolicy: ApprovalPolicy;
  timeZone: string;
  commune: { name: string; address: string; hotline: string; email: string; citation: string };
  /** The site's notice (maintenance), shown from `from` until `until`; null when unset. */
  siteNotice: { text: string; from: Date | null; until: Date | null } | null;
  workers: { concurrency: number; shutdownTimeoutMs: number };
  sweeper: { intervalMs: number; stuckAfterMs: number };
  outboundRate: Record<Channel, OutboundRate>;
  deadlines: {
    newsWorkingDays: number;
    documentWorkingDays: number;
    planWorkingDays: number;
    articleWorkingDays: number;
  };
  /** Working-day adjustments beyond the statutory holidays (core/calendar/working-days.ts). */
  holidays: { extra: string[]; workdays: string[] };
  channels: { telegram?: TelegramConfig; zalo?: ZaloConfig; email?: EmailConfig };
}

/** Thrown by `loadConfig` with every problem found, one per line, each naming its variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  }
}

/** The text `main` prints before exiting 1 when the configuration cannot be loaded. */
export function formatConfigError(e: unknown): string {
  if (e instanceof ConfigError) return `${e.message}\nSee docs/configuration.md and .env.example.`;
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

// ---------------------------------------------------------------------------------------------
// Value parsers: each takes the non-empty string from the environment.

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const port = wholeNumber(1, 65_535);

const boolean = z.stringbool({
  truthy: ["true", "1", "yes"],
  falsy: ["false", "0", "no"],
  error: "must be one of true/false, 1/0, yes/no",
});

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(", ")}` });

/** A URL with one of `protocols`. */
const url = (protocols: string[]) =>
  z.string().refine((s) => URL.canParse(s) && protocols.includes(new URL(s).protocol.slice(0, -1)), {
    error: `must be a ${protocols.join(" or ")} URL`,
  });

/** Calendar dates, YYYY-MM-DD, separated by commas: working-day adjustments. */
const isoDates = z
  .string()
  .transform((v) =>
    v
      .split(",")
      .map((d) => d.trim())
      .filter((d) => d !== ""),
  )
  .refine(
    (ds) =>
      ds.every((d) => {
        const t = Date.parse(`${d}T00:00:00Z`);
        return /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(t) && new Date(t).toISOString().startsWith(d);
      }),
    {
      error: "must be dates such as 2026-01-02, separated by commas",
    },
  );

/** A base URL: trailing slashes are dropped so callers can append paths. */
const baseUrl = url(["http", "https"]).transform((s) => s.replace(/\/+$/, ""));

const pattern = (re: RegExp, what: string) => z.string().regex(re, what);

/** `addr@host`, or `"Name" <addr@host>` / `Name <addr@host>` as mail headers write it. */
const MAILBOX = /^(?:[^<>]*<\s*([^\s<>@]+@[^\s<>@]+)\s*>|([^\s<>@]+@[^\s<>@]+))$/;
const emailAddress = pattern(/^[^\s<>@]+@[^\s<>@]+$/, "must be an e-mail address");
const mailbox = pattern(MAILBOX, 'must be an address or "Name" <address>');
const hostname = pattern(/^[A-Za-z0-9.-]+$/, "must be a host name");

const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { error: "must be an IANA time zone such as Asia/Ho_Chi_Minh" },
);

/** A moment in time, written with its offset: "2026-12-05T22:00:00+07:00". */
const instant = z
  .string()
  .refine(
    (s) => /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(s) && !Number.isNaN(Date.parse(s)),
    {
      error: "must be a date and time with its offset, such as 2026-12-05T22:00:00+07:00",
    },
  )
  .transform((s) => new Date(s));

const DURATION_UNITS_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;
const rate = z.string().transform((s, ctx): OutboundRate => {
  const m = /^(\d+)\/(\d+)(ms|s|m|h)$/.exec(s.trim());
  const max = Number(m?.[1]);
  const durationMs = Number(m?.[2]) * DURATION_UNITS_MS[(m?.[3] ?? "ms") as keyof typeof DURATION_UNITS_MS];
  if (!m || max < 1 || durationMs < 1) {
    ctx.addIssue({ code: "custom", message: "must be <count>/<duration> such as 25/1s, 5/500ms or 100/1m" });
    return z.NEVER;
  }
  return { max, durationMs };
});

// ---------------------------------------------------------------------------------------------
// The settings.

/** Sections of `.env.example` and `docs/configuration.md`, in order; the last three are channels. */
type Group = "service" | "database and queue" | "editorial" | "commune" | "telegram" | "zalo" | "email";

interface Meta {
  group: Group;
  description: string;
  /** May also come from `<NAME>_FILE`; its value never appears in errors or logs. */
  secret?: boolean;
  /** Applied when unset, then parsed like a given value. */
  default?: string;
  /** Documents a default computed from other settings; `loadConfig` fills it in. */
  derivedDefault?: string;
  /** A realistic value for `.env.example` and the docs. */
  example?: string;
}

interface Setting<S extends z.ZodType> extends Meta {
  schema: S;
}

type StringSchema = z.ZodType<unknown, string>;

function setting<S extends StringSchema>(schema: S, meta: Meta & { default: string }): Setting<z.ZodPrefault<S>>;
function setting<S extends StringSchema>(schema: S, meta: Meta & { default?: undefined }): Setting<z.ZodOptional<S>>;
function setting(schema: StringSchema, meta: Meta): Setting<z.ZodType> {
  return { ...meta, schema: meta.default === undefined ? schema.optional() : schema.prefault(meta.default) };
}

const SETTINGS = {
  // service
  NODE_ENV: setting(oneOf(["development", "production", "test"]), {
    group: "service",
    default: "development",
    description: "Runtime mode: development, production or test.",
  }),
  HOST: setting(z.string(), {
    group: "service",
    default: "0.0.0.0",
    description: "Address the web server listens on.",
  }),
  PORT: setting(port, { group: "service", default: "3000", description: "Port the web server listens on." }),
  PUBLIC_BASE_URL: setting(baseUrl, {
    group: "service",
    derivedDefault: "http://localhost:$PORT",
    example: "https://tanphu.gov.vn",
    description: "Public address of the site, used in links sent to people and in webhooks (no trailing slash).",
  }),
  DATA_DIR: setting(z.string(), {
    group: "service",
    default: "./data",
    example: "/data",
    description: "Directory for attachments and other files; relative paths are resolved from the working directory.",
  }),
  ATTACHMENT_MAX_MB: setting(wholeNumber(1, 2_048), {
    group: "service",
    default: "25",
    description: "Largest attachment accepted from any channel, in megabytes; larger files get a clear answer.",
  }),
  LOG_LEVEL: setting(oneOf(LOG_LEVELS), {
    group: "service",
    default: "info",
    description: "Log level: fatal, error, warn, info, debug, trace or silent.",
  }),
  LOG_PRETTY: setting(boolean, {
    group: "service",
    default: "false",
    description: "Human-readable logs; needs pino-pretty installed, otherwise logs stay JSON.",
  }),
  SHUTDOWN_TIMEOUT_MS: setting(wholeNumber(0, 600_000), {
    group: "service",
    default: "10000",
    description: "Milliseconds to wait for running jobs and requests on shutdown before exiting anyway.",
  }),

  // database and queue
  DATABASE_URL: setting(url(["postgres", "postgresql"]), {
    group: "database and queue",
    secret: true,
    default: "postgresql://postgres@127.0.0.1:5432/bantin",
    example: "postgresql://bantin:change-me@db.internal:5432/bantin",
    description: "PostgreSQL connection URL.",
  }),
  REDIS_URL: setting(url(["redis", "rediss"]), {
    group: "database and queue",
    secret: true,
    default: "redis://127.0.0.1:6379",
    example: "redis://:change-me@redis.internal:6379",
    description: "Redis connection URL for the job queues (Redis must use maxmemory-policy noeviction).",
  }),
  QUEUE_PREFIX: setting(pattern(/^[a-z0-9_-]+$/, "must use only a-z, 0-9, _ and -"), {
    group: "database and queue",
    default: "bantin",
    description: "Prefix of every queue key in Redis; lets several installations or test runs share one Redis.",
  }),

  WORKER_CONCURRENCY: setting(wholeNumber(1, 1_000), {
    group: "database and queue",
    default: "8",
    description: "Jobs each worker process runs at once.",
  }),
  SWEEPER_INTERVAL_SECONDS: setting(wholeNumber(1, 86_400), {
    group: "database and queue",
    default: "60",
    description: "Seconds between sweeps that re-enqueue work stuck in one state.",
  }),
  STUCK_AFTER_SECONDS: setting(wholeNumber(1, 86_400 * 7), {
    group: "database and queue",
    default: "120",
    description: "Seconds after which an item still waiting for its next job counts as stuck.",
  }),
  OUTBOUND_RATE_TELEGRAM: setting(rate, {
    group: "database and queue",
    default: "25/1s",
    example: "25/1s",
    description: "Most Telegram messages sent per period, as count/duration, the duration in ms, s, m or h.",
  }),
  OUTBOUND_RATE_ZALO: setting(rate, {
    group: "database and queue",
    default: "10/1s",
    description: "Most Zalo messages sent per period, as count/duration.",
  }),
  OUTBOUND_RATE_EMAIL: setting(rate, {
    group: "database and queue",
    default: "5/1s",
    description: "Most e-mails sent per period, as count/duration.",
  }),
  OUTBOUND_RATE_WEB: setting(rate, {
    group: "database and queue",
    default: "50/1s",
    description: "Most web notifications sent per period, as count/duration.",
  }),

  // editorial
  APPROVAL_POLICY: setting(oneOf(APPROVAL_POLICIES), {
    group: "editorial",
    default: "single",
    description: "single: one board member approves; two-step: a member approves, then the head.",
  }),
  TZ_COMMUNE: setting(timeZone, {
    group: "editorial",
    default: "Asia/Ho_Chi_Minh",
    description: "Time zone for working days, deadlines and dates shown to people.",
  }),
  DEADLINE_NEWS_WORKING_DAYS: setting(wholeNumber(1, 60), {
    group: "editorial",
    default: "2",
    description: "Working days to send news after the event (late items are flagged).",
  }),
  DEADLINE_DOCUMENT_WORKING_DAYS: setting(wholeNumber(1, 60), {
    group: "editorial",
    default: "3",
    description: "Working days to send a document (văn bản) after its issue.",
  }),
  DEADLINE_PLAN_WORKING_DAYS: setting(wholeNumber(1, 60), {
    group: "editorial",
    default: "5",
    description: "Working days to send plans and reports.",
  }),
  DEADLINE_ARTICLE_WORKING_DAYS: setting(wholeNumber(1, 60), {
    group: "editorial",
    default: "7",
    description: "Working days to send articles, models and experiences.",
  }),
  HOLIDAYS_EXTRA: setting(isoDates, {
    group: "editorial",
    example: "2026-01-02,2026-02-23",
    description: "Days off beyond the statutory holidays (the year's decided swaps), ISO dates separated by commas.",
  }),
  WORKDAYS_EXTRA: setting(isoDates, {
    group: "editorial",
    example: "2026-01-10",
    description: "Weekend days worked in exchange for a day off, ISO dates separated by commas.",
  }),

  // commune
  COMMUNE_NAME: setting(z.string(), {
    group: "commune",
    default: "Ủy ban nhân dân xã",
    example: "Ủy ban nhân dân xã Tân Phú",
    description: "Name of the commune's People's Committee as shown on the site and in messages.",
  }),
  COMMUNE_ADDRESS: setting(z.string(), {
    group: "commune",
    example: "Ấp 1, xã Tân Phú, tỉnh Đồng Nai",
    description: "Postal address shown on the site.",
  }),
  COMMUNE_HOTLINE: setting(z.string(), {
    group: "commune",
    example: "0251 3 123 456",
    description: "Hotline phone number shown on the site.",
  }),
  COMMUNE_EMAIL: setting(emailAddress, {
    group: "commune",
    example: "ubnd@tanphu.gov.vn",
    description: "Contact e-mail address shown on the site.",
  }),
  COMMUNE_CITATION: setting(z.string(), {
    group: "commune",
    derivedDefault: "Nguồn: Trang thông tin điện tử $COMMUNE_NAME",
    description: "Source line others must cite when reusing published items.",
  }),
  SITE_NOTICE: setting(
    z.string().transform((s) => s.normalize("NFC").trim()),
    {
      group: "commune",
      example: "Trang tạm ngừng để bảo trì từ 22:00 ngày 05/12/2026 đến 02:00 ngày 06/12/2026.",
      description:
        "Notice shown at the top of every page of the site, e.g. planned maintenance announced 5 working days ahead.",
    },
  ),
  SITE_NOTICE_FROM: setting(instant, {
    group: "commune",
    example: "2026-11-28T08:00:00+07:00",
    description: "When SITE_NOTICE starts showing (ISO 8601 with offset); unset: at once.",
  }),
  SITE_NOTICE_UNTIL: setting(instant, {
    group: "commune",
    example: "2026-12-06T02:00:00+07:00",
    description: "When SITE_NOTICE stops showing (ISO 8601 with offset); unset: until it is removed.",
  }),

  // telegram: enabled when TELEGRAM_BOT_TOKEN is set
  TELEGRAM_BOT_TOKEN: setting(pattern(/^\d+:[A-Za-z0-9_-]+$/, "must look like <bot id>:<secret> from @BotFather"), {
    group: "telegram",
    secret: true,
    example: "123456789:AAE...",
    description: "Bot token from @BotFather; setting it enables Telegram.",
  }),
  TELEGRAM_API_ROOT: setting(baseUrl, {
    group: "telegram",
    default: "https://api.telegram.org",
    description: "Bot API server (a local Bot API server or a test fake).",
  }),
  TELEGRAM_WEBHOOK_URL: setting(url(["https", "http"]), {
    group: "telegram",
    example: "https://tanphu.gov.vn/hooks/telegram",
    description: "Public URL Telegram posts updates to; when unset the bot uses long polling.",
  }),
  TELEGRAM_WEBHOOK_SECRET: setting(
    pattern(/^[A-Za-z0-9_-]{1,256}$/, "must be 1-256 characters of A-Z, a-z, 0-9, _ and -"),
    {
      group: "telegram",
      secret: true,
      example: "a-long-random-string",
      description: "Secret Telegram sends in X-Telegram-Bot-Api-Secret-Token; required in webhook mode.",
    },
  ),
  TELEGRAM_BOARD_CHAT_ID: setting(pattern(/^(-?\d+|@\w{5,})$/, "must be a chat id such as -1001234567890"), {
    group: "telegram",
    example: "-1001234567890",
    description: "Chat id of the editorial board's group, where review cards are posted.",
  }),

  // zalo: enabled when any of its four credentials is set
  ZALO_APP_ID: setting(pattern(/^\d+$/, "must be the numeric app id"), {
    group: "zalo",
    example: "1234567890123456789",
    description: "App id from developers.zalo.me.",
  }),
  ZALO_APP_SECRET: setting(z.string(), {
    group: "zalo",
    secret: true,
    description: "App secret from developers.zalo.me.",
  }),
  ZALO_OA_SECRET_KEY: setting(z.string(), {
    group: "zalo",
    secret: true,
    description: "Official Account secret key; verifies webhook signatures.",
  }),
  ZALO_REFRESH_TOKEN: setting(z.string(), {
    group: "zalo",
    secret: true,
    description: "Initial OA refresh token; later tokens are rotated and kept in the database.",
  }),
  ZALO_API_BASE: setting(baseUrl, {
    group: "zalo",
    default: "https://openapi.zalo.me",
    description: "Zalo OpenAPI server (or a test fake).",
  }),
  ZALO_OAUTH_BASE: setting(baseUrl, {
    group: "zalo",
    default: "https://oauth.zaloapp.com",
    description: "Zalo OAuth server that refreshes access tokens.",
  }),
  ZALO_WEBHOOK_SIGNATURE: setting(oneOf(["strict", "log_only"]), {
    group: "zalo",
    default: "strict",
    description: "strict: reject webhooks with a bad signature; log_only: log and accept them (for setup only).",
  }),
  ZALO_BUTTONS: setting(boolean, {
    group: "zalo",
    default: "false",
    description: "Send review cards with buttons (needs an OA tier that allows them).",
  }),

  // email: enabled when IMAP_HOST or SMTP_HOST is set
  IMAP_HOST: setting(hostname, {
    group: "email",
    example: "mail.tanphu.gov.vn",
    description: "IMAP server receiving the commune's mail.",
  }),
  IMAP_PORT: setting(port, { group: "email", default: "993", description: "Port of the IMAP server." }),
  IMAP_SECURE: setting(boolean, { group: "email", default: "true", description: "Use TLS from the start (port 993)." }),
  IMAP_USER: setting(z.string(), {
    group: "email",
    example: "bantin@tanphu.gov.vn",
    description: "IMAP user name (often the full address).",
  }),
  IMAP_PASSWORD: setting(z.string(), { group: "email", secret: true, description: "Password of IMAP_USER." }),
  IMAP_MAILBOX: setting(z.string(), {
    group: "email",
    default: "INBOX",
    description: "Mailbox (folder) new mail is read from.",
  }),
  SMTP_HOST: setting(hostname, {
    group: "email",
    example: "mail.tanphu.gov.vn",
    description: "SMTP server for outgoing mail.",
  }),
  SMTP_PORT: setting(port, { group: "email", default: "587", description: "Port of the SMTP server." }),
  SMTP_SECURE: setting(boolean, {
    group: "email",
    default: "false",
    description: "Use TLS from the start (port 465); false means STARTTLS when offered.",
  }),
  SMTP_USER: setting(z.string(), {
    group: "email",
    description: "SMTP user name; set with SMTP_PASSWORD or not at all.",
  }),
  SMTP_PASSWORD: setting(z.string(), { group: "email", secret: true, description: "Password of SMTP_USER." }),
  MAIL_FROM: setting(mailbox, {
    group: "email",
    example: '"Bản tin xã Tân Phú" <bantin@tanphu.gov.vn>',
    description: "Sender of outgoing mail: an address, optionally with a display name as in the example.",
  }),
  MAIL_REPLY_DOMAIN: setting(hostname, {
    group: "email",
    derivedDefault: "domain of MAIL_FROM",
    example: "tanphu.gov.vn",
    description: "Domain of the reply+token@ addresses that thread replies to a conversation.",
  }),
  MAIL_MAX_MESSAGE_BYTES: setting(wholeNumber(1_024, 1_073_741_824), {
    group: "email",
    default: "26214400",
    description: "Largest incoming message accepted, in bytes; larger ones are answered with a notice.",
  }),
  MAIL_PROCESSED_MAILBOX: setting(z.string(), {
    group: "email",
    default: "Processed",
    description: "Folder taken mail is moved to (created when missing); nothing is ever deleted.",
  }),
  MAIL_SYNC_SECONDS: setting(wholeNumber(10, 3_600), {
    group: "email",
    default: "60",
    description: "Seconds between mailbox syncs besides IDLE, which can die silently behind NAT.",
  }),
};

type Name = keyof typeof SETTINGS;
const NAMES = Object.keys(SETTINGS) as Name[];
type Shape = { [K in Name]: (typeof SETTINGS)[K]["schema"] };
const EnvSchema = z.object(Object.fromEntries(NAMES.map((n) => [n, SETTINGS[n].schema])) as Shape);

/** Every setting, in documentation order: the source `.env.example` and `docs/configuration.md` mirror. */
export function describeSettings(): Array<{
  name: string;
  group: string;
  default?: string;
  secret: boolean;
  description: string;
  example?: string;
}> {
  return NAMES.map((name) => {
    const s: Meta = SETTINGS[name];
    const dflt = s.default ?? s.derivedDefault;
    return {
      name,
      group: s.group,
      ...(dflt === undefined ? {} : { default: dflt }),
      secret: s.secret ?? false,
      description: s.description,
      ...(s.example !== undefined && { example: s.example }),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Loading.

type Given = Partial<Record<Name, string>>;

/** Reads each setting (and `<NAME>_FILE` for secrets); empty strings count as unset. */
function readGiven(env: NodeJS.ProcessEnv, problems: string[]): Given {
  const given: Given = {};
  for (const name of NAMES) {
    const direct = env[name] || undefined;
    const fileVar = `${name}_FILE`;
    const file = SETTINGS[name].secret ? env[fileVar] || undefined : undefined;
    if (direct !== undefined && file !== undefined) {
      problems.push(`${name}: set either ${name} or ${fileVar}, not both`);
    } else if (file !== undefined) {
      try {
        given[name] = readFileSync(file, "utf8").replace(/[\r\n]+$/, "") || undefined;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? String(e);
        problems.push(`${fileVar}: cannot read ${file} (${code})`);
      }
    } else if (direct !== undefined) {
      given[name] = direct;
    }
  }
  return given;
}

const CHANNEL_GROUPS = {
  telegram: { label: "Telegram", credentials: ["TELEGRAM_BOT_TOKEN"] },
  zalo: { label: "Zalo", credentials: ["ZALO_APP_ID", "ZALO_APP_SECRET", "ZALO_OA_SECRET_KEY", "ZALO_REFRESH_TOKEN"] },
  email: { label: "E-mail", credentials: ["IMAP_HOST", "SMTP_HOST"] },
} as const satisfies Partial<Record<Group, { label: string; credentials: Name[] }>>;

/** Required-when-enabled rules; a channel's settings given without the channel is a mistake too. */
function checkChannels(given: Given, problems: string[]): void {
  const isSet = (n: Name) => given[n] !== undefined;
  const require = (names: Name[], because: string) => {
    for (const n of names) if (!isSet(n)) problems.push(`${n}: required when ${because}`);
  };

  for (const [group, { label, credentials }] of Object.entries(CHANNEL_GROUPS)) {
    if ((credentials as readonly Name[]).some(isSet)) continue;
    for (const n of NAMES) {
      if (SETTINGS[n].group === group && isSet(n)) {
        problems.push(`${n}: is set but ${label} is not enabled; set ${credentials.join(" or ")} too, or unset ${n}`);
      }
    }
  }

  if (isSet("TELEGRAM_BOT_TOKEN")) {
    if (isSet("TELEGRAM_WEBHOOK_URL")) require(["TELEGRAM_WEBHOOK_SECRET"], "TELEGRAM_WEBHOOK_URL is set");
    else if (isSet("TELEGRAM_WEBHOOK_SECRET"))
      problems.push("TELEGRAM_WEBHOOK_SECRET: is set but TELEGRAM_WEBHOOK_URL is not (polling mode needs no secret)");
  }

  const zaloTrigger = CHANNEL_GROUPS.zalo.credentials.find(isSet);
  if (zaloTrigger) require([...CHANNEL_GROUPS.zalo.credentials], `Zalo is enabled (${zaloTrigger} is set)`);

  const mailTrigger = CHANNEL_GROUPS.email.credentials.find(isSet);
  if (mailTrigger) {
    require([
      "IMAP_HOST",
      "IMAP_USER",
      "IMAP_PASSWORD",
      "SMTP_HOST",
      "MAIL_FROM",
    ], `e-mail is enabled (${mailTrigger} is set)`);
    if (isSet("SMTP_USER") !== isSet("SMTP_PASSWORD")) {
      const missing = isSet("SMTP_USER") ? "SMTP_PASSWORD" : "SMTP_USER";
      problems.push(`${missing}: SMTP_USER and SMTP_PASSWORD are set together or not at all`);
    }
  }
}

/** The notice's times need the notice, and must come in order. */
function checkSiteNotice(given: Given, problems: string[]): void {
  for (const n of ["SITE_NOTICE_FROM", "SITE_NOTICE_UNTIL"] as const) {
    if (given[n] !== undefined && given.SITE_NOTICE === undefined) problems.push(`${n}: is set but SITE_NOTICE is not`);
  }
  const from = Date.parse(given.SITE_NOTICE_FROM ?? "");
  const until = Date.parse(given.SITE_NOTICE_UNTIL ?? "");
  if (from >= until) problems.push("SITE_NOTICE_UNTIL: must be after SITE_NOTICE_FROM");
}

function describeIssue(issue: z.core.$ZodIssue, given: Given): string {
  const name = issue.path[0] as Name;
  const value = given[name];
  const shown = SETTINGS[name].secret || value === undefined ? "" : ` (got ${JSON.stringify(value)})`;
  return `${name}: ${issue.message}${shown}`;
}

/**
 * Parses the environment into a `Config`; throws `ConfigError` listing every problem.
 * `env` defaults to `process.env`; tests pass their own.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const given = readGiven(env, problems);
  checkChannels(given, problems);
  checkSiteNotice(given, problems);
  const parsed = EnvSchema.safeParse(given);
  if (!parsed.success) problems.push(...parsed.error.issues.map((i) => describeIssue(i, given)));
  if (problems.length > 0 || !parsed.success) throw new ConfigError(inSettingsOrder(problems));
  return toConfig(parsed.data);
}

/** Sorts problems by the position of the setting they name, so related ones sit together. */
function inSettingsOrder(problems: string[]): string[] {
  const rank = (p: string) => NAMES.indexOf(p.slice(0, p.indexOf(":")).replace(/_FILE$/, "") as Name);
  return problems
    .map((p, i) => ({ p, i, r: rank(p) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map(({ p }) => p);
}

type Env = z.output<typeof EnvSchema>;

/** Assembles the typed config; only called once every rule above has passed. */
function toConfig(e: Env): Config {
  const communeName = e.COMMUNE_NAME;
  return {
    nodeEnv: e.NODE_ENV,
    http: { host: e.HOST, port: e.PORT },
    publicBaseUrl: e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX,
    dataDir: path.resolve(e.DATA_DIR),
    attachmentMaxBytes: e.ATTACHMENT_MAX_MB * 1_048_576,
    logLevel: e.LOG_LEVEL,
    logPretty: e.LOG_PRETTY,
    approvalPolicy: e.APPROVAL_POLICY,
    timeZone: e.TZ_COMMUNE,
    commune: {
      name: communeName,
      address: e.COMMUNE_ADDRESS ?? "",
      hotline: e.COMMUNE_HOTLINE ?? "",
      email: e.COMMUNE_EMAIL ?? "",
      citation: e.COMMUNE_CITATION ?? `Nguồn: Trang thông tin điện tử ${communeName}`,
    },
    siteNotice: e.SITE_NOTICE
      ? { text: e.SITE_NOTICE, from: e.SITE_NOTICE_FROM ?? null, until: e.SITE_NOTICE_UNTIL ?? null }
      : null,
    workers: { concurrency: e.WORKER_CONCURRENCY, shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS },
    sweeper: { intervalMs: e.SWEEPER_INTERVAL_SECONDS * 1_000, stuckAfterMs: e.STUCK_AFTER_SECONDS * 1_000 },
    outboundRate: {
      telegram: e.OUTBOUND_RATE_TELEGRAM,
      zalo: e.OUTBOUND_RATE_ZALO,
      email: e.OUTBOUND_RATE_EMAIL,
      web: e.OUTBOUND_RATE_WEB,
    },
    deadlines: {
      newsWorkingDays: e.DEADLINE_NEWS_WORKING_DAYS,
      documentWorkingDays: e.DEADLINE_DOCUMENT_WORKING_DAYS,
      planWorkingDays: e.DEADLINE_PLAN_WORKING_DAYS,
      articleWorkingDays: e.DEADLINE_ARTICLE_WORKING_DAYS,
    },
    holidays: { extra: e.HOLIDAYS_EXTRA ?? [], workdays: e.WORKDAYS_EXTRA ?? [] },
    channels: {
      ...(e.TELEGRAM_BOT_TOKEN && { telegram: telegramConfig(e, e.TELEGRAM_BOT_TOKEN) }),
      ...(e.ZALO_APP_ID && { zalo: zaloConfig(e) }),
      ...((e.IMAP_HOST || e.SMTP_HOST) && { email: emailConfig(e) }),
    },
  };
}

function telegramConfig(e: Env, botToken: string): TelegramConfig {
  return {
    botToken,
    apiRoot: e.TELEGRAM_API_ROOT,
    mode: e.TELEGRAM_WEBHOOK_URL
      ? { kind: "webhook", url: e.TELEGRAM_WEBHOOK_URL, secretToken: e.TELEGRAM_WEBHOOK_SECRET ?? "" }
      : { kind: "polling" },
    ...(e.TELEGRAM_BOARD_CHAT_ID && { boardChatId: e.TELEGRAM_BOARD_CHAT_ID }),
  };
}

// The `?? ""` below never apply: checkChannels has already required these settings.
function zaloConfig(e: Env): ZaloConfig {
  return {
    appId: e.ZALO_APP_ID ?? "",
    appSecret: e.ZALO_APP_SECRET ?? "",
    oaSecretKey: e.ZALO_OA_SECRET_KEY ?? "",
    refreshToken: e.ZALO_REFRESH_TOKEN ?? "",
    apiBase: e.ZALO_API_BASE,
    oauthBase: e.ZALO_OAUTH_BASE,
    webhookSignatureMode: e.ZALO_WEBHOOK_SIGNATURE,
    buttonsEnabled: e.ZALO_BUTTONS,
  };
}

function emailConfig(e: Env): EmailConfig {
  const from = e.MAIL_FROM ?? "";
  const m = MAILBOX.exec(from);
  const address = m?.[1] ?? m?.[2] ?? "";
  return {
    imap: {
      host: e.IMAP_HOST ?? "",
      port: e.IMAP_PORT,
      secure: e.IMAP_SECURE,
      user: e.IMAP_USER ?? "",
      password: e.IMAP_PASSWORD ?? "",
      mailbox: e.IMAP_MAILBOX,
    },
    smtp: {
      host: e.SMTP_HOST ?? "",
      port: e.SMTP_PORT,
      secure: e.SMTP_SECURE,
      ...(e.SMTP_USER && { user: e.SMTP_USER, password: e.SMTP_PASSWORD ?? "" }),
    },
    from,
    replyDomain: e.MAIL_REPLY_DOMAIN ?? address.slice(address.lastIndexOf("@") + 1).toLowerCase(),
    maxMessageBytes: e.MAIL_MAX_MESSAGE_BYTES,
    processedMailbox: e.MAIL_PROCESSED_MAILBOX,
    syncIntervalMs: e.MAIL_SYNC_SECONDS * 1_000,
  };
}
