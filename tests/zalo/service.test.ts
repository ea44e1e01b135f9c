/**
 * The service as `npm start` runs it, with only Zalo configured (against the fake Zalo): the
 * webhook is on the web server, a signed event becomes a held message, the shared details make
 * it an item, and the acknowledgement comes back through the OA. Then a clean SIGTERM.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { startFakeZalo, type FakeZalo } from "../support/fake-zalo.ts";
import { startService, type RunningService } from "../support/service.ts";
import { waitFor } from "../support/wait.ts";

let zalo: FakeZalo;
let service: RunningService;

beforeAll(async () => {
  zalo = await startFakeZalo();
  service = await startService({
    ZALO_APP_ID: zalo.appId,
    ZALO_APP_SECRET: zalo.appSecret,
    ZALO_OA_SECRET_KEY: zalo.oaSecretKey,
    ZALO_REFRESH_TOKEN: zalo.refreshToken,
    ZALO_API_BASE: zalo.apiBase,
    ZALO_OAUTH_BASE: zalo.oauthBase,
    ZALO_WEBHOOK_SIGNATURE: "strict",
  });
});

afterAll(async () => {
  await service?.close();
  await zalo?.close();
});

it("runs the Zalo channel from its settings: webhook in, acknowledgement out, clean stop", async () => {
  await service.ready();
  const hook = `${service.url}/hooks/zalo`;
  expect(service.output()).toContain(`"url":"${hook}"`);
  expect(service.output()).toMatch(/"channels":\[[^\]]*"zalo"/);
  expect((await zalo.probe(hook)).status).toBe(200);

  const user = "6100000000000000001";
  zalo.addUser(user, { displayName: "Lan" });
  const event = {
    event_name: "user_send_text",
    sender: { id: user },
    recipient: { id: zalo.oaId },
    message: { text: "Cho em hỏi lịch tiêm chủng tháng này ạ?", msg_id: "e2e-msg-1" },
  };
  expect((await zalo.deliver(hook, event)).status).toBe(200);
  await waitFor(() => zalo.texts(user).find((t) => t.includes("họ và tên đầy đủ")), {
    what: "asked for details",
    timeoutMs: 30_000,
  });
  expect(
    (
      await zalo.deliver(hook, {
        event_name: "user_submit_info",
        sender: { id: user },
        recipient: { id: zalo.oaId },
        info: { name: "Trần Thị Lan", phone: "0903123456" },
      })
    ).status,
  ).toBe(200);
  await waitFor(() => zalo.texts(user).find((t) => /Mã theo dõi: TB-\d+/.test(t)), {
    what: "acknowledgement",
    timeoutMs: 30_000,
  });
  expect(zalo.refreshes).toBe(1);

  expect(await service.stop()).toBe(0);
});
