/**
 * A migration-aware driver adapter factory for the wasm schema engine, built on
 * `@prisma/adapter-pg` with the fixes migrations need (adapter-pg 7.10.1):
 *
 * 1. Catalog columns of type `"char"` (OID 18) and `name` (OID 19) are rejected by adapter-pg
 *    ("could not be deserialized", prisma/orm#27403); they are relabelled as `text`.
 * 2. adapter-pg's `executeScript` splits on `;`, which breaks `DO $$ … $$` and leaves a failed
 *    migration half applied. We send the script as one simple-protocol query, as the native
 *    engine does: PostgreSQL runs it as one implicit transaction, so a failure rolls back whole.
 * 3. adapter-pg's shadow database silently is the main database (its connection string wins over
 *    `database`) or leaks. We create `prisma_migrate_shadow_db_<uuid>` and drop it WITH (FORCE),
 *    or wipe the configured shadow database, refusing when it is the main database.
 *
 * Workaround 4 (devDiagnostic before evaluateDataLoss) lives in engine.ts.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { poolConfig, quoteIdent, sameDatabase, schemaName, withDatabase } from "./database-url.ts";

const TEXT_OID = 25;
const RELABEL_AS_TEXT = new Set([18, 19]); // "char", name

export interface MigrationAdapterOptions {
  /** The main database. */
  url: string;
  /** An existing database to wipe and use as shadow; otherwise a temporary one is created. */
  shadowDatabaseUrl?: string | undefined;
}

/** A factory the engine can use, plus `close()` to end every pool and drop leftover shadows. */
export interface MigrationAdapterFactory extends SqlMigrationAwareDriverAdapterFactory {
  close(): Promise<void>;
}

/** Builds the adapter factory handed to `SchemaEngine.new` (after `bindMigrationAwareSqlAdapterFactory`). */
export function createMigrationAdapterFactory(options: MigrationAdapterOptions): MigrationAdapterFactory {
  const { url, shadowDatabaseUrl } = options;
  const cleanups = new Set<() => Promise<void>>();

  /** An adapter on its own one-connection pool; `onDispose` runs once, on dispose or close(). */
  function open(databaseUrl: string, onDispose?: () => Promise<void>): Promise<SqlDriverAdapter> {
    const pool = new pg.Pool(poolConfig(databaseUrl));
    pool.on("connect", relabelCatalogTypes);
    pool.on("error", () => {}); // an idle connection dropped by the server: the next query reports it
    let done: Promise<void> | undefined;
    const cleanup = () => {
      done ??= pool.end().then(() => onDispose?.());
      cleanups.delete(cleanup);
      return done;
    };
    cleanups.add(cleanup);
    const schema = schemaName(databaseUrl);
    return new PrismaPg(pool, schema ? { schema } : {}).connect().then((adapter) => {
      adapter.executeScript = async (script) => {
        // No parameters, no statement name: pg uses the simple query protocol, which accepts
        // several statements and runs them as one implicit transaction.
        await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
      };
      adapter.dispose = cleanup;
      return adapter;
    });
  }

  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: () => open(url),
    async connectToShadowDb() {
      if (shadowDatabaseUrl) {
        if (sameDatabase(shadowDatabaseUrl, url)) {
          throw new Error("The shadow database URL points at the main database; refusing to wipe it");
        }
        await wipeDatabase(shadowDatabaseUrl);
        return open(shadowDatabaseUrl);
      }
      const name = `prisma_migrate_shadow_db_${randomUUID()}`;
      await adminQuery(url, `CREATE DATABASE ${quoteIdent(name)}`);
      return open(withDatabase(url, name), () =>
        adminQuery(url, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
      );
    },
    async close() {
      await Promise.all([...cleanups].map((cleanup) => cleanup()));
    },
  };
}

/** Runs one statement on a short-lived connection (CREATE/DROP DATABASE cannot share the engine's). */
async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client(poolConfig(url));
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Drops every user schema of a database and recreates the default one, as `migrate reset` would. */
async function wipeDatabase(url: string): Promise<void> {
  const client = new pg.Client(poolConfig(url));
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>(
      `SELECT nspname FROM pg_namespace
        WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'`,
    );
    const schemas = rows.map((r) => quoteIdent(r.nspname));
    const target = quoteIdent(schemaName(url) ?? "public");
    await client.query(
      (schemas.length ? `DROP SCHEMA ${schemas.join(", ")} CASCADE; ` : "") + `CREATE SCHEMA ${target}`,
    );
  } finally {
    await client.end();
  }
}

type QueryCallback = (err: Error | null, result: pg.QueryResult | pg.QueryResult[]) => void;

/** Pool 'connect' hook: rewrites the type of "char" and name result columns to text (fix 1). */
function relabelCatalogTypes(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const relabel = <T>(result: T): T => {
    for (const r of Array.isArray(result) ? result : [result]) {
      for (const field of (r as pg.QueryResult | undefined)?.fields ?? []) {
        if (RELABEL_AS_TEXT.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
      }
    }
    return result;
  };
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === "function") {
      // pg-pool's pool.query() calls client.query(config, values, callback)
      args[last] = ((err, result) => (callback as QueryCallback)(err, err ? result : relabel(result))) as QueryCallback;
      return query(...args);
    }
    const returned = query(...args);
    return returned instanceof Promise ? returned.then(relabel) : returned;
  };
}
