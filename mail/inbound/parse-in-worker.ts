/**
 * Parses messages in a worker thread, with a time limit and a memory cap: a message that hangs or
 * bloats the parser fails alone (its worker is ended and a fresh one takes the next message) and
 * the service keeps answering. One long-lived worker, one message at a time.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { ParsedMail, ParseOptions } from "./parse.ts";

/** The parser refused the message; `timedOut` when it ran out of time (a busy machine: worth a retry). */
export class ParseError extends Error {
  override readonly name = "ParseError";
  readonly timedOut: boolean;
  constructor(message: string, timedOut = false) {
    super(message);
    this.timedOut = timedOut;
  }
}

export interface ParseRun {
  parsed: ParsedMail;
  /** Removes the attachments' temporary files. */
  cleanup(): Promise<void>;
}

const WORKER_URL = new URL("./parse-worker.ts", import.meta.url);

type Reply =
  { id: number; ok: true; parsed: ParsedMail } | { id: number; ok: false; error: string; timedOut?: boolean };

let worker: Worker | null = null;
let seq = 0;
const waiting = new Map<number, (r: Reply) => void>();
let queue: Promise<unknown> = Promise.resolve();

function theWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(WORKER_URL, { resourceLimits: { maxOldGenerationSizeMb: 512 }, stdout: false, stderr: false });
  w.on("message", (r: Reply) => waiting.get(r.id)?.(r));
  const fail = (error: string) => {
    if (worker === w) worker = null;
    for (const [id, done] of waiting) done({ id, ok: false, error });
  };
  w.on("error", (e) => fail(e.message));
  w.on("exit", (code) => fail(`the parser stopped (exit ${code})`));
  // An idle parser must not keep the process alive (after the listeners, which ref it again).
  w.unref();
  worker = w;
  return w;
}

async function parseOnce(source: Uint8Array, opts: ParseOptions, timeoutMs: number): Promise<ParsedMail> {
  const w = theWorker();
  const id = ++seq;
  const reply = await new Promise<Reply>((resolve) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      if (worker === w) worker = null;
      void w.terminate();
      resolve({ id, ok: false, error: `parsing took longer than ${timeoutMs} ms`, timedOut: true });
    }, timeoutMs);
    waiting.set(id, (r) => {
      clearTimeout(timer);
      waiting.delete(id);
      resolve(r);
    });
    w.postMessage({ id, source, opts });
  });
  if (!reply.ok) throw new ParseError(reply.error, reply.timedOut);
  return reply.parsed;
}

/** Parses `source` off the event loop; attachments are in temporary files until `cleanup()`. */
export async function parseInWorker(
  source: Uint8Array,
  opts: Omit<ParseOptions, "tmpDir"> & { timeoutMs: number; tmpRoot?: string },
): Promise<ParseRun> {
  const tmpDir = await mkdtemp(join(opts.tmpRoot ?? tmpdir(), "bantin-mail-"));
  const cleanup = () => rm(tmpDir, { recursive: true, force: true });
  const run = queue.then(() =>
    parseOnce(source, { tmpDir, ownAddresses: opts.ownAddresses, maxAttachments: opts.maxAttachments }, opts.timeoutMs),
  );
  queue = run.catch(() => undefined);
  try {
    return { parsed: await run, cleanup };
  } catch (e) {
    await cleanup();
    throw e;
  }
}
