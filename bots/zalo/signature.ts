/**
 * The webhook signature, pure. Zalo sends `X-ZEvent-Signature: mac=<hex>` where hex is the plain
 * SHA-256 (not an HMAC) of app id + the raw body + the timestamp + the OA secret key ("Khóa bí
 * mật OA", not the app secret). Details the sources disagree on are all accepted: with or without
 * `mac=`, the timestamp from `X-ZEvent-Timestamp` or the body, the OA id in place of the app id.
 * The comparison is constant-time; a timestamp outside the freshness window is a replay.
 */
import { createHash, timingSafeEqual } from "node:crypto";

/** Events older or newer than this are refused as replays (GoClaw's ±5 minutes). */
export const FRESHNESS_MS = 5 * 60_000;

export type SignatureCheck =
  { ok: true; term: "app_id" | "oa_id" } | { ok: false; reason: "missing" | "malformed" | "mismatch" | "stale" };

export interface SignatureInput {
  appId: string;
  oaSecretKey: string;
  rawBody: Buffer;
  header: string | undefined;
  /** `X-ZEvent-Timestamp`, when Zalo sends it. */
  timestampHeader?: string | undefined;
  /** The body's `timestamp` and the OA's id (recipient of a user event), as parsed. */
  bodyTimestamp?: string | undefined;
  oaId?: string | undefined;
  now: number;
  freshnessMs?: number;
}

export function computeSignature(term: string, rawBody: Buffer, timestamp: string, secret: string): Buffer {
  return createHash("sha256").update(term).update(rawBody).update(timestamp).update(secret).digest();
}

export function verifySignature(i: SignatureInput): SignatureCheck {
  if (!i.header) return { ok: false, reason: "missing" };
  const hex = i.header.trim().replace(/^mac=/i, "").toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) return { ok: false, reason: "malformed" };
  const timestamp = i.timestampHeader?.trim() || i.bodyTimestamp;
  if (!timestamp || !/^\d{1,16}$/.test(timestamp)) return { ok: false, reason: "malformed" };
  const given = Buffer.from(hex, "hex");
  const terms: Array<["app_id" | "oa_id", string]> = [["app_id", i.appId]];
  if (i.oaId && i.oaId !== i.appId) terms.push(["oa_id", i.oaId]);
  // Every candidate is computed and compared, so timing does not tell which one matched.
  let matched: "app_id" | "oa_id" | null = null;
  for (const [name, term] of terms) {
    if (timingSafeEqual(given, computeSignature(term, i.rawBody, timestamp, i.oaSecretKey)) && !matched) matched = name;
  }
  if (!matched) return { ok: false, reason: "mismatch" };
  // Seconds or milliseconds, told apart by magnitude.
  const t = Number(timestamp);
  const ms = t < 1e12 ? t * 1_000 : t;
  if (Math.abs(i.now - ms) > (i.freshnessMs ?? FRESHNESS_MS)) return { ok: false, reason: "stale" };
  return { ok: true, term: matched };
}
