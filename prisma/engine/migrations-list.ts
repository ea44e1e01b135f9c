/**
 * Reads a migrations folder into the engine's `MigrationList`, exactly as the Prisma CLI does
 * (prisma@7.10.1 build/cli.js): every sub-folder is a migration whose `migration.sql` is read,
 * sorted by name; `migration_lock.toml` is passed along.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { MigrationList } from "@prisma/schema-engine-wasm/schema_engine_bg";

/** The migrations under `dir`, ready for `applyMigrations`/`diagnoseMigrationHistory`/`diff`. */
export async function readMigrationsList(dir: string, shadowDbInitScript = ""): Promise<MigrationList> {
  const baseDir = resolve(dir);
  const lockfile = {
    path: "migration_lock.toml",
    content: await readFile(join(baseDir, "migration_lock.toml"), "utf8").catch(() => null),
  };
  const entries = await readdir(baseDir, { withFileTypes: true }).catch(() => []);
  const migrationDirectories = await Promise.all(
    entries
      .filter((entry) => entry.isDirectory())
      .map(async (entry) => ({
        path: entry.name,
        migrationFile: {
          path: "migration.sql",
          content: await readFile(join(baseDir, entry.name, "migration.sql"), "utf8").then(
            (value) => ({ tag: "ok" as const, value }),
            (error: Error) => ({ tag: "error" as const, value: error.message }),
          ),
        },
      })),
  );
  migrationDirectories.sort((a, b) => a.path.localeCompare(b.path));
  return { baseDir, lockfile, migrationDirectories, shadowDbInitScript };
}
