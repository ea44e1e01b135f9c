/**
 * Points the Prisma CLI at our wasm-based schema engine shim, unless a native `schema-engine`
 * binary is configured: PRISMA_SCHEMA_ENGINE_BINARY set to an existing file is left alone.
 * Called from prisma.config.ts (and the test fixtures' config), before the CLI needs an engine.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Path of the shim executable. */
export const shimPath = fileURLToPath(new URL("./schema-engine", import.meta.url));

/** Sets PRISMA_SCHEMA_ENGINE_BINARY to the shim when no native binary is configured. */
export function useOfflineSchemaEngine(env: NodeJS.ProcessEnv = process.env): void {
  const configured = env.PRISMA_SCHEMA_ENGINE_BINARY;
  if (configured && existsSync(resolve(configured))) return;
  env.PRISMA_SCHEMA_ENGINE_BINARY = shimPath;
}
