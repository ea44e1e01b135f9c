/**
 * Attachments users send arrive as URLs on Zalo's CDN that expire after about a week: they are
 * downloaded at once, streamed into the attachment store with its size limit. Only http(s) URLs
 * are fetched, and never one on a loopback or private address unless it is on the API's own host
 * (a local fake in tests), so an event cannot make the service fetch from its own network.
 */
import { isIP } from "node:net";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { storeAttachment, type StoredAttachment } from "../../core/attachments/store.ts";
import { PermanentError } from "../../core/errors.ts";
import type { MediaRef } from "./events.ts";

/** The file cannot be fetched and will not be on a retry (refused URL, 4xx: gone or expired). */
export class DownloadRefusedError extends PermanentError {}

export interface Downloaded extends StoredAttachment {
  originalName: string | null;
  externalRef: string;
}

/** True for a URL the service may fetch an attachment from. */
export function mayFetch(url: string, trustedHost: string | null): boolean {
  if (!URL.canParse(url)) return false;
  const u = new URL(url);
  if (u.protocol !== "https:" && u.protocol !== "http:") return false;
  if (trustedHost && u.host === trustedHost) return true;
  const host = u.hostname.replace(/^\[|\]$/g, "");
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".internal")) return false;
  if (isIP(host) === 4) return !/^(127\.|10\.|0\.|169\.254\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(host);
  if (isIP(host) === 6) return !/^(::1?$|f[cd]|fe80)/i.test(host);
  return true;
}

/** Downloads one attachment into the store; throws `AttachmentTooLargeError` past `maxBytes`. */
export async function downloadAttachment(
  m: MediaRef,
  o: { dataDir: string; maxBytes: number; trustedHost: string | null; fetch?: typeof fetch; timeoutMs?: number },
): Promise<Downloaded> {
  if (!mayFetch(m.url, o.trustedHost)) throw new DownloadRefusedError(`refusing to fetch ${m.url.slice(0, 100)}`);
  const res = await (o.fetch ?? fetch)(m.url, {
    redirect: "follow",
    signal: AbortSignal.timeout(o.timeoutMs ?? 60_000),
  });
  if (res.status >= 400 && res.status < 500 && res.status !== 429)
    throw new DownloadRefusedError(`attachment download failed: HTTP ${res.status}`);
  // 5xx, 429, a missing body: Zalo's CDN may answer on a retry.
  if (!res.ok || !res.body) throw new Error(`attachment download failed: HTTP ${res.status}`);
  const name = m.name ?? nameFromUrl(m.url);
  const stored = await storeAttachment(o.dataDir, Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), {
    maxBytes: o.maxBytes,
    declaredType: m.declaredType ?? res.headers.get("content-type"),
    originalName: name,
  });
  return { ...stored, originalName: name, externalRef: m.url };
}

function nameFromUrl(url: string): string | null {
  const last = new URL(url).pathname.split("/").filter(Boolean).pop();
  return last ? decodeURIComponent(last).slice(0, 200) : null;
}
