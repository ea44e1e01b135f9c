/**
 * The service as `npm start` runs it, with only Zalo configured (against the fake Zalo): the
 * webhook is on the web server, a signed event becomes a held message, the shared details make
 * it an item, and the acknowledgement comes back through the OA. Then a clean SIGTERM.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase } from "../support/database.ts";
import { startFakeZalo, type FakeZalo } from "../support/fake-zalo.ts";
import { waitFor } from "../support/wait.ts";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let zalo: FakeZalo;
let service: ChildProcess;
let port: number;
let dataDir: string;
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
  zalo = await startFakeZalo();
  port = await freePort();
  dataDir = await mkdtemp(join(tmpdir(), "bantin-zalo-e2e-"));
  service = spawn("node_modules/.bin/node", ["--import", "tsx", "bin/main.ts", "all"], {
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      QUEUE_PREFIX: `e2ezalo${port}`,
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: dataDir,
      LOG_LEVEL: "info",
      ZALO_APP_ID: zalo.appId,
      ZALO_APP_SECRET: zalo.appSecret,
      ZALO_OA_SECRET_KEY: zalo.oaSecretKey,
      ZALO_REFRESH_TOKEN: zalo.refreshToken,
      ZALO_API_BASE: zalo.apiBase,
      ZALO_OAUTH_BASE: zalo.oauthBase,
      ZALO_WEBHOOK_SIGNATURE: "strict",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  service.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  service.stderr!.on("data", (d: Buffer) => (output += d.toString()));
});

afterAll(async () => {
  if (service.exitCode === null) service.kill("SIGKILL");
  await zalo?.close();
  await db?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

it("runs the Zalo channel from its settings: webhook in, acknowledgement out, clean stop", async () => {
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null))?.status === 200, {
    what: "/readyz 200",
    timeoutMs: 60_000,
  });
  expect(output).toContain(`"url":"http://127.0.0.1:${port}/hooks/zalo"`);
  expect(output).toMatch(/"channels":\[[^\]]*"zalo"/);
  const hook = `http://127.0.0.1:${port}/hooks/zalo`;
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

  service.kill("SIGTERM");
  const code = await new Promise<number | null>((resolve) => service.once("exit", resolve));
  expect(code).toBe(0);
});
