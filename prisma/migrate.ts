/**
 * Applies Prisma migrations in-process at start-up, through the same wasm schema engine the CLI
 * shim uses (prisma/engine/). Needs neither the Prisma CLI nor schema.prisma; writes
 * `_prisma_migrations` exactly as `prisma migrate deploy` does, so both are interchangeable.
 * Concurrent start-ups are safe: the engine holds Prisma's advisory lock while it migrates.
 */
import { fileURLToPath } from "node:url";
import pg from "pg";
import { databaseName, poolConfig, quoteIdent, schemaName, withDatabase } from "./engine/database-url.ts";
import { openEngine } from "./engine/engine.ts";
import { readMigrationsList } from "./engine/migrations-list.ts";

/** prisma/migrations next to this file. */
export const defaultMigrationsDir = fileURLToPath(new URL("./migrations", import.meta.url));

/** Creates the database named in the URL unless it exists; true if this call created it. */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const name = databaseName(databaseUrl);
  const client = new pg.Client(poolConfig(withDatabase(databaseUrl, "postgres")));
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount) return false;
    await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
    return true;
  } catch (error) {
    // Another process won the race: 42P04 duplicate_database, or 23505 on pg_database's index.
    const code = (error as { code?: string }).code;
    if (code === "42P04" || code === "23505") return false;
    throw error;
  } finally {
    await client.end();
  }
}

export interface ApplyMigrationsOptions {
  databaseUrl: string;
  /** Defaults to prisma/migrations. */
  migrationsDir?: string;
  log?: (msg: string) => void;
}

/** Applies pending migrations; returns the names of those this call applied. */
export async function applyMigrations(opts: ApplyMigrationsOptions): Promise<{ applied: string[] }> {
  const { databaseUrl, migrationsDir = defaultMigrationsDir, log } = opts;
  const migrationsList = await readMigrationsList(migrationsDir);
  const schema = schemaName(databaseUrl);
  if (schema) await createSchema(databaseUrl, schema);
  const { engine, close } = await openEngine({
    url: databaseUrl,
    log: (event) => {
      const message = (JSON.parse(event) as { fields?: { message?: string } }).fields?.message;
      if (message?.startsWith("Applying")) log?.(message);
    },
  });
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList,
      filters: { externalTables: [], externalEnums: [] },
    });
    return { applied: appliedMigrationNames };
  } finally {
    await close();
  }
}

/** A `?schema=` that does not exist yet is created, as the native engine does. */
async function createSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client(poolConfig(databaseUrl));
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
  } finally {
    await client.end();
  }
}
