/**
 * The OA client and its tokens against the fake Zalo (OAuth v4 and OA API v3 on loopback) and the
 * real PostgreSQL: rotation with single-use refresh tokens, one refresh for many callers, `-216`
 * refreshed once and retried, a dead refresh token alerting once instead of looping, errors
 * answered with HTTP 200 classified, and the sender passing the channel conformance suite.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createZaloApi } from "../../bots/zalo/api.ts";
import { classifyZaloError, toDeliveryError, ZaloApiError, ZaloAuthDeadError } from "../../bots/zalo/errors.ts";
import { createZaloSender } from "../../bots/zalo/sender.ts";
import { createTokenSource } from "../../bots/zalo/tokens.ts";
import { createDb, type Db } from "../../core/db.ts";
import { DeliveryError } from "../../core/errors.ts";
import { createLogger } from "../../core/logger.ts";
import { describeChannelSender, sampleCard } from "../conformance/channel-sender.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { startFakeZalo, type FakeZalo } from "../support/fake-zalo.ts";

const log = createLogger({ level: "silent" });
let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url, { max: 8 });
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

/** A client on `fake` with a fresh token row, as at first start. */
async function clientFor(fake: FakeZalo, onDead?: (reason: string) => Promise<void>) {
  await db.channelToken.deleteMany({});
  await db.channelState.deleteMany({});
  const tokens = createTokenSource({
    db,
    appId: fake.appId,
    appSecret: fake.appSecret,
    oauthBase: fake.oauthBase,
    seedRefreshToken: fake.refreshToken,
    log,
    ...(onDead && { onDead }),
  });
  return { tokens, api: createZaloApi({ apiBase: fake.apiBase, tokens }) };
}

describeChannelSender("zalo sender", async () => {
  const fake = await startFakeZalo();
  fake.addUser("1001", { displayName: "Nguyễn Thị Hoa" });
  const { api } = await clientFor(fake);
  return {
    sender: createZaloSender({ api, buttons: false }),
    reachable: { personId: null, address: "1001", name: "Hoa" },
    // Unknown to the OA (never followed): Zalo refuses for good.
    refused: { personId: null, address: "9999" },
    close: () => fake.close(),
  };
});

