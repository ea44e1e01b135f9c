/**
 * The OA's access token, kept fresh with Zalo's rotating refresh token (OAuth v4). A refresh
 * token works once: every refresh returns a new pair and kills the old refresh token, so
 *
 * - refreshes are single-flight inside a process (one promise shared by every caller) and
 *   serialised across processes by a PostgreSQL advisory lock held for the whole refresh;
 * - the new pair is committed to `ChannelToken` before anyone uses it;
 * - a process that waited for the lock re-reads the row and uses what another process got;
 * - a dead refresh token (invalid grant) raises one operator alert and stops refreshing until a
 *   new `ZALO_REFRESH_TOKEN` is configured; it never loops.
 *
 * `ZALO_REFRESH_TOKEN` seeds the row on first start, and again whenever the setting changes
 * (its hash is kept in `ChannelState`), which is how an operator re-authorises the OA.
 */
import { createHash } from "node:crypto";
import type { Db, Tx } from "../../core/db.ts";
import type { Logger } from "../../core/logger.ts";
import { classifyZaloError, ZaloApiError, ZaloAuthDeadError } from "./errors.ts";

/** Refresh this long before the access token expires (Zalo's tokens live about 25 hours). */
export const REFRESH_MARGIN_MS = 5 * 60_000;
const TOKEN_NAME = "oa";
const SEED_KEY = "refresh-token-seed";
const DEAD_KEY = "refresh-token-dead";
/** Any constant: the key of the advisory lock that serialises token work across processes. */
const LOCK_KEY = 0x5a414c4f; // "ZALO"

export interface TokenSource {
  /** A usable access token, refreshed first when it expires within the margin. */
  accessToken(): Promise<string>;
  /** Zalo refused `stale`: refresh, unless another caller already replaced it. */
  refreshAfterRejection(stale: string): Promise<string>;
}

export interface TokenSourceOptions {
  db: Db;
  appId: string;
  appSecret: string;
  oauthBase: string;
  /** The configured refresh token (ZALO_REFRESH_TOKEN). */
  seedRefreshToken: string;
  log: Logger;
  /** Called once when the refresh token is found dead (after it is recorded). */
  onDead?: (reason: string) => Promise<void>;
  fetch?: typeof fetch;
  now?: () => Date;
  timeoutMs?: number;
}

