/**
 * Per-item reply tokens: every mail Bantin sends about an item carries `reply+<token>@` in its
 * Reply-To, where the token is random and bound to that item. A reply to it names the item
 * without trusting any header the writer controls; whether the writer may amend the item is
 * still decided by core (only the item's sender may). Kept in `ChannelState` (`email`,
 * `thread:<token>` → item, `item:<id>` → token), created once per item.
 */
import { randomBytes } from "node:crypto";
import type { Db } from "../core/db.ts";

const threadKey = (token: string) => `thread:${token}`;
const itemKey = (submissionId: string) => `item:${submissionId}`;

/** 20 random bytes in lower-case base32: case-proof in an address, not guessable. */
function newItemToken(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  const bytes = randomBytes(20);
  let bits = 0;
  let value = 0;
  let out = "";
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** The item's reply token, created on first use; two senders racing agree on one. */
export async function itemReplyToken(db: Db, submissionId: string): Promise<string> {
  const existing = await db.channelState.findUnique({
    where: { channel_key: { channel: "email", key: itemKey(submissionId) } },
  });
  const known = (existing?.value as { token?: string } | null)?.token;
  if (known) return known;
  const token = newItemToken();
  await db.$transaction(async (tx) => {
    const { count } = await tx.channelState.createMany({
      data: [{ channel: "email", key: itemKey(submissionId), value: { token } }],
      skipDuplicates: true,
    });
    if (count === 1)
      await tx.channelState.create({ data: { channel: "email", key: threadKey(token), value: { submissionId } } });
  });
  return itemReplyToken(db, submissionId);
}

/** The item a reply token was minted for, or null. */
export async function itemOfReplyToken(db: Db, token: string): Promise<string | null> {
  const row = await db.channelState.findUnique({ where: { channel_key: { channel: "email", key: threadKey(token) } } });
  return (row?.value as { submissionId?: string } | null)?.submissionId ?? null;
}