describe("zalo tokens", () => {
  let fake: FakeZalo;
  beforeEach(async () => {
    fake = await startFakeZalo();
    fake.addUser("1001");
  });
  afterEach(() => fake.close());

  it("refreshes once for many concurrent callers and persists the rotated pair before use", async () => {
    const { api } = await clientFor(fake);
    const first = fake.refreshToken;
    const ids = await Promise.all(Array.from({ length: 12 }, (_, i) => api.sendMessage("1001", { text: `Tin ${i}` })));
    expect(new Set(ids).size).toBe(12);
    expect(fake.refreshes).toBe(1);
    const row = await db.channelToken.findUniqueOrThrow({ where: { channel_name: { channel: "zalo", name: "oa" } } });
    expect(row.refreshToken).toBe(fake.refreshToken);
    expect(row.refreshToken).not.toBe(first);
    // expires_in came as the string "90000": about 25 hours ahead.
    expect(row.expiresAt!.getTime() - Date.now()).toBeGreaterThan(24 * 3_600_000);
  });

  it("a second process reuses the stored token instead of spending the refresh token again", async () => {
    const seed = fake.refreshToken;
    const a = await clientFor(fake);
    await a.api.sendMessage("1001", { text: "một" });
    // Same settings (the same ZALO_REFRESH_TOKEN, now spent): the row, not the setting, is used.
    const b = createZaloApi({
      apiBase: fake.apiBase,
      tokens: createTokenSource({
        db,
        appId: fake.appId,
        appSecret: fake.appSecret,
        oauthBase: fake.oauthBase,
        seedRefreshToken: seed,
        log,
      }),
    });
    await b.sendMessage("1001", { text: "hai" });
    expect(fake.refreshes).toBe(1);
    fake.expireAccessTokens();
    await b.sendMessage("1001", { text: "ba" });
    await a.api.sendMessage("1001", { text: "bốn" });
    expect(fake.refreshes).toBe(2);
  });

  it("two token sources (two processes) racing after expiry cause one refresh", async () => {
    await clientFor(fake);
    const source = () =>
      createTokenSource({
        db,
        appId: fake.appId,
        appSecret: fake.appSecret,
        oauthBase: fake.oauthBase,
        seedRefreshToken: fake.refreshToken,
        log,
      });
    const apis = [source(), source(), source()].map((tokens) => createZaloApi({ apiBase: fake.apiBase, tokens }));
    await Promise.all(apis.map((api, i) => api.sendMessage("1001", { text: `song song ${i}` })));
    expect(fake.refreshes).toBe(1);
  });

  it("a refresh that fails on the way (HTTP 502) changes nothing; the next call refreshes", async () => {
    const { api } = await clientFor(fake);
    const seed = fake.refreshToken;
    fake.failNext("/v4/oa/access_token", { status: 502 });
    const err = await api.sendMessage("1001", { text: "x" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "retry" });
    expect(toDeliveryError(err).permanent).toBe(false);
    expect(fake.refreshToken).toBe(seed);
    expect(await api.sendMessage("1001", { text: "y" })).toMatch(/^m/);
    expect(fake.refreshes).toBe(1);
  });

  it("an expired access token (-216) is refreshed once and the call retried", async () => {
    const { api } = await clientFor(fake);
    await api.sendMessage("1001", { text: "trước" });
    fake.expireAccessTokens();
    await api.sendMessage("1001", { text: "sau" });
    expect(fake.refreshes).toBe(2);
    expect(fake.calls.filter((c) => c.path === "/v3.0/oa/message/cs").map((c) => c.error)).toEqual([0, -216, 0]);
  });

  it("-216 twice in a row fails the call instead of refreshing in a loop", async () => {
    const { api } = await clientFor(fake);
    await api.sendMessage("1001", { text: "trước" });
    fake.failNext("/v3.0/oa/message/cs", { error: -216 }, 2);
    const err = await api.sendMessage("1001", { text: "sau" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: -216, kind: "refresh" });
    expect(fake.refreshes).toBe(2);
    expect(toDeliveryError(err).permanent).toBe(false);
  });

  it("a dead refresh token alerts the operators once and stops refreshing", async () => {
    const alerts: string[] = [];
    const { api } = await clientFor(fake, async (reason) => void alerts.push(reason));
    fake.revokeRefreshToken();
    const errors = await Promise.all(
      Array.from({ length: 5 }, () => api.sendMessage("1001", { text: "x" }).catch((e: unknown) => e)),
    );
    for (const e of errors) expect(e).toBeInstanceOf(ZaloAuthDeadError);
    const again = await api.sendMessage("1001", { text: "y" }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ZaloAuthDeadError);
    expect(alerts).toHaveLength(1);
    expect(fake.calls.filter((c) => c.path === "/v4/oa/access_token")).toEqual([
      { method: "POST", path: "/v4/oa/access_token", error: -118 },
    ]);
    // Messages wait for the operator (transient), they are not failed for good.
    expect(toDeliveryError(again).permanent).toBe(false);
  });

  it("a new ZALO_REFRESH_TOKEN after re-consent brings the channel back", async () => {
    const alerts: string[] = [];
    await clientFor(fake, async (r) => void alerts.push(r));
    fake.revokeRefreshToken();
    const dead = createZaloApi({
      apiBase: fake.apiBase,
      tokens: createTokenSource({
        db,
        appId: fake.appId,
        appSecret: fake.appSecret,
        oauthBase: fake.oauthBase,
        seedRefreshToken: "RT-old-and-dead",
        log,
      }),
    });
    expect(await dead.sendMessage("1001", { text: "x" }).catch((e: unknown) => e)).toBeInstanceOf(ZaloAuthDeadError);
    const revived = createZaloApi({
      apiBase: fake.apiBase,
      tokens: createTokenSource({
        db,
        appId: fake.appId,
        appSecret: fake.appSecret,
        oauthBase: fake.oauthBase,
        seedRefreshToken: fake.refreshToken,
        log,
      }),
    });
    expect(await revived.sendMessage("1001", { text: "y" })).toMatch(/^m/);
  });
});

describe("zalo errors", () => {
  let fake: FakeZalo;
  beforeEach(async () => {
    fake = await startFakeZalo();
    fake.addUser("1001");
  });
  afterEach(() => fake.close());

  it("classifies Zalo's codes", () => {
    expect(classifyZaloError(-216)).toBe("refresh");
    expect(classifyZaloError(-118)).toBe("dead");
    expect(classifyZaloError(-230)).toBe("window");
    expect(classifyZaloError(-32)).toBe("retry");
    expect(classifyZaloError(-201)).toBe("permanent");
    expect(classifyZaloError(-99999)).toBe("retry");
  });

  it("reads errors answered with HTTP 200: -32 is retried, -201 permanent, -230 unreachable", async () => {
    const { api } = await clientFor(fake);
    const sender = createZaloSender({ api, buttons: false });
    const to = { personId: null, address: "1001" };
    for (const [error, expected] of [
      [-32, { permanent: false, unreachable: false }],
      [-201, { permanent: true, unreachable: false }],
      [-230, { permanent: false, unreachable: true }],
    ] as const) {
      fake.failNext("/v3.0/oa/message/cs", { error });
      const err = await sender.sendText(to, "Xin chào").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DeliveryError);
      expect(err).toMatchObject(expected);
    }
    fake.failNext("/v3.0/oa/message/cs", { status: 502 });
    expect(await sender.sendText(to, "x").catch((e: unknown) => e)).toMatchObject({ permanent: false });
  });

  it("a user silent for more than 7 days is out of the window (-230)", async () => {
    fake.addUser("2002", { lastInteraction: Date.now() - 8 * 24 * 3_600_000 });
    const { api } = await clientFor(fake);
    const err = await api.sendMessage("2002", { text: "x" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZaloApiError);
    expect(toDeliveryError(err)).toMatchObject({ unreachable: true, permanent: false });
  });
});

