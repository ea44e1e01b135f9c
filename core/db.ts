/**
 * The only door to the database: Prisma for the domain's reads and writes, and — on the same
 * connection pool — plain SQL (`db.sql`) for the pipeline's hot path, where one statement does
 * what would otherwise take an interactive transaction of several.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { Prisma, PrismaClient } from "../generated/prisma/client.ts";

export { Prisma };
/** The Prisma client, with the pool it runs on for plain SQL. */
export type Db = PrismaClient & { readonly sql: pg.Pool };
/** A client inside a transaction; use cases take it to compose one transaction. */
export type Tx = Prisma.TransactionClient;

export interface DbOptions {
  /** Pool size; the pg default (10) suits one process. */
  max?: number;
}

/** Connects lazily: nothing touches the network until the first query. */
export function createDb(databaseUrl: string, opts: DbOptions = {}): Db {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: opts.max ?? 10,
    // pg waits forever for a pooled connection by default; fail instead, so a job retries.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
  });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  return Object.assign(prisma, { sql: pool });
}

/** True for a unique-constraint violation, from Prisma (P2002) or from plain SQL (23505). */
export function isUniqueViolation(e: unknown): boolean {
  if (e instanceof Prisma.PrismaClientKnownRequestError) return e.code === "P2002";
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "23505";
}

/**
 * A named statement for `db.sql`: PostgreSQL parses and plans it once per connection instead
 * of at every call — it matters for the pipeline's larger statements, run for every item.
 */
export function prepared(
  name: string,
  text: string,
  values: unknown[],
): { name: string; text: string; values: unknown[] } {
  return { name, text, values };
}
