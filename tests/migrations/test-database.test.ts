/** tests/support/database.ts: fresh migrated databases, copied from a per-hash template. */
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, migrationsHash, type TestDatabase } from "../support/database.ts";
import { databaseExists, fixtureMigrationNames, fixtureMigrations, sql } from "./helpers.ts";

describe("createTestDatabase", { timeout: 60_000 }, () => {
  const created: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(created.map((db) => db.drop()));
  });

  it("gives each caller its own migrated database, built from one template", async () => {
    const dbs = await Promise.all([1, 2, 3].map(() => createTestDatabase({ migrationsDir: fixtureMigrations })));
    created.push(...dbs);

    expect(new Set(dbs.map((db) => db.name)).size).toBe(3);
    for (const db of dbs) {
      const rows = await sql<{ migration_name: string }>(
        "SELECT migration_name FROM _prisma_migrations ORDER BY 1",
        [],
        db.name,
      );
      expect(rows.map((r) => r.migration_name)).toEqual(fixtureMigrationNames);
    }
    await sql(`INSERT INTO "Notice" ("title") VALUES ('only here')`, [], dbs[0]!.name);
    expect(await sql('SELECT * FROM "Notice"', [], dbs[1]!.name)).toEqual([]);
    expect(await databaseExists(`bantin_tpl_${await migrationsHash(fixtureMigrations)}`)).toBe(true);
  });

  it("drop() removes the database", async () => {
    const db = await createTestDatabase({ migrationsDir: fixtureMigrations });
    await db.drop();
    expect(await databaseExists(db.name)).toBe(false);
  });
});
