/**
 * Zalo's 7-day interaction window: a consultation message reaches a user only if they wrote to,
 * followed or pressed something on the OA in the last 7 days (else `-230`). Before sending we
 * want to know, so a message to someone out of reach is kept as unreachable and goes another way
 * instead of failing at Zalo. What we know first: when the user last wrote to us (the identity's
 * `lastSeenAt`, refreshed at most hourly); failing that, Zalo's own record of the last interaction.
 */
import type { Db } from "../../core/db.ts";
import type { ZaloApi } from "./api.ts";
import { ZaloApiError } from "./errors.ts";

export const WINDOW_MS = 7 * 24 * 3_600_000;
/** `lastSeenAt` lags by up to an hour: a user seen within the window minus this is surely in it. */
const SAFETY_MS = 2 * 3_600_000;

export type Reach = "reachable" | "unreachable";

export interface ReachCheck {
  /** Whether a consultation message can reach this Zalo user now. */
  check(userId: string): Promise<Reach>;
}

export function createWindowCheck(o: {
  db: Db;
  api: Pick<ZaloApi, "messageQuota">;
  now?: () => Date;
  windowMs?: number;
}): ReachCheck {
  const windowMs = o.windowMs ?? WINDOW_MS;
  const now = () => (o.now ? o.now() : new Date()).getTime();
  return {
    async check(userId) {
      const identity = await o.db.identity.findUnique({
        where: { channel_externalId: { channel: "zalo", externalId: userId } },
        select: { lastSeenAt: true },
      });
      if (identity?.lastSeenAt && now() - identity.lastSeenAt.getTime() < windowMs - SAFETY_MS) return "reachable";
      try {
        const quota = await o.api.messageQuota(userId);
        const last = Number(quota?.last_interaction);
        if (!Number.isFinite(last) || last <= 0) return "reachable"; // Zalo did not say: the send will tell.
        return now() - last < windowMs ? "reachable" : "unreachable";
      } catch (e) {
        if (e instanceof ZaloApiError && e.code === -213) return "unreachable"; // not (or no longer) a follower
        if (e instanceof ZaloApiError && e.kind === "permanent") return "reachable"; // no quota API here: try the send
        throw e;
      }
    },
  };
}
