/**
 * Small helpers over PostgreSQL connection URLs (`postgresql://user@host:port/db?schema=x`).
 * `schema` is Prisma's own parameter; `pg` ignores it, so it is turned into a search_path here.
 */
import type { PoolConfig } from "pg";

/** The database named in the URL's path. */
export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  if (!name) throw new Error("The database URL names no database");
  return name;
}

/** The same server and credentials, another database (the schema parameter dropped). */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = "/" + encodeURIComponent(database);
  u.searchParams.delete("schema");
  return u.toString();
}

/** The `?schema=` parameter, if any. */
export function schemaName(url: string): string | undefined {
  return new URL(url).searchParams.get("schema") ?? undefined;
}

/** True when both URLs point at the same database on the same server. */
export function sameDatabase(a: string, b: string): boolean {
  const key = (url: string) => {
    const u = new URL(url);
    return [u.hostname || "localhost", u.port || "5432", databaseName(url)].join("|");
  };
  return key(a) === key(b);
}

/** `pg` pool settings for a Prisma URL: one connection, so session advisory locks hold. */
export function poolConfig(url: string): PoolConfig {
  const u = new URL(url);
  const schema = u.searchParams.get("schema");
  u.searchParams.delete("schema");
  return {
    connectionString: u.toString(),
    // The engine takes a session-level advisory lock and releases it later: both statements
    // must reach the same backend, as with the native engine's single connection.
    max: 1,
    idleTimeoutMillis: 0,
    connectionTimeoutMillis: 10_000,
    ...(schema ? { options: `-c search_path="${schema.replaceAll('"', '""')}"` } : {}),
  };
}

/** Double-quotes an SQL identifier. */
export function quoteIdent(name: string): string {
  return '"' + name.replaceAll('"', '""') + '"';
}
