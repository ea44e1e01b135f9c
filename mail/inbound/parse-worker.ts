/** The worker thread that parses messages (see `parse-in-worker.ts`), one at a time, answering each by id. */
import { parentPort } from "node:worker_threads";
import { parseMail, type ParseOptions } from "./parse.ts";

parentPort?.on("message", (m: { id: number; source: Uint8Array; opts: ParseOptions }) => {
  parseMail(m.source, m.opts).then(
    (parsed) => parentPort?.postMessage({ id: m.id, ok: true, parsed }),
    (e: unknown) => parentPort?.postMessage({ id: m.id, ok: false, error: e instanceof Error ? e.message : String(e) }),
  );
});
