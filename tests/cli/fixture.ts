/**
 * Runs the command-line tool in-process against a fresh database and a unique queue prefix, and
 * captures what it prints.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { PassThrough, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import pg from "pg";
import { run } from "../../bin/cli/main.ts";

export const REDIS_URL = "redis://127.0.0.1:6379";
const ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * The shared fixture (`tests/support/database.ts`, migrations applied) when it is there;
 * otherwise an empty database of our own, which the tool's `prepareDatabase` migrates.
 */
export async function createDatabase(): Promise<TestDatabase> {
  const shared = new URL("../support/database.ts", import.meta.url);
  if (existsSync(fileURLToPath(shared))) {
    const m = (await import(/* @vite-ignore */ shared.href)) as { createTestDatabase(): Promise<TestDatabase> };
    return m.createTestDatabase();
  }
  const name = `bantin_cli_${randomBytes(6).toString("hex")}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** The environment the tool reads its configuration from, for one test file. */
export function testEnv(databaseUrl: string): NodeJS.ProcessEnv & { QUEUE_PREFIX: string } {
  return {
    NODE_ENV: "test",
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX: `cli_${randomBytes(5).toString("hex")}`,
    LOG_LEVEL: "silent",
  };
}

/** Deletes every Redis key under a test's queue prefix. */
export async function dropQueues(prefix: string): Promise<void> {
  const r = new Redis(REDIS_URL);
  try {
    const keys = await r.keys(`${prefix}:*`);
    if (keys.length > 0) await r.del(...keys);
  } finally {
    r.disconnect();
  }
}

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Runs `bantin <argv…>` in this process with the given environment. */
export async function cli(env: NodeJS.ProcessEnv, argv: string[], stdin = ""): Promise<CliResult> {
  const input = new PassThrough();
  input.end(stdin);
  const out = collect();
  const err = collect();
  const code = await run(argv, { stdin: input, stdout: out.stream, stderr: err.stream, env });
  return { code, out: out.text(), err: err.text() };
}

/** A stdout/stderr that keeps every chunk as it is written. */
function collect() {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}
