/**
 * The attachment store: every file that comes with a message, kept on disk under
 * `DATA_DIR/attachments/<aa>/<bb>/<sha256>`, named by its content. Storing the same bytes twice
 * keeps one file; a file is written to a temporary name, synced and renamed into place, so a
 * crash leaves either no file or the whole file, never half of one.
 *
 * The declared type (a MIME header, Telegram's mime_type, Zalo's) is a claim, not a fact: the
 * stored type is read from the content itself, and a claim the content contradicts is reported.
 */
import { createHash, randomBytes } from "node:crypto";
import { constants, createReadStream, type ReadStream } from "node:fs";
import { access, mkdir, open, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileTypeFromFile } from "file-type";
import { PermanentError } from "../errors.ts";

export interface StoredAttachment {
  sha256: string;
  size: number;
  /** The type read from the content; `text/plain` or `application/octet-stream` when it has no signature. */
  contentType: string;
  /** What the sender's software said it was, as given (null when it said nothing useful). */
  declaredType: string | null;
  /** The declared type (or the name's extension) names a different kind of file than the content is. */
  typeMismatch: boolean;
}

export interface StoreOptions {
  /** Larger files are refused with `AttachmentTooLargeError`; nothing is kept. */
  maxBytes: number;
  declaredType?: string | null;
  originalName?: string | null;
}

/** The file is larger than the store accepts: tell the sender, keep the message, do not retry. */
export class AttachmentTooLargeError extends PermanentError {
  constructor(readonly maxBytes: number) {
    super(`attachment larger than ${maxBytes} bytes`);
  }
}

const SHA256 = /^[0-9a-f]{64}$/;

/** Where the file with this sha256 lives (whether or not it is there). */
export function attachmentPath(dataDir: string, sha256: string): string {
  if (!SHA256.test(sha256)) throw new Error("not a sha256 hex digest");
  return join(dataDir, "attachments", sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/** True when the store holds this file. */
export async function hasAttachment(dataDir: string, sha256: string): Promise<boolean> {
  return access(attachmentPath(dataDir, sha256), constants.R_OK).then(
    () => true,
    () => false,
  );
}

/** A stream of the stored file; fails with ENOENT when the store does not hold it. */
export function openAttachment(dataDir: string, sha256: string): ReadStream {
  return createReadStream(attachmentPath(dataDir, sha256));
}

/**
 * Stores bytes from a buffer or a stream (a download, a MIME part) without holding them in memory.
 * Stops reading as soon as `maxBytes` is passed.
 */
export async function storeAttachment(
  dataDir: string,
  source: Uint8Array | AsyncIterable<Uint8Array>,
  opts: StoreOptions,
): Promise<StoredAttachment> {
  const tmpDir = join(dataDir, "attachments", "tmp");
  await mkdir(tmpDir, { recursive: true });
  const tmp = join(tmpDir, `${Date.now()}-${randomBytes(6).toString("hex")}`);
  const hash = createHash("sha256");
  let size = 0;
  const file = await open(tmp, "wx");
  try {
    try {
      for await (const chunk of source instanceof Uint8Array ? [source] : source) {
        size += chunk.byteLength;
        if (size > opts.maxBytes) throw new AttachmentTooLargeError(opts.maxBytes);
        hash.update(chunk);
        await file.write(chunk);
      }
      await file.sync();
    } finally {
      await file.close();
    }
    const sha256 = hash.digest("hex");
    const { contentType, typeMismatch } = await sniff(tmp, opts);
    const target = attachmentPath(dataDir, sha256);
    await mkdir(join(target, ".."), { recursive: true });
    // Same content already stored: rename replaces it with identical bytes, atomically.
    await rename(tmp, target);
    return { sha256, size, contentType, declaredType: declared(opts.declaredType), typeMismatch };
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** Generic claims that say nothing about the content. */
const NO_CLAIM = new Set(["application/octet-stream", "binary/octet-stream", "application/unknown"]);

function declared(type: string | null | undefined): string | null {
  const t = type?.split(";")[0]?.trim().toLowerCase();
  return t && !NO_CLAIM.has(t) ? t : null;
}

/** Extensions of formats without a signature that are fine as text. */
const TEXT_EXTENSIONS = new Set(["txt", "csv", "tsv", "md", "log", "vcf", "ics", "json", "xml"]);

async function sniff(path: string, opts: StoreOptions): Promise<{ contentType: string; typeMismatch: boolean }> {
  const claim = declared(opts.declaredType);
  const ext = opts.originalName?.toLowerCase().match(/\.([a-z0-9]{1,8})$/)?.[1] ?? null;
  const detected = await fileTypeFromFile(path).catch(() => undefined);
  if (detected) {
    const claimOk = !claim || sameKind(claim, detected.mime);
    const extOk = !ext || ext === detected.ext || sameKind(extensionFamily(ext), detected.mime);
    return { contentType: detected.mime, typeMismatch: !claimOk || !extOk };
  }
  // No binary signature: text, or something we cannot vouch for.
  const text = await looksLikeText(path);
  const claimsBinary =
    (claim !== null && !claim.startsWith("text/") && !claim.endsWith("json") && !claim.endsWith("xml")) ||
    (ext !== null && !TEXT_EXTENSIONS.has(ext) && ext !== "html" && ext !== "htm");
  return { contentType: text ? "text/plain" : "application/octet-stream", typeMismatch: claimsBinary };
}

/** Two MIME types name the same kind of file: equal, or both images/audio/video, or both Office/zip. */
function sameKind(a: string, b: string): boolean {
  if (a === b) return true;
  const family = (t: string) => {
    if (/^(image|audio|video)\//.test(t)) return t.split("/")[0];
    if (/zip|officedocument|opendocument|msword|ms-excel|ms-powerpoint|x-cfb/.test(t)) return "office";
    return t;
  };
  return family(a) === family(b);
}

function extensionFamily(ext: string): string {
  if (/^(jpe?g|png|gif|webp|heic|heif|bmp|tiff?|avif)$/.test(ext)) return "image/*";
  if (/^(mp3|m4a|ogg|oga|opus|wav|aac|amr)$/.test(ext)) return "audio/*";
  if (/^(mp4|mov|3gp|webm|mkv|avi)$/.test(ext)) return "video/*";
  if (/^(docx?|xlsx?|pptx?|odt|ods|odp|zip)$/.test(ext)) return "application/zip";
  if (ext === "pdf") return "application/pdf";
  return `application/x-${ext}`;
}

/** UTF-8 (or plain ASCII) without NUL bytes in the first 64 KiB. */
async function looksLikeText(path: string): Promise<boolean> {
  const file = await open(path, "r");
  try {
    const buf = Buffer.alloc(65_536);
    const { bytesRead } = await file.read(buf, 0, buf.length, 0);
    const head = buf.subarray(0, bytesRead);
    if (head.includes(0)) return false;
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(head.subarray(0, safeCut(head)));
      return true;
    } catch {
      return false;
    }
  } finally {
    await file.close();
  }
}

/** Drops a multi-byte sequence cut at the end of the sample so it does not fail decoding. */
function safeCut(b: Buffer): number {
  const end = b.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const byte = b[end - i]!;
    if ((byte & 0xc0) === 0xc0) return end - i; // a lead byte whose sequence may be incomplete
    if ((byte & 0x80) === 0) break;
  }
  return end;
}
