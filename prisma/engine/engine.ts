/**
 * Opens the wasm schema engine on a PostgreSQL database. Shared by the CLI shim (main.ts) and
 * the in-process migrator (../migrate.ts).
 */
import { bindMigrationAwareSqlAdapterFactory, type ErrorRegistry } from "@prisma/driver-adapter-utils";
import { createMigrationAdapterFactory } from "./adapter.ts";
import { loadSchemaEngineWasm, type SchemaEngine } from "./wasm.ts";

export type { SchemaEngine };

export interface OpenEngineOptions {
  url: string;
  shadowDatabaseUrl?: string | undefined;
  /** `[path, content]` of each schema file; none when only migrations are handled. */
  datamodels?: [string, string][] | undefined;
  /** Receives each engine log event, as a JSON string. */
  log?: ((event: string) => void) | undefined;
}

export interface OpenedEngine {
  engine: SchemaEngine;
  /** Frees the engine, ends every pool, drops a leftover shadow database. */
  close(): Promise<void>;
}

/** Starts an engine; it connects to the database right away. */
export async function openEngine(options: OpenEngineOptions): Promise<OpenedEngine> {
  const { SchemaEngine } = await loadSchemaEngineWasm();
  const factory = createMigrationAdapterFactory(options);
  const bound = bindMigrationAwareSqlAdapterFactory(factory);
  let engine: SchemaEngine;
  try {
    engine = await SchemaEngine.new({ datamodels: options.datamodels }, (event: string) => options.log?.(event), bound);
  } catch (error) {
    await factory.close();
    throw explainExternalError(error, bound.errorRegistry);
  }
  return {
    engine: primeBeforeDataLoss(withExplainedErrors(engine, bound.errorRegistry)),
    async close() {
      engine.free();
      await factory.close();
    },
  };
}

/**
 * An error thrown by our adapter reaches the engine as "External error id#N"; the original is
 * kept in the factory's registry. Put its message back, so that e.g. a refused shadow database
 * or a connection error says what happened.
 */
function explainExternalError(error: unknown, registry: ErrorRegistry): unknown {
  if (!(error instanceof Error)) return error;
  error.message = error.message.replace(/External error id#(\d+)/g, (text, id: string) => {
    const original = registry.consumeError(Number(id))?.error;
    return original === undefined ? text : `${text}: ${errorMessage(original)}`;
  });
  return error;
}

/** Every engine method's rejection goes through explainExternalError. */
function withExplainedErrors(engine: SchemaEngine, registry: ErrorRegistry): SchemaEngine {
  const methods = engine as unknown as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(Object.getPrototypeOf(engine))) {
    const method = methods[name];
    if (name === "constructor" || typeof method !== "function") continue;
    methods[name] = (...args: unknown[]) => {
      const result: unknown = method.apply(engine, args);
      return result instanceof Promise
        ? result.catch((e: unknown) => Promise.reject(explainExternalError(e, registry)))
        : result;
    };
  }
  return engine;
}

/**
 * Workaround 4: with migrations pending, the wasm engine's `evaluateDataLoss` fails with
 * "PostgreSQL shadow DB must be provided through an external factory". A read-only
 * `devDiagnostic` first primes the engine's cache; then the retry succeeds.
 */
function primeBeforeDataLoss(engine: SchemaEngine): SchemaEngine {
  const evaluateDataLoss = engine.evaluateDataLoss.bind(engine);
  engine.evaluateDataLoss = async (input) => {
    try {
      return await evaluateDataLoss(input);
    } catch (error) {
      if (!String(errorMessage(error)).includes("shadow DB must be provided")) throw error;
      await engine.devDiagnostic({ migrationsList: input.migrationsList, filters: input.filters });
      return evaluateDataLoss(input);
    }
  };
  return engine;
}

/** The message of whatever the engine threw. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error && "message" in error) return String(error.message);
  return String(error);
}
