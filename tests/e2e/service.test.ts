/**
 * The service as `npm start` runs it: one process with the web server, the workers and the
 * Telegram channel (against the fake Bot API). It becomes ready, takes a citizen's message in,
 * acknowledges it with a tracking code, and shuts down cleanly on SIGTERM.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { startFakeTelegram, type FakeTelegram } from "../support/fake-telegram.ts";
import { startService, type RunningService } from "../support/service.ts";
import { waitFor } from "../support/wait.ts";

let telegram: FakeTelegram;
let service: RunningService;

beforeAll(async () => {
  telegram = await startFakeTelegram();
  service = await startService({ TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot });
});

afterAll(async () => {
  await service?.close();
  await telegram?.close();
});

it("starts, becomes ready, takes a message in over Telegram, and stops cleanly", async () => {
  expect(await service.ready()).toEqual({ database: "ok", redis: "ok", workers: "ok" });
  expect(service.output()).toContain("npx bantin people add"); // the first start says how to add a board member

  const from = { id: 424242, is_bot: false, first_name: "Lan" };
  let messageId = 0;
  const say = (
    content: { text: string } | { contact: { phone_number: string; first_name: string; user_id: number } },
  ) =>
    telegram.pushUpdate({
      message: {
        message_id: ++messageId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: 424242, type: "private", first_name: "Lan" },
        from,
        ...content,
      },
    });
  const botSaid = (pattern: RegExp, what: string) =>
    waitFor(() => telegram.messages(424242).find((m) => pattern.test(m.text ?? "")), { what, timeoutMs: 30_000 });

  // A first-time sender: the message is kept, the details the regulations require are asked once.
  say({ text: "cho em hoi lam giay khai sinh can gi a" });
  await botSaid(/họ và tên đầy đủ/, "the name question");
  say({ text: "Trần Thị Lan" });
  await botSaid(/Chia sẻ số điện thoại/, "the phone question");
  say({ contact: { phone_number: "0912000111", first_name: "Lan", user_id: 424242 } });
  const ack = await waitFor(() => telegram.messages(424242).find((m) => /TB-\d{4}/.test(m.text ?? "")), {
    what: "the acknowledgement",
    timeoutMs: 30_000,
  });
  expect(ack.text).toContain("Mã theo dõi");

  expect(await service.stop()).toBe(0);
  expect(service.output()).toContain('"msg":"stopped"');
});
