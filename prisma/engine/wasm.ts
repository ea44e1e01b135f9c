/**
 * Loads Prisma's schema engine compiled to WebAssembly (`@prisma/schema-engine-wasm`).
 *
 * The package's ESM entry does `import * as wasm from "./schema_engine_bg.wasm"`, which Node
 * cannot import. So we do by hand what a bundler would: read the `.wasm`, instantiate it with
 * the package's wasm-bindgen glue as its import object, and hand the instance back to the glue.
 * The glue keeps the instance in module state, so this must happen once per process.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";

export type { SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";

let loaded: Promise<typeof glue> | undefined;

/** The part of the WebAssembly global we use (tsconfig's lib has no WebAssembly types). */
interface WebAssemblyApi {
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, Record<string, unknown>>,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
  RuntimeError: abstract new (...args: never[]) => Error;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/** True for a trap of the wasm engine (a Rust panic), as opposed to an error it returned. */
export function isEnginePanic(error: unknown): boolean {
  return error instanceof wasmApi.RuntimeError;
}

/**
 * The glue reports a Rust panic's message to this global before the wasm traps (a
 * `WebAssembly.RuntimeError: unreachable`); without it the panic becomes an uncaught TypeError.
 */
const panicRegistry = {
  message: "",
  set_message(message: string) {
    this.message = message;
  },
};
const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: typeof panicRegistry };
g.PRISMA_WASM_PANIC_REGISTRY ??= panicRegistry;

/** The message of the last engine panic, to report with its RuntimeError. */
export function lastPanicMessage(): string {
  return g.PRISMA_WASM_PANIC_REGISTRY?.message ?? "";
}

/** Returns the wasm-bindgen glue module, its wasm instance initialised (once per process). */
export function loadSchemaEngineWasm(): Promise<typeof glue> {
  loaded ??= (async () => {
    const glueUrl = import.meta.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(fileURLToPath(new URL("schema_engine_bg.wasm", glueUrl)));
    const imports: Record<string, unknown> = { ...glue };
    // The engine arms a 10 s timer around each advisory-lock wait and never clears it: unref it
    // so a finished migration does not keep the process alive for 10 s.
    for (const name of Object.keys(imports).filter((n) => n.startsWith("__wbg_setTimeout_"))) {
      imports[name] = (callback: () => void, ms: number) => setTimeout(callback, ms >>> 0).unref();
    }
    const { instance } = await wasmApi.instantiate(bytes, { "./schema_engine_bg.js": imports });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return loaded;
}
