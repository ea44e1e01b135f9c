/**
 * Stands in for Prisma's native `schema-engine` binary, which the Prisma 7 CLI would otherwise
 * download from binaries.prisma.sh (unreachable here). prisma.config.ts points
 * PRISMA_SCHEMA_ENGINE_BINARY at ./schema-engine, which runs this file.
 *
 * The CLI's protocol (prisma@7.10.1 build/cli.js):
 * - argv: `[--datamodels <file>]… [--datasource <json {url, shadowDatabaseUrl}>]
 *   [--enabled-preview-features a,b] [--extension-types <json>]`; or `--version`; or
 *   `--datasource <json> cli can-connect-to-database|create-database`.
 * - stdin: one JSON-RPC request per line; stdout: one response per line. A `print` request
 *   from us is printed by the CLI. Method names and params are the wasm SchemaEngine's own.
 * - stderr: JSON log lines `{timestamp, level, fields: {message}, target}`; for `cli …`
 *   commands the CLI skips the first line and reads `fields.error_code` from an ERROR line.
 */
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import pg from "pg";
import { ensureDatabase } from "../migrate.ts";
import { poolConfig } from "./database-url.ts";
import { errorMessage, openEngine, type OpenedEngine, type SchemaEngine } from "./engine.ts";
import { isEnginePanic, lastPanicMessage, loadSchemaEngineWasm } from "./wasm.ts";

interface Datasource {
  url?: string;
  shadowDatabaseUrl?: string;
}

interface RpcRequest {
  id: number;
  method: string;
  params?: Record<string, unknown>;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  strict: false,
  options: {
    datamodels: { type: "string", multiple: true },
    datasource: { type: "string" },
    "enabled-preview-features": { type: "string" },
    "extension-types": { type: "string" },
    version: { type: "boolean" },
  },
});
const datasource = JSON.parse(String(values.datasource ?? "{}")) as Datasource;

/** One JSON log line on stderr, shaped like the native engine's tracing output. */
function log(level: "INFO" | "WARN" | "ERROR", fields: Record<string, unknown>): void {
  const line = { timestamp: new Date().toISOString(), level, fields, target: "schema_engine::logger" };
  process.stderr.write(JSON.stringify(line) + "\n");
}

/** pg error → the P1xxx code the CLI understands (P1003 makes `migrate deploy` create the db). */
function connectionErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: string }).code;
  if (code === "3D000") return "P1003";
  if (code === "28P01" || code === "28000") return "P1000";
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "ETIMEDOUT") return "P1001";
  return undefined;
}

/** `schema-engine cli <command>`: one-shot commands run before the RPC session. */
async function runCliCommand(command: string | undefined): Promise<number> {
  const url = datasource.url;
  log("INFO", { message: `Starting schema engine CLI (wasm shim): ${command}` });
  try {
    if (!url) throw new Error("No datasource URL was given");
    if (command === "can-connect-to-database") {
      const client = new pg.Client(poolConfig(url));
      await client.connect();
      await client.end();
    } else if (command === "create-database") {
      await ensureDatabase(url);
    } else {
      throw new Error(`Unknown cli command: ${command}`);
    }
    return 0;
  } catch (error) {
    const code = connectionErrorCode(error);
    log("ERROR", { message: errorMessage(error), ...(code ? { error_code: code } : {}) });
    return 1;
  }
}

let opened: Promise<OpenedEngine> | undefined;

/** The engine is started on the first request: it connects to the database at once. */
async function engine(): Promise<OpenedEngine["engine"]> {
  if (!datasource.url) throw new Error("The schema engine needs a datasource URL (prisma.config.ts)");
  const datamodels = await Promise.all(
    ((values.datamodels ?? []) as string[]).map(
      async (file) => [file, await readFile(file, "utf8")] as [string, string],
    ),
  );
  opened ??= openEngine({
    url: datasource.url,
    shadowDatabaseUrl: datasource.shadowDatabaseUrl,
    datamodels: datamodels.length ? datamodels : undefined, // [] makes the wasm engine panic
    log: (event) => forwardEngineLog(event),
  });
  return (await opened).engine;
}

function forwardEngineLog(event: string): void {
  try {
    const parsed = JSON.parse(event) as Record<string, unknown>;
    process.stderr.write(JSON.stringify({ timestamp: new Date().toISOString(), ...parsed }) + "\n");
  } catch {
    log("INFO", { message: event.trim() });
  }
}

