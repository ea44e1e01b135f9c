/**
 * The page cache's change listener against the real PostgreSQL: a committed change clears the
 * cache, a rolled-back one does not; when its connection is killed the cache turns itself off,
 * and back on (empty) once the listener has reconnected.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../core/logger.ts";
import { listenForChanges, PageCache, type ChangeListener } from "../../web/site/cache.ts";
import { rendered } from "../../web/site/respond.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { waitFor } from "../support/wait.ts";

let database: TestDatabase;
let other: pg.Client;
let listener: ChangeListener;
const cache = new PageCache();

beforeAll(async () => {
  database = await createTestDatabase();
  other = new pg.Client({ connectionString: database.url });
  await other.connect();
  listener = listenForChanges(database.url, cache, createLogger({ level: "silent" }), { heartbeatMs: 200 });
  await listener.ready;
});

afterAll(async () => {
  await listener?.close();
  await other?.end();
  await database?.drop();
});

const fill = () => cache.getOrRender("/", async () => rendered("<p>trang</p>"));
const fieldChange = () => other.query(`UPDATE "Field" SET description = description WHERE code = 'khac'`);

describe("the page cache's change listener", () => {
  it("keeps pages until a change commits in another connection, and only then", async () => {
    // Statement triggers fire even when no row matches: every UPDATE below is a change.
    await waitFor(() => cache.live, { what: "cache live" });
    await fill();
    expect(cache.size).toBe(1);
    await other.query("BEGIN");
    await fieldChange();
    await other.query("ROLLBACK");
    await other.query("SELECT 1"); // a round trip after the rollback: any notification would have come
    expect(cache.size).toBe(1);
    await fieldChange();
    await waitFor(() => cache.size === 0, { what: "cache cleared by NOTIFY" });
  });

  it("turns itself off when its connection dies, and on again after reconnecting", async () => {
    await fill();
    expect(cache.size).toBe(1);
    await other.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND query ILIKE 'LISTEN%'`,
    );
    await waitFor(() => !cache.live, { what: "cache off" });
    expect(cache.size).toBe(0);
    expect(await cache.getOrRender("/", async () => rendered("<p>mới</p>")).then(() => cache.size)).toBe(0);
    await waitFor(() => cache.live, { what: "cache on again", timeoutMs: 30_000 });
    await fieldChange();
    await fill();
    await fieldChange();
    await waitFor(() => cache.size === 0, { what: "NOTIFY heard after reconnecting" });
  });
});
