import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, redactUrl } from "../../core/logger.ts";

/** A logger writing into memory; `lines()` returns what it wrote, parsed. */
function capture(opts: { level?: string; pretty?: boolean } = {}) {
  let text = "";
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  const log = createLogger({ level: opts.level ?? "trace", pretty: opts.pretty, name: "test" }, stream);
  return {
    log,
    text: () => text,
    lines: () =>
      text
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

const SECRETS = [
  "S-access_token",
  "S-secret_key",
  "S-zevent-signature",
  "S-token",
  "S-botToken",
  "S-accessToken",
  "S-refreshToken",
  "S-secret",
  "S-secretToken",
  "S-password",
  "S-appSecret",
  "S-oaSecretKey",
  "S-authorization",
  "S-cookie",
  "S-set-cookie",
  "S-telegram-header",
];

describe("createLogger", () => {
  it("redacts secret keys at the top level and one or two levels deep", () => {
    const out = capture();
    out.log.info({ token: "S-token", password: "S-password", cookie: "S-cookie" }, "top");
    out.log.info(
      {
        telegram: { botToken: "S-botToken", secretToken: "S-secretToken" },
        zalo: { accessToken: "S-accessToken", refreshToken: "S-refreshToken", appSecret: "S-appSecret" },
        config: { oaSecretKey: "S-oaSecretKey", secret: "S-secret" },
        oauth: { access_token: "S-access_token", secret_key: "S-secret_key" },
      },
      "one level",
    );
    out.log.child({ jobId: "j1" }).warn(
      {
        req: {
          headers: {
            authorization: "S-authorization",
            "set-cookie": ["S-set-cookie"],
            "x-telegram-bot-api-secret-token": "S-telegram-header",
            "x-zevent-signature": "S-zevent-signature",
          },
        },
      },
      "two levels",
    );
    for (const secret of SECRETS) expect(out.text()).not.toContain(secret);
    const [top, one, two] = out.lines();
    expect(top).toMatchObject({ token: "[redacted]", password: "[redacted]", msg: "top", name: "test" });
    expect(one).toMatchObject({ telegram: { botToken: "[redacted]" }, zalo: { refreshToken: "[redacted]" } });
    expect(two).toMatchObject({ jobId: "j1", req: { headers: { authorization: "[redacted]" } } });
  });

  it("scrubs bot tokens and URL passwords from messages and errors", () => {
    const out = capture();
    const token = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
    out.log.error(
      new Error(`request to https://api.telegram.org/bot${token}/getMe failed; postgresql://bantin:pa55w0rd@db/bantin`),
      "boom",
    );
    out.log.info(`token was ${token}`);
    expect(out.text()).not.toContain(token);
    expect(out.text()).not.toContain("pa55w0rd");
    expect(out.text()).toContain("postgresql://bantin:[redacted]@db/bantin");
  });

  it("keeps ordinary fields and honours the level", () => {
    const out = capture({ level: "warn" });
    out.log.info({ submissionId: "s1" }, "hidden");
    out.log.warn({ submissionId: "s1", channel: "zalo" }, "shown");
    expect(out.lines()).toEqual([
      expect.objectContaining({ level: 40, submissionId: "s1", channel: "zalo", msg: "shown" }),
    ]);
  });

  it("falls back to JSON when pretty printing is asked for", () => {
    const out = capture({ pretty: true });
    out.log.info({ password: "S-password" }, "pretty");
    expect(out.lines()).toEqual([expect.objectContaining({ msg: "pretty", password: "[redacted]" })]);
    expect(createLogger({ level: "silent", pretty: true })).toBeDefined();
  });
});

describe("redactUrl", () => {
  it.each([
    ["postgresql://bantin:s3cr%40t@db:5432/bantin", "postgresql://bantin:[redacted]@db:5432/bantin"],
    ["redis://:hunter2@redis:6379/0", "redis://:[redacted]@redis:6379/0"],
    ["postgresql://db/bantin?user=bantin&password=hunter2", "postgresql://db/bantin?user=bantin&password=[redacted]"],
    ["redis://127.0.0.1:6379", "redis://127.0.0.1:6379"],
    ["postgresql://postgres@127.0.0.1:5432/bantin", "postgresql://postgres@127.0.0.1:5432/bantin"],
  ])("%s → %s", (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
