/**
 * Parses a message in a worker thread of its own, with a time limit and a memory cap: a message
 * that hangs or bloats the parser fails alone and the service keeps answering.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { ParsedMail, ParseOptions } from "./parse.ts";

export class ParseError extends Error {
  override readonly name = "ParseError";
}

export interface ParseRun {
  parsed: ParsedMail;
  /** Removes the attachments' temporary files. */
  cleanup(): Promise<void>;
}

const WORKER_URL = new URL("./parse-worker.ts", import.meta.url);

/** Parses `source` off the event loop; attachments are in temporary files until `cleanup()`. */
export async function parseInWorker(
  source: Uint8Array,
  opts: Omit<ParseOptions, "tmpDir"> & { timeoutMs: number; tmpRoot?: string },
): Promise<ParseRun> {
  const tmpDir = await mkdtemp(join(opts.tmpRoot ?? tmpdir(), "bantin-mail-"));
  const cleanup = () => rm(tmpDir, { recursive: true, force: true });
  try {
    const parsed = await new Promise<ParsedMail>((resolve, reject) => {
      const worker = new Worker(WORKER_URL, {
        workerData: {
          source,
          opts: { tmpDir, ownAddresses: opts.ownAddresses, maxAttachments: opts.maxAttachments },
        },
        resourceLimits: { maxOldGenerationSizeMb: 512 },
        stdout: false,
        stderr: false,
      });
      const timer = setTimeout(() => {
        void worker.terminate();
        reject(new ParseError(`parsing took longer than ${opts.timeoutMs} ms`));
      }, opts.timeoutMs);
      worker.once("message", (m: { ok: true; parsed: ParsedMail } | { ok: false; error: string }) => {
        clearTimeout(timer);
        void worker.terminate();
        if (m.ok) resolve(m.parsed);
        else reject(new ParseError(m.error));
      });
      worker.once("error", (e) => {
        clearTimeout(timer);
        reject(new ParseError(e.message));
      });
      worker.once("exit", (code) => {
        clearTimeout(timer);
        reject(new ParseError(`the parser stopped (exit ${code})`));
      });
    });
    return { parsed, cleanup };
  } catch (e) {
    await cleanup();
    throw e;
  }
}