interface Pair {
  accessToken: string;
  expiresAt: Date;
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export function createTokenSource(o: TokenSourceOptions): TokenSource {
  const doFetch = o.fetch ?? fetch;
  const now = () => (o.now ? o.now() : new Date());
  const log = o.log.child({ mod: "zalo-tokens" });
  let cached: Pair | null = null;
  let inflight: Promise<Pair> | null = null;
  let seeded = false;

  const fresh = (p: { accessToken: string | null; expiresAt: Date | null } | null, rejected?: string) =>
    p?.accessToken &&
    p.expiresAt &&
    p.accessToken !== rejected &&
    p.expiresAt.getTime() - REFRESH_MARGIN_MS > now().getTime()
      ? { accessToken: p.accessToken, expiresAt: p.expiresAt }
      : null;

  /** Seeds the row from the setting on first start and whenever the setting changes. */
  async function seed(tx: Tx) {
    if (seeded) return;
    const hash = sha256(o.seedRefreshToken);
    const state = await tx.channelState.findUnique({ where: { channel_key: { channel: "zalo", key: SEED_KEY } } });
    if ((state?.value as { sha256?: string } | null)?.sha256 !== hash) {
      await tx.channelToken.upsert({
        where: { channel_name: { channel: "zalo", name: TOKEN_NAME } },
        create: { channel: "zalo", name: TOKEN_NAME, refreshToken: o.seedRefreshToken },
        update: { refreshToken: o.seedRefreshToken, accessToken: null, expiresAt: null },
      });
      await tx.channelState.upsert({
        where: { channel_key: { channel: "zalo", key: SEED_KEY } },
        create: { channel: "zalo", key: SEED_KEY, value: { sha256: hash } },
        update: { value: { sha256: hash } },
      });
      await tx.channelState.deleteMany({ where: { channel: "zalo", key: DEAD_KEY } });
      log.info("Zalo refresh token taken from ZALO_REFRESH_TOKEN");
    }
  }

  async function refresh(rejected?: string): Promise<Pair> {
    let dead: string | null = null;
    const pair = await o.db.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_KEY}::bigint)`;
        await seed(tx);
        const row = await tx.channelToken.findUniqueOrThrow({
          where: { channel_name: { channel: "zalo", name: TOKEN_NAME } },
        });
        // Another process refreshed while this one waited for the lock.
        const current = fresh(row, rejected);
        if (current) return current;
        const deadState = await tx.channelState.findUnique({
          where: { channel_key: { channel: "zalo", key: DEAD_KEY } },
        });
        if (deadState || !row.refreshToken) {
          throw new ZaloAuthDeadError(-118, "the refresh token was refused before");
        }
        let next: Awaited<ReturnType<typeof callOAuth>>;
        try {
          next = await callOAuth(row.refreshToken);
        } catch (e) {
          if (!(e instanceof ZaloAuthDeadError)) throw e;
          // Recorded so no process tries the dead token again (and no alert repeats).
          await tx.channelState.create({
            data: { channel: "zalo", key: DEAD_KEY, value: { at: now().toISOString(), code: e.code } },
          });
          dead = e.message;
          return null;
        }
        const expiresAt = new Date(now().getTime() + next.expiresInSeconds * 1_000);
        // Committed with the lock held, before anyone uses it: the old refresh token is now dead.
        await tx.channelToken.update({
          where: { id: row.id },
          data: { accessToken: next.accessToken, refreshToken: next.refreshToken, expiresAt },
        });
        log.info({ expiresAt }, "Zalo access token refreshed");
        return { accessToken: next.accessToken, expiresAt };
      },
      { timeout: 60_000, maxWait: 60_000 },
    );
    // Only once committed: a rolled-back seed must be done again.
    seeded = true;
    if (pair) return pair;
    log.error({ reason: dead }, "the Zalo refresh token is dead: the OA must be re-authorised");
    await o.onDead?.(dead ?? "").catch((e: unknown) => log.error({ err: e }, "could not alert the operators"));
    throw new ZaloAuthDeadError(-118, dead ?? "invalid grant");
  }

  /** POST /v4/oa/access_token: the app secret in a header, the rest as a form. */
  async function callOAuth(refreshToken: string) {
    const res = await doFetch(`${o.oauthBase}/v4/oa/access_token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", secret_key: o.appSecret },
      body: new URLSearchParams({ refresh_token: refreshToken, app_id: o.appId, grant_type: "refresh_token" }),
      signal: AbortSignal.timeout(o.timeoutMs ?? 15_000),
    }).catch((e: unknown) => {
      throw new ZaloApiError("oauth", 0, e instanceof Error ? e.message : String(e), "retry");
    });
    if (!res.ok) throw new ZaloApiError("oauth", res.status, `HTTP ${res.status}`, "retry");
    const body = (await res.json().catch(() => ({}))) as {
      access_token?: string;
      refresh_token?: string;
      expires_in?: string | number;
      error?: number;
      message?: string;
      error_name?: string;
    };
    if (body.error && body.error !== 0) {
      const message = body.message ?? body.error_name ?? "error";
      if (classifyZaloError(body.error) === "dead") throw new ZaloAuthDeadError(body.error, message);
      throw new ZaloApiError("oauth", body.error, message, "retry");
    }
    // expires_in arrives as a string ("90000"); both spellings are accepted.
    const expiresInSeconds = Number(body.expires_in);
    if (!body.access_token || !body.refresh_token || !Number.isFinite(expiresInSeconds) || expiresInSeconds <= 0) {
      throw new ZaloApiError("oauth", 0, "malformed token response", "retry");
    }
    return { accessToken: body.access_token, refreshToken: body.refresh_token, expiresInSeconds };
  }

  function singleFlight(rejected?: string): Promise<Pair> {
    inflight ??= refresh(rejected).finally(() => {
      inflight = null;
    });
    return inflight.then((p) => (cached = p));
  }

  return {
    async accessToken() {
      const c = fresh(cached);
      if (c) return c.accessToken;
      if (!inflight) {
        // Another process (or an earlier run) may hold a good token: read before refreshing.
        const row = await o.db.channelToken.findUnique({
          where: { channel_name: { channel: "zalo", name: TOKEN_NAME } },
        });
        const stored = seeded ? fresh(row) : null;
        if (stored) return (cached = stored).accessToken;
      }
      return (await singleFlight()).accessToken;
    },
    async refreshAfterRejection(stale) {
      if (cached && cached.accessToken !== stale && fresh(cached)) return cached.accessToken;
      if (cached?.accessToken === stale) cached = null;
      return (await singleFlight(stale)).accessToken;
    },
  };
}
