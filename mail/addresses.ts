/**
 * The addresses and ids that thread Bantin's mail: `reply+<token>@<replyDomain>` (a reply to an
 * item, or to one reviewer's card) and Message-IDs minted from the item (`<tb-0042.…@domain>`).
 * Pure. Threading finds the item; it never authorises anything by itself.
 */
import { createHash } from "node:crypto";

/** The tag before `+`: route `reply@` and `reply+*@` of the reply domain to the intake mailbox. */
export const REPLY_TAG = "reply";

export function replyAddress(token: string, replyDomain: string): string {
  return `${REPLY_TAG}+${token}@${replyDomain}`;
}

/** The token of a `reply+<token>@<replyDomain>` address, or null. */
export function replyToken(address: string, replyDomain: string): string | null {
  const a = address.trim().replace(/^<|>$/g, "");
  const at = a.lastIndexOf("@");
  if (at < 0 || a.slice(at + 1).toLowerCase() !== replyDomain.toLowerCase()) return null;
  const m = /^reply\+([A-Za-z0-9_-]{16,64})$/i.exec(a.slice(0, at));
  return m?.[1] ?? null;
}

/** The first `reply+<token>` among a message's recipients (To, Cc, Delivered-To, X-Original-To). */
export function firstReplyToken(addresses: readonly string[], replyDomain: string): string | null {
  for (const a of addresses) {
    const t = replyToken(a, replyDomain);
    if (t) return t;
  }
  return null;
}

const short = (s: string) => createHash("sha256").update(s).digest("base64url").slice(0, 16).replace(/[-_]/g, "x");

/**
 * A Message-ID minted from the item: the tracking code, what kind of mail, and a digest of what
 * makes it unique, so a delivery retried after a crash carries the same id (receivers drop it).
 */
export function mintMessageId(p: {
  trackingCode: string | null;
  kind: string;
  unique: string;
  domain: string;
}): string {
  const item = p.trackingCode ? p.trackingCode.toLowerCase() : "bantin";
  return `<${item}.${p.kind}.${short(p.unique)}@${p.domain}>`;
}

/** Message-IDs named in In-Reply-To and References, in order, without duplicates. */
export function threadIds(inReplyTo: string | null | undefined, references: string | string[] | null | undefined) {
  const all = [inReplyTo ?? "", ...(Array.isArray(references) ? references : [references ?? ""])]
    .join(" ")
    .match(/<[^<>\s]+>/g);
  return [...new Set(all ?? [])];
}

/** The tracking code of an item one of Bantin's Message-IDs was minted from (`<tb-0042.ack.…@d>`). */
export function trackingCodeOfMessageId(id: string, domain: string): string | null {
  const m = /^<(tb-\d+)\.([a-z]+)\.[A-Za-z0-9]+@([^>]+)>$/i.exec(id);
  if (!m || m[3]!.toLowerCase() !== domain.toLowerCase()) return null;
  return m[1]!.toUpperCase();
}

/** The kind part of one of Bantin's Message-IDs (`ack`, `card`, `note`…), or null. */
export function kindOfMessageId(id: string, domain: string): string | null {
  const m = /^<(tb-\d+|bantin)\.([a-z]+)\.[A-Za-z0-9]+@([^>]+)>$/i.exec(id);
  return m && m[3]!.toLowerCase() === domain.toLowerCase() ? m[2]!.toLowerCase() : null;
}

/** Lower-case bare address of a mailbox string (`"An" <An@X.vn>` → `an@x.vn`), or null. */
export function bareAddress(s: string | null | undefined): string | null {
  if (!s) return null;
  const m = /<([^<>\s]+@[^<>\s]+)>/.exec(s) ?? /([^\s<>"]+@[^\s<>"]+)/.exec(s);
  return m?.[1]?.toLowerCase() ?? null;
}
