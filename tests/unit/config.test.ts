import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, describeSettings, formatConfigError, loadConfig } from "../../core/config.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "bantin-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function secretFile(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** The problems `loadConfig(env)` reports; fails the test when it does not throw. */
function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error("expected loadConfig to throw");
}

const TELEGRAM = { TELEGRAM_BOT_TOKEN: "123456:AAE-secret_token" };
const ZALO = {
  ZALO_APP_ID: "4242424242",
  ZALO_APP_SECRET: "zalo-app-secret",
  ZALO_OA_SECRET_KEY: "zalo-oa-key",
  ZALO_REFRESH_TOKEN: "zalo-refresh",
};
const EMAIL = {
  IMAP_HOST: "imap.example.org",
  IMAP_USER: "bantin",
  IMAP_PASSWORD: "imap-pass",
  SMTP_HOST: "smtp.example.org",
  MAIL_FROM: '"UBND xã Tân Phú" <BanTin@Xa-TanPhu.Gov.vn>',
};

describe("loadConfig defaults", () => {
  it("needs no settings at all, and enables no channel", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      nodeEnv: "development",
      http: { host: "0.0.0.0", port: 3000 },
      publicBaseUrl: "http://localhost:3000",
      databaseUrl: "postgresql://postgres@127.0.0.1:5432/bantin",
      redisUrl: "redis://127.0.0.1:6379",
      queuePrefix: "bantin",
      dataDir: path.resolve("data"),
      logLevel: "info",
      logPretty: false,
      approvalPolicy: "single",
      timeZone: "Asia/Ho_Chi_Minh",
      commune: {
        name: "Ủy ban nhân dân xã",
        address: "",
        hotline: "",
        email: "",
        citation: "Nguồn: Trang thông tin điện tử Ủy ban nhân dân xã",
      },
      workers: { concurrency: 8, shutdownTimeoutMs: 10_000 },
      sweeper: { intervalMs: 60_000, stuckAfterMs: 120_000 },
      outboundRate: {
        telegram: { max: 25, durationMs: 1_000 },
        zalo: { max: 10, durationMs: 1_000 },
        email: { max: 5, durationMs: 1_000 },
        web: { max: 50, durationMs: 1_000 },
      },
      deadlines: { newsWorkingDays: 2, documentWorkingDays: 3, planWorkingDays: 5, articleWorkingDays: 7 },
      channels: {},
    });
  });

  it("treats empty strings as unset", () => {
    const empty = Object.fromEntries(describeSettings().map((s) => [s.name, ""]));
    expect(loadConfig(empty)).toEqual(loadConfig({}));
  });

  it("derives the public URL from PORT and the citation from COMMUNE_NAME", () => {
    const c = loadConfig({ PORT: "8080", COMMUNE_NAME: "UBND xã Tân Phú" });
    expect(c.publicBaseUrl).toBe("http://localhost:8080");
    expect(c.commune.citation).toBe("Nguồn: Trang thông tin điện tử UBND xã Tân Phú");
  });

  it("parses values as given", () => {
    const c = loadConfig({
      NODE_ENV: "production",
      PUBLIC_BASE_URL: "https://tanphu.gov.vn//",
      DATA_DIR: "/srv/bantin",
      LOG_PRETTY: "Yes",
      APPROVAL_POLICY: "two-step",
      TZ_COMMUNE: "Asia/Bangkok",
      SWEEPER_INTERVAL_SECONDS: "5",
      OUTBOUND_RATE_ZALO: "3/500ms",
      OUTBOUND_RATE_EMAIL: "100/1m",
      COMMUNE_EMAIL: "ubnd@tanphu.gov.vn",
    });
    expect(c.nodeEnv).toBe("production");
    expect(c.publicBaseUrl).toBe("https://tanphu.gov.vn");
    expect(c.dataDir).toBe("/srv/bantin");
    expect(c.logPretty).toBe(true);
    expect(c.approvalPolicy).toBe("two-step");
    expect(c.timeZone).toBe("Asia/Bangkok");
    expect(c.sweeper.intervalMs).toBe(5_000);
    expect(c.outboundRate.zalo).toEqual({ max: 3, durationMs: 500 });
    expect(c.outboundRate.email).toEqual({ max: 100, durationMs: 60_000 });
    expect(c.commune.email).toBe("ubnd@tanphu.gov.vn");
  });

  it.each([
    ["true", true],
    ["1", true],
    ["YES", true],
    ["false", false],
    ["0", false],
    ["no", false],
  ])("reads boolean %s as %s", (raw, expected) => {
    expect(loadConfig({ LOG_PRETTY: raw }).logPretty).toBe(expected);
  });
});