/** Executes one RPC method; methods the wasm engine lacks are done with pg directly. */
async function dispatch(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
  switch (method) {
    case "getDatabaseVersion":
      return (await engine()).version();
    case "createDatabase": {
      const url = datasource.url;
      if (!url) throw new Error("No datasource URL was given");
      await ensureDatabase(url);
      return { databaseName: new URL(url).pathname.slice(1) };
    }
    case "dbExecute": {
      const target = params.datasourceType as { tag: string; url?: string };
      const url = target.tag === "url" ? target.url : datasource.url;
      if (!url) throw new Error("No datasource URL was given");
      const client = new pg.Client(poolConfig(url));
      await client.connect();
      try {
        await client.query(String(params.script)); // simple protocol: the whole script, one transaction
      } finally {
        await client.end();
      }
      return {};
    }
    case "diff": {
      // The native engine prints the diff through the CLI (a `print` request), which also
      // honours `--output`; the CLI ignores a returned `stdout`.
      const result = await (await engine()).diff(params as unknown as Parameters<SchemaEngine["diff"]>[0]);
      if (result.stdout !== null) await printViaCli(result.stdout);
      return { ...result, stdout: null };
    }
    case "applyMigrations":
    case "createMigration":
    case "devDiagnostic":
    case "diagnoseMigrationHistory":
    case "ensureConnectionValidity":
    case "evaluateDataLoss":
    case "introspect":
    case "introspectSql":
    case "markMigrationApplied":
    case "markMigrationRolledBack":
    case "reset":
    case "schemaPush": {
      const e = (await engine()) as unknown as Record<string, (p: unknown) => Promise<unknown>>;
      const result = await e[method]!.call(e, params);
      return result ?? {};
    }
    case "debugPanic":
      (await engine()).debugPanic();
      return {};
    default:
      throw new Error(`The wasm schema engine shim does not implement \`${method}\``);
  }
}

/** Error payload shaped like the native engine's, so the CLI prints its P30xx codes. */
function rpcError(error: unknown, panic = false) {
  const isPanic = panic || isEnginePanic(error);
  const errorCode = (error as { code?: unknown }).code;
  const message = isPanic ? `${lastPanicMessage()}\n${errorMessage(error)}` : errorMessage(error);
  if (isPanic) log("ERROR", { message, is_panic: true });
  return {
    code: 4466,
    message: "An error happened. Check the data field for details.",
    data: {
      is_panic: isPanic,
      message,
      ...(typeof errorCode === "string" && /^P\d{4}$/.test(errorCode) ? { error_code: errorCode } : {}),
    },
  };
}

const printAcks = new Map<number, () => void>();
let nextPrintId = 1;

/** Asks the CLI to print `content` on its stdout; resolves on its acknowledgement. */
function printViaCli(content: string): Promise<void> {
  const id = nextPrintId++;
  const line = { jsonrpc: "2.0", id, method: "print", params: { content: content.replace(/\n$/, "") } };
  process.stdout.write(JSON.stringify(line) + "\n"); // the CLI adds the final newline
  return new Promise((resolve) => printAcks.set(id, resolve));
}

async function serve(): Promise<void> {
  let queue = Promise.resolve();
  let current: number | undefined;
  // A Rust panic inside a callback surfaces as an uncaught RuntimeError, not a rejection:
  // answer the request in flight as a panic (the CLI then fails loudly) and exit like the native engine.
  process.on("uncaughtException", (error) => {
    process.stdout.write(JSON.stringify({ jsonrpc: "2.0", id: current, error: rpcError(error, true) }) + "\n");
    process.exit(101);
  });
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on("line", (line) => {
    if (!line.trim()) return;
    const message = JSON.parse(line) as RpcRequest & { result?: unknown };
    if (message.method === undefined) {
      printAcks.get(message.id)?.(); // the CLI's acknowledgement of a `print`
      printAcks.delete(message.id);
      return;
    }
    queue = queue.then(async () => {
      current = message.id;
      let response;
      try {
        response = { jsonrpc: "2.0", id: message.id, result: await dispatch(message.method, message.params) };
      } catch (error) {
        response = { jsonrpc: "2.0", id: message.id, error: rpcError(error) };
      }
      process.stdout.write(JSON.stringify(response) + "\n");
    });
  });
  // The CLI closes our stdin when done and, on Linux, sends SIGTERM right after: either way,
  // finish the request in flight, free the engine and end the pools (dropping a temporary
  // shadow database), then exit.
  let stopping: Promise<void> | undefined;
  const shutdown = () =>
    (stopping ??= queue.then(async () => (opened ? (await opened).close() : undefined)).finally(() => process.exit(0)));
  process.on("SIGTERM", shutdown);
  lines.once("close", shutdown);
}

if (values.version) {
  const { version } = await loadSchemaEngineWasm();
  process.stdout.write(`schema-engine-cli ${version()} (wasm)\n`);
} else if (positionals[0] === "cli") {
  process.exitCode = await runCliCommand(positionals[1]);
} else {
  await serve();
}
