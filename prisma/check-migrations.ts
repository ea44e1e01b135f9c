/**
 * CI gate (`npm run check:migrations`): schema.prisma, prisma/migrations and a database migrated
 * from them must agree. Runs the stock Prisma CLI (through the offline engine shim) against a
 * scratch database it creates and drops:
 *   1. `prisma migrate deploy`  — every migration applies on an empty database;
 *   2. `prisma migrate status`  — the history is complete, nothing failed;
 *   3. `prisma migrate diff --from-migrations … --to-schema … --exit-code` — the migrations
 *      produce what the schema describes (else: a `prisma migrate dev` was forgotten);
 *   4. `prisma migrate diff --from-config-datasource --to-schema … --exit-code` — so does the
 *      migrated database (catches hand-edited SQL that drifts from the schema).
 * Usage: tsx prisma/check-migrations.ts [--config prisma.config.ts]. Exit 0 when all agree.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { poolConfig, quoteIdent, withDatabase } from "./engine/database-url.ts";

const root = resolve(import.meta.dirname, "..");
const prismaCli = join(root, "node_modules/prisma/build/index.js");

interface Step {
  args: string[];
  /** What it means when the step fails. */
  failure: string;
}

/** Runs the stock CLI with the given environment; resolves to its exit code. */
function prisma(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [prismaCli, ...args], { env, stdio: "inherit", cwd: root });
    child.on("error", fail);
    child.on("exit", (code, signal) => done(code ?? (signal ? 128 : 1)));
  });
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client(poolConfig(withDatabase(url, "postgres")));
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Runs the gate; returns the process exit code. */
export async function checkMigrations(configPath: string): Promise<number> {
  const config = (await import(pathToFileURL(configPath).href)).default as {
    schema?: string;
    migrations?: { path?: string };
    datasource?: { url?: string };
  };
  const schema = config.schema ?? join(root, "prisma/schema.prisma");
  const migrations = config.migrations?.path ?? join(root, "prisma/migrations");
  const serverUrl = config.datasource?.url;
  if (!serverUrl) throw new Error(`${configPath} has no datasource url`);
  const scratch = `bantin_check_${randomBytes(6).toString("hex")}`;
  const scratchUrl = withDatabase(serverUrl, scratch);
  // The config re-reads DATABASE_URL in each CLI process: point it at the scratch database.
  const env = { ...process.env, DATABASE_URL: scratchUrl };
  const withConfig = (...args: string[]) => [...args, "--config", configPath];
  const steps: Step[] = [
    { args: withConfig("migrate", "deploy"), failure: "the migrations do not apply cleanly to an empty database" },
    { args: withConfig("migrate", "status"), failure: "the migration history is not complete after deploy" },
    {
      args: withConfig("migrate", "diff", "--from-migrations", migrations, "--to-schema", schema, "--exit-code"),
      failure: "schema.prisma differs from what the migrations produce: create a migration (prisma migrate dev)",
    },
    {
      args: withConfig("migrate", "diff", "--from-config-datasource", "--to-schema", schema, "--exit-code"),
      failure: "the migrated database differs from schema.prisma: a migration was edited by hand or drifted",
    },
  ];
  if (!existsSync(join(migrations, "migration_lock.toml"))) {
    console.error(`check:migrations FAILED: no migrations in ${migrations}; create them with prisma migrate dev`);
    return 1;
  }
  console.log(`check:migrations: scratch database ${scratch}`);
  await admin(serverUrl, `CREATE DATABASE ${quoteIdent(scratch)}`);
  try {
    for (const step of steps) {
      const code = await prisma(step.args, env);
      if (code !== 0) {
        // migrate diff: 2 means "there is a difference"; anything else is an error printed above.
        const why =
          code === 2 || !step.args.includes("diff") ? step.failure : "the comparison itself failed (see above)";
        console.error(`\ncheck:migrations FAILED (prisma ${step.args.slice(0, 2).join(" ")} exited ${code}): ${why}`);
        return code === 2 ? 2 : 1;
      }
    }
    console.log(`\ncheck:migrations OK: ${schema}, ${migrations} and a database migrated from them agree`);
    return 0;
  } finally {
    await admin(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdent(scratch)} WITH (FORCE)`);
  }
}

if (import.meta.main ?? process.argv[1] === import.meta.filename) {
  const { values } = parseArgs({ options: { config: { type: "string", default: join(root, "prisma.config.ts") } } });
  process.exitCode = await checkMigrations(resolve(String(values.config)));
}
