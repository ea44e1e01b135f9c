/**
 * Fresh PostgreSQL databases for integration tests, with the project's migrations applied.
 *
 * Migrating takes a second or more; copying a database takes milliseconds. So the migrations are
 * applied once per distinct content to a template database, `bantin_tpl_<sha256 prefix>`, and
 * each test gets `CREATE DATABASE … TEMPLATE`. Test processes racing to build the same template
 * serialise on an advisory lock; a template left half-built by a crash is rebuilt.
 */
import { createHash, randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import pg from "pg";
import { quoteIdent, withDatabase } from "../../prisma/engine/database-url.ts";
import { applyMigrations, defaultMigrationsDir } from "../../prisma/migrate.ts";

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

const baseUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const COMPLETE = "bantin test template: migrations applied";
const LOCK_NAMESPACE = 0x62616e74; // "bant": keeps our advisory lock keys apart from Prisma's
const templates = new Map<string, Promise<string>>();

/** A new database with the migrations of `migrationsDir` (default prisma/migrations) applied. */
export async function createTestDatabase(opts: { migrationsDir?: string } = {}): Promise<TestDatabase> {
  const migrationsDir = opts.migrationsDir ?? defaultMigrationsDir;
  const hash = await migrationsHash(migrationsDir);
  let template = templates.get(hash);
  if (!template) {
    template = ensureTemplate(`bantin_tpl_${hash}`, migrationsDir);
    templates.set(hash, template);
    template.catch(() => templates.delete(hash));
  }
  const source = await template;
  const name = `bantin_test_${randomBytes(6).toString("hex")}`;
  await admin((c) => c.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(source)}`));
  return {
    url: withDatabase(baseUrl, name),
    name,
    drop: async () => {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
    },
  };
}

/** First 12 hex digits of the sha256 over every migration's folder name and migration.sql. */
export async function migrationsHash(migrationsDir: string): Promise<string> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch(() => []);
  const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name);
  const hash = createHash("sha256");
  for (const folder of folders.sort()) {
    const sql = await readFile(join(migrationsDir, folder, "migration.sql"), "utf8").catch(() => "");
    hash.update(`${folder}\0${sql}\0`);
  }
  return hash.digest("hex").slice(0, 12);
}

/** Builds the template unless a complete one exists; returns its name. */
async function ensureTemplate(template: string, migrationsDir: string): Promise<string> {
  return admin(async (client) => {
    const key = Number.parseInt(template.slice(-8), 16) | 0;
    await client.query("SELECT pg_advisory_lock($1, $2)", [LOCK_NAMESPACE, key]);
    try {
      const { rows } = await client.query<{ comment: string | null }>(
        `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
        [template],
      );
      if (rows[0]?.comment === COMPLETE) return template;
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(template)} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${quoteIdent(template)}`);
      await applyMigrations({ databaseUrl: withDatabase(baseUrl, template), migrationsDir });
      await client.query(`COMMENT ON DATABASE ${quoteIdent(template)} IS '${COMPLETE}'`);
      return template;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1, $2)", [LOCK_NAMESPACE, key]);
    }
  });
}

/** Runs `work` on a connection to the maintenance database. */
async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