describe("loadConfig problems", () => {
  it("lists every problem at once, each naming its variable", () => {
    const problems = problemsOf({
      NODE_ENV: "staging",
      PORT: "http",
      PUBLIC_BASE_URL: "ftp://x",
      DATABASE_URL: "mysql://root:hunter2@db/bantin",
      REDIS_URL: "localhost:6379",
      QUEUE_PREFIX: "Bantin!",
      LOG_LEVEL: "verbose",
      LOG_PRETTY: "maybe",
      APPROVAL_POLICY: "three-step",
      TZ_COMMUNE: "Asia/Hanoi-ish",
      WORKER_CONCURRENCY: "0",
      OUTBOUND_RATE_WEB: "50 per second",
      DEADLINE_NEWS_WORKING_DAYS: "-1",
      COMMUNE_EMAIL: "not-an-address",
    });
    const named = problems.map((p) => p.slice(0, p.indexOf(":")));
    expect(named).toEqual([
      "NODE_ENV",
      "PORT",
      "PUBLIC_BASE_URL",
      "LOG_LEVEL",
      "LOG_PRETTY",
      "DATABASE_URL",
      "REDIS_URL",
      "QUEUE_PREFIX",
      "WORKER_CONCURRENCY",
      "OUTBOUND_RATE_WEB",
      "APPROVAL_POLICY",
      "TZ_COMMUNE",
      "DEADLINE_NEWS_WORKING_DAYS",
      "COMMUNE_EMAIL",
    ]);
    expect(problems.join("\n")).not.toContain("hunter2");
  });

  it("puts one problem per line in the message and in formatConfigError", () => {
    let error: unknown;
    try {
      loadConfig({ PORT: "70000", QUEUE_PREFIX: "a b" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = formatConfigError(error);
    expect(text).toMatch(/^ {2}- PORT: must be at most 65535 \(got "70000"\)$/m);
    expect(text).toMatch(/^ {2}- QUEUE_PREFIX: .*$/m);
    expect(formatConfigError(new Error("other"))).toContain("other");
  });

  it("never shows a secret's value", () => {
    const problems = problemsOf({
      TELEGRAM_BOT_TOKEN: "no-colon-token-value",
      TELEGRAM_WEBHOOK_URL: "https://x.org/tg",
    });
    expect(problems).toContainEqual(expect.stringMatching(/^TELEGRAM_BOT_TOKEN: /));
    expect(problems.join("\n")).not.toContain("no-colon-token-value");
  });
});

describe("secrets from files", () => {
  it("reads NAME_FILE and trims the trailing newline", () => {
    const c = loadConfig({
      DATABASE_URL_FILE: secretFile("db", "postgresql://bantin:pa55@db:5432/bantin\n"),
      TELEGRAM_BOT_TOKEN_FILE: secretFile("tg", "123456:file-token\r\n"),
    });
    expect(c.databaseUrl).toBe("postgresql://bantin:pa55@db:5432/bantin");
    expect(c.channels.telegram?.botToken).toBe("123456:file-token");
  });

  it("rejects NAME together with NAME_FILE, and unreadable files", () => {
    const problems = problemsOf({
      REDIS_URL: "redis://r:6379",
      REDIS_URL_FILE: secretFile("redis", "redis://r:6379"),
      IMAP_PASSWORD_FILE: path.join(dir, "missing"),
      ...EMAIL,
      IMAP_PASSWORD: "",
    });
    expect(problems).toEqual([
      expect.stringMatching(/^REDIS_URL: set either REDIS_URL or REDIS_URL_FILE, not both$/),
      expect.stringMatching(/^IMAP_PASSWORD_FILE: cannot read .*missing \(ENOENT\)$/),
      "IMAP_PASSWORD: required when e-mail is enabled (IMAP_HOST is set)",
    ]);
  });

  it("offers _FILE only for secrets", () => {
    expect(loadConfig({ PORT_FILE: secretFile("port", "1234") }).http.port).toBe(3000);
  });
});

describe("telegram", () => {
  it("polls when no webhook URL is set", () => {
    expect(loadConfig({ ...TELEGRAM, TELEGRAM_BOARD_CHAT_ID: "-1001234567890" }).channels.telegram).toEqual({
      botToken: "123456:AAE-secret_token",
      apiRoot: "https://api.telegram.org",
      mode: { kind: "polling" },
      boardChatId: "-1001234567890",
    });
  });

  it("uses a webhook when its URL is set, and then requires a well-formed secret", () => {
    const webhook = { ...TELEGRAM, TELEGRAM_WEBHOOK_URL: "https://tanphu.gov.vn/hooks/telegram" };
    expect(problemsOf(webhook)).toEqual(["TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_WEBHOOK_URL is set"]);
    expect(problemsOf({ ...webhook, TELEGRAM_WEBHOOK_SECRET: "has spaces" })).toEqual([
      expect.stringMatching(/^TELEGRAM_WEBHOOK_SECRET: must be 1-256 characters/),
    ]);
    expect(problemsOf({ ...webhook, TELEGRAM_WEBHOOK_SECRET: "x".repeat(257) })).toHaveLength(1);
    const c = loadConfig({
      ...webhook,
      TELEGRAM_WEBHOOK_SECRET: "s3cret_-Token",
      TELEGRAM_API_ROOT: "http://127.0.0.1:9999/",
    });
    expect(c.channels.telegram?.mode).toEqual({
      kind: "webhook",
      url: "https://tanphu.gov.vn/hooks/telegram",
      secretToken: "s3cret_-Token",
    });
    expect(c.channels.telegram?.apiRoot).toBe("http://127.0.0.1:9999");
  });

  it("rejects Telegram settings without a token", () => {
    expect(problemsOf({ TELEGRAM_BOARD_CHAT_ID: "-100" })).toEqual([
      expect.stringMatching(/^TELEGRAM_BOARD_CHAT_ID: is set but Telegram is not enabled/),
    ]);
  });
});

describe("zalo", () => {
  it("is enabled by its credentials, with defaults for the rest", () => {
    expect(loadConfig(ZALO).channels.zalo).toEqual({
      appId: "4242424242",
      appSecret: "zalo-app-secret",
      oaSecretKey: "zalo-oa-key",
      refreshToken: "zalo-refresh",
      apiBase: "https://openapi.zalo.me",
      oauthBase: "https://oauth.zaloapp.com",
      webhookSignatureMode: "strict",
      buttonsEnabled: false,
    });
  });

  it("lists each missing credential once any is set", () => {
    expect(problemsOf({ ZALO_OA_SECRET_KEY: "k", ZALO_BUTTONS: "yes" })).toEqual([
      "ZALO_APP_ID: required when Zalo is enabled (ZALO_OA_SECRET_KEY is set)",
      "ZALO_APP_SECRET: required when Zalo is enabled (ZALO_OA_SECRET_KEY is set)",
      "ZALO_REFRESH_TOKEN: required when Zalo is enabled (ZALO_OA_SECRET_KEY is set)",
    ]);
  });

  it("rejects Zalo settings without credentials", () => {
    expect(problemsOf({ ZALO_WEBHOOK_SIGNATURE: "log_only" })).toEqual([
      expect.stringMatching(/^ZALO_WEBHOOK_SIGNATURE: is set but Zalo is not enabled/),
    ]);
  });
});

describe("email", () => {
  it("is enabled by IMAP_HOST or SMTP_HOST, with defaults and the reply domain from MAIL_FROM", () => {
    expect(loadConfig(EMAIL).channels.email).toEqual({
      imap: {
        host: "imap.example.org",
        port: 993,
        secure: true,
        user: "bantin",
        password: "imap-pass",
        mailbox: "INBOX",
      },
      smtp: { host: "smtp.example.org", port: 587, secure: false },
      from: '"UBND xã Tân Phú" <BanTin@Xa-TanPhu.Gov.vn>',
      replyDomain: "xa-tanphu.gov.vn",
      maxMessageBytes: 26_214_400,
      processedMailbox: "Processed",
      syncIntervalMs: 60_000,
    });
  });

  it("takes an SMTP user and password together", () => {
    const c = loadConfig({
      ...EMAIL,
      SMTP_USER: "bantin",
      SMTP_PASSWORD: "smtp-pass",
      MAIL_REPLY_DOMAIN: "reply.example.org",
    });
    expect(c.channels.email?.smtp).toMatchObject({ user: "bantin", password: "smtp-pass" });
    expect(c.channels.email?.replyDomain).toBe("reply.example.org");
    expect(problemsOf({ ...EMAIL, SMTP_USER: "bantin" })).toEqual([
      "SMTP_PASSWORD: SMTP_USER and SMTP_PASSWORD are set together or not at all",
    ]);
  });

  it("requires the rest of the channel once one host is set", () => {
    expect(problemsOf({ SMTP_HOST: "smtp.example.org" })).toEqual([
      "IMAP_HOST: required when e-mail is enabled (SMTP_HOST is set)",
      "IMAP_USER: required when e-mail is enabled (SMTP_HOST is set)",
      "IMAP_PASSWORD: required when e-mail is enabled (SMTP_HOST is set)",
      "MAIL_FROM: required when e-mail is enabled (SMTP_HOST is set)",
    ]);
  });

  it.each(["bantin@example.org", "Bản tin <bantin@localhost>"])("accepts MAIL_FROM %s", (from) => {
    expect(loadConfig({ ...EMAIL, MAIL_FROM: from }).channels.email?.from).toBe(from);
  });

  it("rejects a MAIL_FROM without an address, and mail settings without a host", () => {
    expect(problemsOf({ ...EMAIL, MAIL_FROM: "UBND xã" })).toEqual([
      expect.stringMatching(/^MAIL_FROM: must be an address/),
    ]);
    expect(problemsOf({ MAIL_FROM: "bantin@example.org" })).toEqual([
      expect.stringMatching(/^MAIL_FROM: is set but E-mail is not enabled/),
    ]);
  });
});

describe("describeSettings", () => {
  const settings = describeSettings();
  const names = settings.map((s) => s.name);
  const envExample = readFileSync(path.join(ROOT, ".env.example"), "utf8");
  const docs = readFileSync(path.join(ROOT, "docs/configuration.md"), "utf8");

  it("describes each setting once", () => {
    expect(new Set(names).size).toBe(names.length);
    for (const s of settings) expect(s.description.length).toBeGreaterThan(10);
  });

  it("is mirrored by .env.example", () => {
    const listed = [...envExample.matchAll(/^#?\s?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]);
    expect(listed.filter((n) => !n?.endsWith("_FILE"))).toEqual(names);
  });

  it("is mirrored by docs/configuration.md, defaults and secrecy included", () => {
    const rows = new Map(
      [...docs.matchAll(/^\|\s*`([A-Z][A-Z0-9_]+)`\s*\|(.*)$/gm)].map((m) => [
        m[1],
        m[2]?.split("|").map((c) => c.trim()),
      ]),
    );
    expect([...rows.keys()]).toEqual(names);
    for (const s of settings) {
      const [dflt, secret] = rows.get(s.name) ?? [];
      expect(dflt, s.name).toBe(s.default === undefined ? "" : `\`${s.default}\``);
      expect(secret, s.name).toBe(s.secret ? "yes" : "");
    }
  });

  it("lists every variable loadConfig reads, plus _FILE for secrets only", () => {
    const read = new Set<string>();
    const spy = new Proxy<NodeJS.ProcessEnv>(
      { ...TELEGRAM, ...ZALO, ...EMAIL },
      {
        get: (target, key) => (typeof key === "string" && read.add(key), Reflect.get(target, key)),
        has: (target, key) => (typeof key === "string" && read.add(key), Reflect.has(target, key)),
        ownKeys: () => {
          throw new Error("loadConfig must read variables by name, not enumerate the environment");
        },
      },
    );
    loadConfig(spy);
    const allowed = new Set([...names, ...settings.filter((s) => s.secret).map((s) => `${s.name}_FILE`)]);
    expect([...read].filter((k) => !allowed.has(k))).toEqual([]);
    expect([...allowed].filter((k) => !read.has(k))).toEqual([]);
  });
});

describe("process.env", () => {
  it("is read only by core/config.ts", () => {
    const sources = (d: string): string[] =>
      readdirSync(d).flatMap((f) => {
        const p = path.join(d, f);
        return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
      });
    const dirs = ["core", "bots", "mail", "queue", "web", "cli"].map((d) => path.join(ROOT, d));
    const files = [...dirs.filter((d) => statSync(d, { throwIfNoEntry: false })), path.join(ROOT, "main.ts")]
      .filter((p) => statSync(p, { throwIfNoEntry: false }))
      .flatMap((p) => (statSync(p).isDirectory() ? sources(p) : [p]));
    const readers = files.filter((f) => /process\.env\b/.test(readFileSync(f, "utf8")));
    expect(readers.map((f) => path.relative(ROOT, f))).toEqual(["core/config.ts"]);
  });
});
