/**
 * Where a person (not a sender replying on a channel) is reached: their chosen review channel,
 * else the first reachable channel they have.
 */
import type { CoreDeps } from "../context.ts";
import type { Tx } from "../db.ts";
import type { Channel } from "../domain.ts";
import { pickAddress } from "./outbound.ts";

export async function notifyAddress(
  tx: Tx,
  deps: Pick<CoreDeps, "settings">,
  personId: string,
): Promise<{ channel: Channel; address: string } | null> {
  const p = await tx.person.findUnique({ where: { id: personId }, include: { identities: true } });
  if (!p) return null;
  return pickAddress(p.identities, deps.settings.reachableChannels, p.reviewChannel);
}
