/** The worker thread that parses one message (see `parse-in-worker.ts`); posts the result or the error. */
import { parentPort, workerData } from "node:worker_threads";
import { parseMail, type ParseOptions } from "./parse.ts";

const { source, opts } = workerData as { source: Uint8Array; opts: ParseOptions };
parseMail(source, opts).then(
  (parsed) => parentPort?.postMessage({ ok: true, parsed }),
  (e: unknown) => parentPort?.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) }),
);
