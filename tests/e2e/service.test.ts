/**
 * The service as `npm start` runs it: one process with the web server, the workers and the
 * Telegram channel (against the fake Bot API). It becomes ready, takes a citizen's message in,
 * acknowledges it with a tracking code, and shuts down cleanly on SIGTERM.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase } from "../support/database.ts";
import { startFakeTelegram, type FakeTelegram } from "../support/fake-telegram.ts";
import { waitFor } from "../support/wait.ts";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let telegram: FakeTelegram;
let service: ChildProcess;
let port: number;
let output = "";

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });

beforeAll(async () => {
  db = await createTestDatabase();
  telegram = await startFakeTelegram();
  port = await freePort();
  service = spawn("node_modules/.bin/node", ["--import", "tsx", "bin/main.ts", "all"], {
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      QUEUE_PREFIX: `e2e${port}`,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  service.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  service.stderr!.on("data", (d: Buffer) => (output += d.toString()));
});

afterAll(async () => {
  if (service.exitCode === null) service.kill("SIGKILL");
  await telegram?.close();
  await db?.drop();
});

it("starts, becomes ready, takes a message in over Telegram, and stops cleanly", async () => {
  const ready = await waitFor(
    async () => {
      const r = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null);
      return r?.status === 200 ? ((await r.json()) as { checks: Record<string, string> }) : null;
    },
    { what: "/readyz 200", timeoutMs: 60_000 },
  );
  expect(ready.checks).toEqual({ database: "ok", redis: "ok", workers: "ok" });
  expect(output).toContain("npx bantin people add"); // the first start says how to add a board member

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

  const exited = new Promise<number | null>((resolve) => service.once("exit", (code) => resolve(code)));
  service.kill("SIGTERM");
  expect(await exited).toBe(0);
  expect(output).toContain('"msg":"stopped"');
});
