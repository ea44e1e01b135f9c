/**
 * The tool's commands in-process against a real PostgreSQL database and Redis (a unique queue
 * prefix): people, roles, fields, an item's history, re-driving and unpublishing.
 */
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configOrExit, coreDeps, prepareDatabase } from "../../bin/runtime.ts";
import type { Db } from "../../core/db.ts";
import { FIELD_CODES } from "../../core/domain.ts";
import { classifySubmission } from "../../core/intake/classify-submission.ts";
import { receiveInbound } from "../../core/intake/receive.ts";
import { requestReview } from "../../core/review/request-review.ts";
import { startFakeTelegram } from "../support/fake-telegram.ts";
import { createLogger } from "../../core/logger.ts";
import type { FollowUp } from "../../core/ports.ts";
import { jobIdFor, PIPELINE_QUEUE } from "../../queue/jobs.ts";
import type { Producer } from "../../queue/producer.ts";
import { cli, createDatabase, dropQueues, REDIS_URL, testEnv, type TestDatabase } from "./fixture.ts";

let database: TestDatabase;
let env: ReturnType<typeof testEnv>;
let db: Db;

beforeAll(async () => {
  database = await createDatabase();
  env = testEnv(database.url);
  // The same preparation the tool runs first: migrations (when the fixture left none) and seeded fields.
  db = await prepareDatabase(configOrExit(env), createLogger({ level: "silent" }));
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
  if (env) await dropQueues(env.QUEUE_PREFIX);
});

const ok = async (argv: string[]) => {
  const r = await cli(env, argv);
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  return r.out;
};

describe("bantin fields", () => {
  it("lists the twelve seeded fields, as a table and as JSON", async () => {
    const out = await ok(["fields", "list"]);
    for (const code of FIELD_CODES) expect(out).toMatch(new RegExp(`^${code} `, "m"));
    expect(out).toContain("Cải cách hành chính");
    const json = JSON.parse(await ok(["fields", "list", "--json"])) as Array<{ code: string }>;
    expect(json.map((f) => f.code)).toEqual([...FIELD_CODES]);
  });

  it("adds a field, and refuses a bad code with exit 1", async () => {
    expect(
      await ok(["fields", "add", "nong-thon-moi", "Nông thôn mới", "--description", "Xây dựng nông thôn mới"]),
    ).toContain("Added field nong-thon-moi");
    expect(await ok(["fields", "list"])).toContain("nong-thon-moi");
    const bad = await cli(env, ["fields", "add", "Nông Thôn", "Nông thôn"]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^bantin: a field code is lower-case/);
  });
});

