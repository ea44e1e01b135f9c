/**
 * Prisma CLI configuration. Prisma 7 downloads its native schema engine for every migrate/db
 * command, which this project's machines cannot do: unless a native binary is configured, the
 * CLI runs our wasm-based shim (prisma/engine/). See docs/decisions/0001-prisma-offline-migrations.md.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { defineConfig } from "prisma/config";
import { useOfflineSchemaEngine } from "./prisma/engine/offline.ts";

const root = import.meta.dirname;

// The CLI no longer reads .env itself; do it without a dotenv dependency.
if (existsSync(join(root, ".env"))) process.loadEnvFile(join(root, ".env"));

useOfflineSchemaEngine();

export default defineConfig({
  schema: join(root, "prisma/schema.prisma"),
  migrations: { path: join(root, "prisma/migrations") },
  datasource: {
    url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/bantin",
    ...(process.env.SHADOW_DATABASE_URL ? { shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL } : {}),
  },
});
