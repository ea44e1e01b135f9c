/**
 * Sending a rendered page: compressed once (brotli and gzip, kept with the page), a strong
 * ETag from its content, 304 when the browser already has it. A page in the cache costs one
 * hash lookup and one write.
 */
import { createHash } from "node:crypto";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { FastifyReply, FastifyRequest } from "fastify";

export interface Compressed {
  identity: Buffer;
  br: Buffer | null;
  gzip: Buffer | null;
}

/** Below this size compression does not pay for its headers. */
const MIN_COMPRESS_BYTES = 512;

export function compressAll(body: Buffer): Compressed {
  if (body.length < MIN_COMPRESS_BYTES) return { identity: body, br: null, gzip: null };
  return {
    identity: body,
    br: brotliCompressSync(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    }),
    gzip: gzipSync(body, { level: 9 }),
  };
}

/** A response ready to send again and again. */
export interface Rendered extends Compressed {
  status: number;
  contentType: string;
  etag: string;
  cacheControl: string;
}

export function rendered(
  body: string | Buffer,
  opts: { status?: number; contentType?: string; cacheControl?: string } = {},
): Rendered {
  const buf = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  return {
    status: opts.status ?? 200,
    contentType: opts.contentType ?? "text/html; charset=utf-8",
    cacheControl: opts.cacheControl ?? "public, no-cache",
    etag: `"${createHash("sha256").update(buf).digest("base64url").slice(0, 22)}"`,
    ...compressAll(buf),
  };
}

const REFUSED = {
  br: /(?:^|,)\s*br\s*;\s*q\s*=\s*0(?:\.0*)?\s*(?:,|$)/i,
  gzip: /(?:^|,)\s*gzip\s*;\s*q\s*=\s*0(?:\.0*)?\s*(?:,|$)/i,
};
const OFFERED = { br: /(?:^|,)\s*br\s*(?:[;,]|$)/i, gzip: /(?:^|,)\s*gzip\s*(?:[;,]|$)/i };

/** Which of our encodings the client takes, best first (q-values of 0 refuse one). */
export function pickEncoding(acceptEncoding: string | undefined, c: Compressed): "br" | "gzip" | null {
  if (!acceptEncoding) return null;
  const takes = (e: "br" | "gzip") => OFFERED[e].test(acceptEncoding) && !REFUSED[e].test(acceptEncoding);
  if (c.br && takes("br")) return "br";
  if (c.gzip && takes("gzip")) return "gzip";
  return null;
}

/** True when the request's If-None-Match names this ETag (weak or strong). */
export function notModified(req: FastifyRequest, etag: string): boolean {
  const inm = req.headers["if-none-match"];
  if (!inm) return false;
  if (inm.trim() === "*") return true;
  return inm.split(",").some((t) => t.trim().replace(/^W\//, "") === etag);
}

/**
 * Sends `r` in the best encoding the client takes. Each encoding is its own representation, so
 * its ETag differs ("…-br", "…-gz"): a cache never pairs one encoding's validator with another's bytes.
 */
export function send(req: FastifyRequest, reply: FastifyReply, r: Rendered): FastifyReply {
  const enc = pickEncoding(req.headers["accept-encoding"], r);
  const etag = enc ? `${r.etag.slice(0, -1)}-${enc === "br" ? "br" : "gz"}"` : r.etag;
  reply.header("content-type", r.contentType).header("cache-control", r.cacheControl).header("etag", etag);
  if (r.br || r.gzip) reply.header("vary", "Accept-Encoding");
  if (r.status === 200 && notModified(req, etag)) return reply.code(304).send();
  if (enc) reply.header("content-encoding", enc);
  return reply.code(r.status).send(enc ? r[enc]! : r.identity);
}
