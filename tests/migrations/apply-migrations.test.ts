/**
 * The in-process migrator (prisma/migrate.ts) on the fixture migrations: fresh database,
 * `DO $$ … $$`, a failing migration rolled back whole, concurrent start-ups, ensureDatabase.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { applyMigrations, ensureDatabase } from "../../prisma/migrate.ts";
import {
  databaseExists,
  fixtureMigrationNames,
  fixtureMigrations,
  migrationsWith,
  scratchDatabase,
  sql,
  uniqueName,
  urlOf,
  type Scratch,
} from "./helpers.ts";

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
  logs: string | null;
}

const history = (database: string) =>
  sql<MigrationRow>("SELECT * FROM _prisma_migrations ORDER BY migration_name", [], database);

const tableExists = async (database: string, table: string) =>
  (await sql("SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = $1", [table], database))
    .length === 1;

describe("applyMigrations", { timeout: 60_000 }, () => {
  const cleanup: Scratch[] = [];
  afterEach(async () => {
    await Promise.all(cleanup.splice(0).map((db) => db.drop()));
  });
  async function freshDatabase() {
    const db = await scratchDatabase();
    cleanup.push(db);
    return db;
  }

  it("migrates a fresh database and records each migration as the CLI does", async () => {
    const db = await freshDatabase();
    const logged: string[] = [];

    const first = await applyMigrations({
      databaseUrl: db.url,
      migrationsDir: fixtureMigrations,
      log: (m) => logged.push(m),
    });

    expect(first.applied).toEqual(fixtureMigrationNames);
    expect(logged.join("\n")).toContain("20250101000000_init");
    expect(await tableExists(db.name, "Notice")).toBe(true);
    expect(await tableExists(db.name, "NoticeTag")).toBe(true);
    const rows = await history(db.name);
    expect(rows.map((r) => r.migration_name)).toEqual(fixtureMigrationNames);
    for (const row of rows) {
      const script = await readFile(join(fixtureMigrations, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(script).digest("hex"));
      expect(row.finished_at).not.toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
    expect(await applyMigrations({ databaseUrl: db.url, migrationsDir: fixtureMigrations })).toEqual({ applied: [] });
  });

  it("runs a migration with DO $$ … $$ blocks and semicolons inside dollar quotes", async () => {
    const db = await freshDatabase();
    await applyMigrations({ databaseUrl: db.url, migrationsDir: fixtureMigrations });

    const [fn] = await sql<{ key: string }>(`SELECT notice_title_key('  Họp DÂN ') AS key`, [], db.name);
    expect(fn?.key).toBe("họp dân");
    const index = await sql(`SELECT 1 FROM pg_indexes WHERE indexname = 'Notice_title_key_idx'`, [], db.name);
    expect(index).toHaveLength(1);
  });

  it("rolls a failing migration back whole and reports it", async () => {
    const db = await freshDatabase();
    const dir = await migrationsWith({
      "20250103000000_broken": [
        'CREATE TABLE "Partial" ("id" INTEGER PRIMARY KEY);',
        `INSERT INTO "Notice" ("title") VALUES ('left behind?');`,
        'ALTER TABLE "Notice" ADD COLUMN "title" TEXT;', // duplicate column: fails
      ].join("\n"),
    });

    await expect(applyMigrations({ databaseUrl: db.url, migrationsDir: dir })).rejects.toThrow(
      /column "title" of relation "Notice" already exists/,
    );

    expect(await tableExists(db.name, "Partial")).toBe(false);
    expect(await sql('SELECT * FROM "Notice"', [], db.name)).toEqual([]);
    const rows = await history(db.name);
    expect(rows.map((r) => [r.migration_name, r.finished_at !== null])).toEqual([
      ["20250101000000_init", true],
      ["20250102000000_notice_search", true],
      ["20250103000000_broken", false],
    ]);
    expect(rows[2]?.logs).toContain("already exists");
    // Like `migrate deploy`, a later start-up refuses until the failure is resolved (P3009).
    await expect(applyMigrations({ databaseUrl: db.url, migrationsDir: dir })).rejects.toThrow(/failed migrations/);
  });

  it("applies each migration exactly once when three start-ups race", async () => {
    const db = await freshDatabase();

    const results = await Promise.all(
      [1, 2, 3].map(() => applyMigrations({ databaseUrl: db.url, migrationsDir: fixtureMigrations })),
    );

    expect(results.flatMap((r) => r.applied).sort()).toEqual(fixtureMigrationNames);
    const rows = await history(db.name);
    expect(rows.map((r) => r.migration_name)).toEqual(fixtureMigrationNames);
    expect(rows.every((r) => r.finished_at !== null && r.rolled_back_at === null)).toBe(true);
  });

  it("applies each migration exactly once when three processes start at once", async () => {
    const db = await freshDatabase();
    const { spawn } = await import("node:child_process");
    const script = `import { applyMigrations } from ${JSON.stringify(join(import.meta.dirname, "../../prisma/migrate.ts"))};
      const r = await applyMigrations({ databaseUrl: process.argv[1], migrationsDir: process.argv[2] });
      process.stdout.write(JSON.stringify(r.applied));`;
    const runOne = () =>
      new Promise<string[]>((done, fail) => {
        const child = spawn(process.execPath, ["--input-type=module", "-e", script, db.url, fixtureMigrations]);
        let out = "";
        let err = "";
        child.stdout.on("data", (c: Buffer) => (out += c));
        child.stderr.on("data", (c: Buffer) => (err += c));
        child.on("close", (code) => (code === 0 ? done(JSON.parse(out) as string[]) : fail(new Error(err))));
      });

    const applied = await Promise.all([runOne(), runOne(), runOne()]);

    expect(applied.flat().sort()).toEqual(fixtureMigrationNames);
    expect((await history(db.name)).map((r) => r.migration_name)).toEqual(fixtureMigrationNames);
  });

  it("supports ?schema= in the URL", async () => {
    const db = await freshDatabase();
    const url = `${db.url}?schema=bantin_app`;

    expect((await applyMigrations({ databaseUrl: url, migrationsDir: fixtureMigrations })).applied).toHaveLength(2);

    const tables = await sql<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'bantin_app' ORDER BY tablename`,
      [],
      db.name,
    );
    expect(tables.map((t) => t.tablename)).toEqual(["Notice", "NoticeTag", "_prisma_migrations"]);
    expect(await tableExists(db.name, "Notice")).toBe(false); // nothing in public
  });
});

describe("ensureDatabase", { timeout: 30_000 }, () => {
  it("creates a missing database once, even when called concurrently", async () => {
    const name = uniqueName();
    try {
      const created = await Promise.all([1, 2, 3].map(() => ensureDatabase(urlOf(name))));

      expect(created.filter(Boolean)).toHaveLength(1);
      expect(await databaseExists(name)).toBe(true);
      expect(await ensureDatabase(urlOf(name))).toBe(false);
    } finally {
      await sql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });
});
