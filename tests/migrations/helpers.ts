/**
 * Helpers for the migration tests: unique scratch databases, the stock Prisma CLI run on the
 * fixture config, and copies of the fixture migrations with extra ones added.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cp, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";

export const root = resolve(import.meta.dirname, "../..");
export const fixtures = join(import.meta.dirname, "fixtures");
export const fixtureConfig = join(fixtures, "prisma.config.ts");
export const fixtureSchema = join(fixtures, "schema.prisma");
export const fixtureMigrations = join(fixtures, "migrations");
export const fixtureMigrationNames = ["20250101000000_init", "20250102000000_notice_search"];

const adminUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** A unique database name; nothing is created. */
export function uniqueName(prefix = "bantin_mig"): string {
  return `${prefix}_${randomBytes(6).toString("hex")}`;
}

export function urlOf(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs SQL on the maintenance database (or on `database`) and returns the rows. */
export async function sql<T extends pg.QueryResultRow = pg.QueryResultRow>(
  text: string,
  params: unknown[] = [],
  database?: string,
): Promise<T[]> {
  const client = new pg.Client({ connectionString: database ? urlOf(database) : adminUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

export interface Scratch {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A new empty database (or only a reserved name, with `create: false`); drop() is idempotent. */
export async function scratchDatabase(opts: { create?: boolean } = {}): Promise<Scratch> {
  const name = uniqueName();
  if (opts.create !== false) await sql(`CREATE DATABASE "${name}"`);
  return { name, url: urlOf(name), drop: () => sql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => {}) };
}

export async function databaseExists(name: string): Promise<boolean> {
  return (await sql("SELECT 1 FROM pg_database WHERE datname = $1", [name])).length === 1;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The stock Prisma CLI (node_modules/prisma) on the fixture config, through the engine shim. */
export function prisma(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return run([join(root, "node_modules/prisma/build/index.js"), ...args, "--config", fixtureConfig], env);
}

/** `tsx <script> …args` with this Node, capturing output. */
export function tsx(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return run([join(root, "node_modules/tsx/dist/cli.mjs"), ...args], env);
}

function run(argv: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, argv, {
      cwd: root,
      env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
    child.on("error", fail);
    child.on("close", (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

/** A temporary copy of the fixture migrations plus `extra` migrations (folder name → SQL). */
export async function migrationsWith(extra: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "bantin-migrations-"));
  await cp(fixtureMigrations, dir, { recursive: true });
  for (const [folder, script] of Object.entries(extra)) {
    await mkdir(join(dir, folder));
    await writeFile(join(dir, folder, "migration.sql"), script);
  }
  return dir;
}

/** A temporary copy of the fixture schema with `model Notice` given an extra line. */
export async function schemaWithNoticeField(line: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "bantin-schema-"));
  const schema = (await readFile(fixtureSchema, "utf8")).replace("model Notice {", `model Notice {\n  ${line}`);
  const path = join(dir, "schema.prisma");
  await writeFile(path, schema);
  return path;
}
