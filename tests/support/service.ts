/**
 * The service as `npm start` runs it (`bin/main.ts all`), in a child process with its own
 * database, data directory, port and queue prefix, for end-to-end tests. Its stdout and stderr
 * are collected; `ready()` waits for /readyz, `stop()` sends SIGTERM and returns the exit code.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, type TestDatabase } from "./database.ts";
import { waitFor } from "./wait.ts";

export interface RunningService {
  port: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
  db: TestDatabase;
  /** Everything it printed so far. */
  output(): string;
  /** Waits until /readyz answers 200; returns its checks. */
  ready(): Promise<Record<string, string>>;
  /** SIGTERM, then its exit code. */
  stop(): Promise<number | null>;
  /** Kills it if still running, drops its database and data. */
  close(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });

/** Starts the service with `env` on top of the test's own settings. */
export async function startService(env: Record<string, string>): Promise<RunningService> {
  const [db, port, dataDir] = await Promise.all([
    createTestDatabase(),
    freePort(),
    mkdtemp(join(tmpdir(), "bantin-service-")),
  ]);
  const url = `http://127.0.0.1:${port}`;
  let output = "";
  // node_modules/.bin/node, not the tsx launcher: a signal must reach the service itself.
  const child: ChildProcess = spawn("node_modules/.bin/node", ["--import", "tsx", "bin/main.ts", "all"], {
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      QUEUE_PREFIX: `e2e${port}`,
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_BASE_URL: url,
      DATA_DIR: dataDir,
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    port,
    url,
    db,
    output: () => output,
    ready: () =>
      waitFor(
        async () => {
          const r = await fetch(`${url}/readyz`).catch(() => null);
          return r?.status === 200 ? ((await r.json()) as { checks: Record<string, string> }).checks : null;
        },
        { what: "/readyz 200", timeoutMs: 60_000 },
      ),
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
    async close() {
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