describe("bantin people and roles", () => {
  it("adds, lists, shows and revokes a person, keeping the roles' history", async () => {
    const added = await cli(env, [
      "people", "add",
      "--name", "Nguyễn Văn An",
      "--phone", "+84 912 345 678",
      "--email", "An@TanPhu.gov.vn",
      "--workplace", "UBND xã Tân Phú",
      "--title", "Phó Chủ tịch",
      "--telegram", "123456789",
      "--review-channel", "telegram",
    ]); // prettier-ignore
    expect(added.code).toBe(0);
    const id = added.out.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    expect(await ok(["roles", "grant", "0912345678", "head"])).toContain("Granted head to Nguyễn Văn An");
    expect(await ok(["roles", "grant", "an@tanphu.gov.vn", "member", "--field", "y-te"])).toContain(
      "Granted member (y-te)",
    );
    await ok(["roles", "grant", "telegram:123456789", "member", "--field", "dat-dai"]);
    expect(await ok(["people", "link", id, "zalo:8452196307425"])).toContain(
      "Linked zalo:8452196307425 to Nguyễn Văn An",
    );

    const listed = await ok(["people", "list"]);
    expect(listed).toContain(id);
    for (const role of ["head", "member/y-te", "member/dat-dai"]) expect(listed).toContain(role);
    expect(listed).toContain("telegram:123456789");
    expect(await ok(["people", "list", "--role", "member"])).toContain("Nguyễn Văn An");
    expect(await ok(["people", "list", "--role", "deputy"])).toContain("No one holds the deputy role.");

    expect(await ok(["roles", "revoke", id, "member", "--field", "y-te"])).toContain(
      "Revoked member (y-te) from Nguyễn Văn An",
    );
    const again = await cli(env, ["roles", "revoke", id, "member", "--field", "y-te"]);
    expect(again.code).toBe(1);
    expect(again.err).toContain("holds no active member (y-te) role");

    const shown = await ok(["people", "show", "zalo:8452196307425"]);
    expect(shown).toContain("Nguyễn Văn An");
    expect(shown).toContain("0912345678");
    expect(shown).toMatch(/^zalo\s+8452196307425/m);
    const [active, revoked] = shown.split("Revoked roles");
    expect(active).toMatch(/^head\s/m);
    expect(active).toMatch(/^member\s+dat-dai/m);
    expect(active).not.toMatch(/y-te/);
    expect(revoked).toMatch(/^member\s+y-te\s.*operator\s+\d\d:\d\d \d\d\/\d\d\/\d{4}\s+operator$/m);

    expect(await ok(["people", "revoke", id])).toContain("Revoked Nguyễn Văn An's access and 2 roles.");
    expect(await ok(["people", "list"])).not.toContain(id);
    expect(await ok(["people", "list", "--all"])).toContain(id);
    const json = JSON.parse(await ok(["people", "show", id, "--json"])) as {
      revokedAt: string | null;
      roles: Array<{ role: string; revokedAt: string | null }>;
    };
    expect(json.revokedAt).not.toBeNull();
    expect(json.roles).toHaveLength(3);
    expect(json.roles.every((r) => r.revokedAt !== null)).toBe(true);
    const refused = await cli(env, ["roles", "grant", id, "deputy"]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("this person's access was revoked");

    // Operator actions are audited as the command line, with no person.
    const audited = await db.auditEvent.findMany({ where: { data: { path: ["personId"], equals: id } } });
    expect(audited.map((e) => e.action)).toEqual(
      expect.arrayContaining(["person.added", "role.granted", "identity.linked", "role.revoked", "person.revoked"]),
    );
    expect(audited.every((e) => e.via === "cli" && e.actorId === null)).toBe(true);
  });

  it("prints an invitation link for a registered person, with the bot's username from Telegram", async () => {
    const fake = await startFakeTelegram();
    try {
      await ok(["people", "add", "--name", "Trịnh Văn Khải", "--phone", "0933111222"]);
      const withBot = { ...env, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot };
      const r = await cli(withBot, ["people", "invite", "0933111222", "--days", "3"]);
      expect(r).toMatchObject({ code: 0, err: "" });
      const code = new RegExp(`https://t\\.me/${fake.botInfo.username}\\?start=([A-Za-z0-9_-]{16})`).exec(r.out)?.[1];
      expect(r.out).toMatch(/^Invitation for Trịnh Văn Khải, valid until/);
      const invite = await db.invite.findUniqueOrThrow({ where: { code: code! } });
      expect(invite.expiresAt.getTime() - Date.now()).toBeGreaterThan(2.9 * 86_400_000);
      // Without Telegram configured the code is still printed.
      expect(await ok(["people", "invite", "0933111222"])).toContain("https://t.me/<bot username>?start=");
      expect((await cli(env, ["people", "invite", "0933111222", "--days", "0"])).code).toBe(2);
    } finally {
      await fake.close();
    }
  });

  it("fails with exit 1 for an unknown person or field", async () => {
    const nobody = await cli(env, ["people", "show", "0999999999"]);
    expect(nobody.code).toBe(1);
    expect(nobody.err).toBe('bantin: no person matches "0999999999" (give an id, phone, e-mail or channel:id)\n');
    const id = (await ok(["people", "add", "--name", "Trần Thị Bình"])).trim();
    const field = await cli(env, ["roles", "grant", id, "member", "--field", "vu-tru"]);
    expect(field.code).toBe(1);
    expect(field.err).toBe("bantin: no field with code vu-tru\n");
  });
});

describe("bantin show, redrive, unpublish", () => {
  it("shows an item received through core with its history, and re-drives its stuck work", async () => {
    const recorded: FollowUp[] = [];
    const producer: Producer = {
      enqueue: async (jobs) => void recorded.push(...jobs),
      close: async () => {},
      queue: () => {
        throw new Error("not used");
      },
    };
    const config = configOrExit(env);
    const core = coreDeps({ config, db, producer, log: createLogger({ level: "silent" }), senders: {} });
    const received = await receiveInbound(core, {
      channel: "zalo",
      externalId: "msg-cli-1",
      sender: { externalId: "zalo-user-77", displayName: "Lê Văn Cường" },
      text: "Đường liên thôn ấp 3 bị sụt lún sau mưa lớn, đề nghị xã sửa chữa sớm.",
    });
    expect(recorded.map((j) => j.name)).toContain("classify-submission");

    const out = await ok(["show", received.trackingCode]);
    expect(out).toMatch(new RegExp(`^item:\\s+${received.trackingCode}$`, "m"));
    expect(out).toContain("Đã tiếp nhận (received)");
    expect(out).toContain("Lê Văn Cường");
    expect(out).toContain("Đường liên thôn ấp 3 bị sụt lún");
    expect(out).toMatch(/^\d\d:\d\d \d\d\/\d\d\/\d{4}\s+submission\.received\s+Lê Văn Cường\s+zalo\s/m);
    const json = JSON.parse(await ok(["show", received.trackingCode.toLowerCase(), "--json"])) as {
      trackingCode: string;
      status: string;
      auditEvents: Array<{ action: string; actorName: string | null }>;
    };
    expect(json.trackingCode).toBe(received.trackingCode);
    expect(json.status).toBe("received");
    expect(json.auditEvents[0]).toMatchObject({ action: "submission.received", actorName: "Lê Văn Cường" });

    // Received and never classified (our producer dropped the job): stuck, so it is re-driven to Redis.
    const redriven = await ok(["redrive", received.trackingCode]);
    expect(redriven).toContain(`for ${received.trackingCode}:`);
    expect(redriven).toMatch(/^classify-submission\s+1$/m);
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(PIPELINE_QUEUE, { connection, prefix: env.QUEUE_PREFIX });
    try {
      const job = await queue.getJob(
        jobIdFor({ name: "classify-submission", data: { submissionId: received.submissionId } }),
      );
      expect(job?.data).toEqual({ submissionId: received.submissionId });
    } finally {
      await queue.close();
      await connection.quit();
    }
    expect(await ok(["redrive", received.trackingCode, "--older-than", "1d"])).toBe(
      `Nothing stuck for ${received.trackingCode}.\n`,
    );

    const unpublished = await cli(env, ["unpublish", received.trackingCode, "--reason", "Thông tin chưa chính xác"]);
    expect(unpublished.code).toBe(1);
    expect(unpublished.err).toBe(`bantin: ${received.trackingCode} has no publication\n`);
  });

  it("fails with exit 1 for an item that does not exist", async () => {
    const r = await cli(env, ["show", "TB-99999"]);
    expect(r.code).toBe(1);
    expect(r.err).toBe("bantin: no item TB-99999\n");
  });

  it("fails with exit 1 when the database is down", async () => {
    const r = await cli({ ...env, DATABASE_URL: "postgresql://postgres@127.0.0.1:1/bantin" }, ["fields", "list"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^bantin: .+\n$/);
  });
});

describe("bantin decide", () => {
  it("decides for a board member with the same rules as every channel", async () => {
    const producer: Producer = {
      enqueue: async () => {},
      close: async () => {},
      queue: () => {
        throw new Error("not used");
      },
    };
    const core = coreDeps({ config: configOrExit(env), db, producer, log: createLogger({ level: "silent" }) });
    const r = await receiveInbound(core, {
      channel: "telegram",
      externalId: "msg-cli-decide",
      sender: { externalId: "555" },
      text: "Sáng nay xã tổ chức lễ ra quân tổng vệ sinh môi trường, thu gom rác thải.",
    });
    await classifySubmission(core, r.submissionId);
    await ok(["people", "add", "--name", "Thư Ký", "--phone", "0988000111"]);
    await ok(["roles", "grant", "0988000111", "secretariat"]);
    await ok(["people", "add", "--name", "Cộng Tác", "--phone", "0988000222"]);
    await ok(["roles", "grant", "0988000222", "collaborator", "--unit", "Thôn Bắc"]);
    expect(await requestReview(core, r.submissionId, 1)).toBe("done");

    const usage = await cli(env, ["decide", r.trackingCode, "reject", "--as", "0988000111"]);
    expect(usage.code).toBe(2);
    const refused = await cli(env, ["decide", r.trackingCode, "approve", "--as", "0988000222"]);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain("không có quyền");

    expect(await ok(["decide", r.trackingCode, "forward", "--as", "0988000111", "--field", "y-te"])).toContain(
      r.trackingCode,
    );
    const d = await db.decision.findFirstOrThrow({ where: { submissionId: r.submissionId } });
    expect(d.action).toBe("forward");
    const again = await cli(env, ["decide", r.trackingCode, "approve", "--as", "0988000111"]);
    expect(again.code).toBe(1);
    expect(again.out).toContain("Thư Ký");
  });
});