describe("zalo sender", () => {
  let fake: FakeZalo;
  beforeEach(async () => {
    fake = await startFakeZalo();
    fake.addUser("1001");
  });
  afterEach(() => fake.close());
  const to = { personId: null, address: "1001" };

  it("splits a long Vietnamese text at line breaks within 2000 characters, in order", async () => {
    const { api } = await clientFor(fake);
    const line = "Ủy ban nhân dân xã thông báo lịch tiêm chủng mở rộng cho trẻ em dưới năm tuổi tại trạm y tế.";
    const text = Array.from({ length: 60 }, (_, i) => `${i + 1}. ${line}`).join("\n");
    const ref = await createZaloSender({ api, buttons: false }).sendText(to, text.normalize("NFD"));
    const texts = fake.texts("1001");
    expect(texts.length).toBe(Math.ceil(text.length / 2000));
    expect(ref).toBe(fake.sent("1001")[0]!.messageId);
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(2000);
    expect(texts[1]).toMatch(/^\d+\. Ủy ban/);
    expect(texts.join("\n")).toBe(text);
  });

  it("draws a card as text with its commands, and closes it by a reply quoting it", async () => {
    const { api } = await clientFor(fake);
    const sender = createZaloSender({ api, buttons: false });
    const ref = await sender.sendReviewCard(to, sampleCard);
    const [card] = fake.sent("1001");
    const text = card!.message.text as string;
    expect(text.startsWith(sampleCard.text)).toBe(true);
    expect(text).toContain("#duyet TB-0042");
    expect(text).toContain("#tuchoi TB-0042 <lý do 1–9>");
    expect(text).toContain("7. Trùng lặp với nội dung đã đăng");
    expect(card!.message.attachment).toBeUndefined();
    await sender.updateReviewCard(to, ref, sampleCard, {
      action: "approve",
      deciderName: "Trần Văn Bình",
      decidedAt: "2026-11-15T03:00:00.000Z",
      text: "Đã duyệt bởi Trần Văn Bình lúc 10:00 15/11/2026",
    });
    expect(fake.sent("1001")[1]!.message).toEqual({
      text: "TB-0042: Đã duyệt bởi Trần Văn Bình lúc 10:00 15/11/2026",
      quote_message_id: ref,
    });
  });

  it("a card Zalo no longer lets us quote still gets its outcome, unquoted", async () => {
    const { api } = await clientFor(fake);
    await createZaloSender({ api, buttons: false }).updateReviewCard(to, "m-unknown", sampleCard, {
      action: "reject",
      deciderName: "Lê Thị Thư",
      decidedAt: "2026-11-15T03:00:00.000Z",
      text: "Từ chối bởi Lê Thị Thư lúc 10:00 15/11/2026",
    });
    expect(fake.calls.filter((c) => c.path === "/v3.0/oa/message/cs").map((c) => c.error)).toEqual([-201, 0]);
    expect(fake.sent("1001")[0]!.message).toEqual({ text: "TB-0042: Từ chối bởi Lê Thị Thư lúc 10:00 15/11/2026" });
  });

  it("with buttons enabled, each button's payload is the typed command", async () => {
    const { api } = await clientFor(fake);
    await createZaloSender({ api, buttons: true }).sendReviewCard(to, {
      ...sampleCard,
      webUrl: "https://tanphu.gov.vn/theo-doi/TB-0042",
    });
    const buttons = (fake.sent("1001")[0]!.message.attachment as { payload: { buttons: unknown[] } }).payload.buttons;
    expect(buttons).toEqual([
      { title: "Duyệt", type: "oa.query.hide", payload: "#duyet TB-0042" },
      { title: "Từ chối", type: "oa.query.hide", payload: "#tuchoi TB-0042" },
      { title: "Yêu cầu bổ sung", type: "oa.query.hide", payload: "#bosung TB-0042" },
      { title: "Xem trên web", type: "oa.open.url", payload: { url: "https://tanphu.gov.vn/theo-doi/TB-0042" } },
    ]);
  });

  it("uploads an image and a file, and reacts to a message for free", async () => {
    const { api } = await clientFor(fake);
    const id = await api.uploadImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), "anh.jpg");
    await api.sendMessage("1001", {
      attachment: {
        type: "template",
        payload: { template_type: "media", elements: [{ media_type: "image", attachment_id: id }] },
      },
    });
    const token = await api.uploadFile(Buffer.from("%PDF-1.4\n"), "ke-hoach.pdf");
    await api.sendMessage("1001", { attachment: { type: "file", payload: { token } } });
    expect([...fake.uploads.values()].map((u) => u.name)).toEqual(["anh.jpg", "ke-hoach.pdf"]);
    await api.react("1001", "m-77");
    expect(fake.reactions).toEqual([{ userId: "1001", messageId: "m-77", icon: "/-strong" }]);
    expect(await api.userDetail("1001")).toMatchObject({ user_id: "1001", user_is_follower: true });
    expect(Number((await api.messageQuota("1001")).last_interaction)).toBeGreaterThan(0);
  });
});
