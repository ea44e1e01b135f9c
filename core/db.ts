/**
 * The only door to the database. Nothing else constructs a PrismaClient.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { Prisma, PrismaClient } from "../generated/prisma/client.ts";

export { Prisma };
export type Db = PrismaClient;
/** A client inside a transaction; use cases take it to compose one transaction. */
export type Tx = Prisma.TransactionClient;

export interface DbOptions {
  /** Pool size; the pg default (10) suits one process. */
  max?: number;
}

/** Connects lazily: nothing touches the network until the first query. */
export function createDb(databaseUrl: string, opts: DbOptions = {}): Db {
  const adapter = new PrismaPg({
    connectionString: databaseUrl,
    max: opts.max ?? 10,
    // pg waits forever for a pooled connection by default; fail instead, so a job retries.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
  });
  return new PrismaClient({ adapter });
}

/** True for a unique-constraint violation (P2002); adapters no longer name the constraint reliably. */
export function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";
}
