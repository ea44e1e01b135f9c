/**
 * The stock Prisma CLI through our engine shim, on the fixture schema and migrations:
 * deploy, status, a failing deploy, `migrate diff --exit-code`, `migrate dev --create-only`,
 * shadow database handling, and the CI gate (prisma/check-migrations.ts) failing on purpose.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { applyMigrations } from "../../prisma/migrate.ts";
import {
  databaseExists,
  fixtureConfig,
  fixtureMigrationNames,
  fixtureMigrations,
  fixtureSchema,
  migrationsWith,
  prisma,
  scratchDatabase,
  schemaWithNoticeField,
  sql,
  tsx,
  type Scratch,
} from "./helpers.ts";

describe("stock Prisma CLI through the wasm engine shim", { timeout: 120_000 }, () => {
  const cleanup: Scratch[] = [];
  afterEach(async () => {
    await Promise.all(cleanup.splice(0).map((db) => db.drop()));
  });
  async function database(opts: { create?: boolean } = {}) {
    const db = await scratchDatabase(opts);
    cleanup.push(db);
    return db;
  }

  it("reports the shim as its schema engine", async () => {
    const { code, stdout } = await prisma(["--version"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Schema Engine\s+: schema-engine-cli \w+ \(wasm\)/);
  });

  it("migrate deploy creates and migrates a fresh database; status and applyMigrations agree", async () => {
    const db = await database({ create: false });

    const deploy = await prisma(["migrate", "deploy"], { DATABASE_URL: db.url });
    expect(deploy.stdout + deploy.stderr).toContain("All migrations have been successfully applied");
    expect(deploy.code).toBe(0);
    expect(await databaseExists(db.name)).toBe(true);

    const status = await prisma(["migrate", "status"], { DATABASE_URL: db.url });
    expect(status.stdout).toContain("Database schema is up to date");
    expect(status.code).toBe(0);
    // The CLI's history is the runtime migrator's: nothing left to apply.
    expect(await applyMigrations({ databaseUrl: db.url, migrationsDir: fixtureMigrations })).toEqual({ applied: [] });
    const [fn] = await sql<{ key: string }>(`SELECT notice_title_key(' A ') AS key`, [], db.name);
    expect(fn?.key).toBe("a");
  });

  it("migrate deploy rolls a failing migration back whole and exits non-zero", async () => {
    const db = await database();
    const dir = await migrationsWith({
      "20250103000000_broken": 'CREATE TABLE "Partial" ("id" INTEGER);\nSELECT 1 / 0;',
    });

    const deploy = await prisma(["migrate", "deploy"], { DATABASE_URL: db.url, FIXTURE_MIGRATIONS: dir });
    expect(deploy.code).toBe(1);
    expect(deploy.stdout + deploy.stderr).toContain("division by zero");
    expect(await sql(`SELECT 1 FROM pg_tables WHERE tablename = 'Partial'`, [], db.name)).toEqual([]);

    const again = await prisma(["migrate", "deploy"], { DATABASE_URL: db.url, FIXTURE_MIGRATIONS: dir });
    expect(again.code).toBe(1);
    expect(again.stdout + again.stderr).toContain("P3009");
  });

  it("migrate diff --exit-code returns 2 on a difference and 0 without one", async () => {
    const db = await database();
    await applyMigrations({ databaseUrl: db.url, migrationsDir: fixtureMigrations });
    const env = { DATABASE_URL: db.url };
    const fromDb = ["migrate", "diff", "--from-config-datasource", "--to-schema", fixtureSchema, "--exit-code"];
    const fromMigrations = (schema: string) => [
      "migrate",
      "diff",
      "--from-migrations",
      fixtureMigrations,
      "--to-schema",
      schema,
      "--exit-code",
    ];

    expect((await prisma(fromDb, env)).code).toBe(0);
    expect((await prisma(fromMigrations(fixtureSchema), env)).code).toBe(0);

    // Drift in the database: a column added by hand.
    await sql('ALTER TABLE "Notice" ADD COLUMN "extra" INTEGER', [], db.name);
    const drifted = await prisma([...fromDb, "--script"], env);
    expect(drifted.code).toBe(2);
    expect(drifted.stdout).toContain('DROP COLUMN "extra"');

    // The schema ahead of the migrations: a field with no migration.
    const schema = await schemaWithNoticeField("summary String?");
    const ahead = await prisma(fromMigrations(schema), env);
    expect(ahead.code).toBe(2);
    expect(ahead.stdout).toContain("Notice");
  });

  it("migrate dev --create-only writes a new migration, using and dropping its own shadow database", async () => {
    const db = await database();
    const dir = await migrationsWith({});
    const schema = await schemaWithNoticeField("summary String?");
    const env = { DATABASE_URL: db.url, FIXTURE_MIGRATIONS: dir, FIXTURE_SCHEMA: schema };
    await prisma(["migrate", "deploy"], env);

    const dev = await prisma(["migrate", "dev", "--create-only", "--name", "add_summary"], env);
    expect(dev.stdout + dev.stderr).toContain("add_summary");
    expect(dev.code).toBe(0);

    const created = (await readdir(dir)).find((f) => f.endsWith("_add_summary"));
    expect(created).toBeDefined();
    const script = await readFile(join(dir, created!, "migration.sql"), "utf8");
    expect(script).toContain('ALTER TABLE "Notice" ADD COLUMN     "summary" TEXT');
  });

  it("uses SHADOW_DATABASE_URL when given, and refuses when it is the main database", async () => {
    const db = await database();
    const shadow = await database();
    await sql("CREATE TABLE leftover (id INT)", [], shadow.name);
    await applyMigrations({ databaseUrl: db.url, migrationsDir: fixtureMigrations });
    const diff = [
      "migrate",
      "diff",
      "--from-migrations",
      fixtureMigrations,
      "--to-schema",
      fixtureSchema,
      "--exit-code",
    ];

    const withShadow = await prisma(diff, { DATABASE_URL: db.url, SHADOW_DATABASE_URL: shadow.url });
    expect(withShadow.code).toBe(0);
    // The shadow database was wiped, then migrated.
    expect(await sql(`SELECT 1 FROM pg_tables WHERE tablename = 'leftover'`, [], shadow.name)).toEqual([]);

    const same = await prisma(diff, { DATABASE_URL: db.url, SHADOW_DATABASE_URL: db.url });
    expect(same.code).not.toBe(0);
    expect(same.stdout + same.stderr).toContain("refusing");
    expect(await sql(`SELECT 1 FROM pg_tables WHERE tablename = 'Notice'`, [], db.name)).toHaveLength(1);
  });

  it("check:migrations passes when schema, migrations and database agree, and fails when they do not", async () => {
    const gate = (env: Record<string, string> = {}) =>
      tsx(["prisma/check-migrations.ts", "--config", fixtureConfig], env);

    const ok = await gate();
    expect(ok.stdout).toContain("check:migrations OK");
    expect(ok.code).toBe(0);

    const schema = await schemaWithNoticeField("summary String?");
    const failed = await gate({ FIXTURE_SCHEMA: schema });
    expect(failed.stderr).toContain("check:migrations FAILED");
    expect(failed.stderr).toContain("schema.prisma differs from what the migrations produce");
    expect(failed.code).toBe(2);

    const broken = await migrationsWith({ "20250103000000_broken": "SELECT 1 / 0;" });
    const failedDeploy = await gate({ FIXTURE_MIGRATIONS: broken });
    expect(failedDeploy.stderr).toContain("the migrations do not apply cleanly");
    expect(failedDeploy.code).toBe(1);

    // Its scratch databases are gone.
    for (const run of [ok, failed, failedDeploy]) {
      const name = /scratch database (bantin_check_\w+)/.exec(run.stdout + run.stderr)?.[1];
      expect(name).toBeDefined();
      expect(await databaseExists(name!)).toBe(false);
    }
    expect(fixtureMigrationNames).toHaveLength(2);
  });
});
