/**
 * The commune's mailbox, watched: one IMAP connection with IDLE for immediacy and a sync on a
 * timer as well (IDLE dies silently behind NAT); any disconnect is followed by a new connection
 * after a backoff. Exactly once: each new message is stored raw (`MailMessage`) in the same
 * transaction that advances the mailbox's cursor (UIDVALIDITY + last UID); only after that commit
 * is it moved to the `Processed` folder. Nothing is ever deleted from the server. A UIDVALIDITY
 * change re-scans the mailbox, recognising what was taken before by Message-ID or content hash.
 * Stored messages are then processed (`process.ts`), retried on failure, set aside when they keep
 * failing.
 */
import { createHash } from "node:crypto";
import { ImapFlow, type FetchMessageObject } from "imapflow";
import type { PoolClient } from "pg";
import type { EmailConfig } from "../../core/config.ts";
import { bareAddress } from "../addresses.ts";
import { mailExternalId, type MailIntakeDeps } from "./intake.ts";
import { processMail } from "./process.ts";
import { parkOversize } from "./set-aside.ts";
import { setAsideReason, type HeaderMap } from "./screen.ts";

export interface ImapListenerOptions {
  imap: EmailConfig["imap"];
  /** Larger messages are parked without being downloaded (MAIL_MAX_MESSAGE_BYTES). */
  maxMessageBytes: number;
  /** Where taken mail goes; created when missing. Default `Processed`. */
  processedMailbox?: string;
  /** The sync that runs whatever IDLE says. Default 60 s. */
  syncIntervalMs?: number;
  /** Waits between connection attempts: doubling from min to max. Default 1 s … 5 min. */
  backoff?: { minMs: number; maxMs: number };
  /** Processing attempts before a message is set aside as unprocessable. Default 5. */
  maxAttempts?: number;
  /** Quiet time before IDLE starts after a command. Default 1 s. */
  autoIdleDelayMs?: number;
  /** How often a standing-by process tries the mailbox's lock. Default 5 s. */
  standbyRetryMs?: number;
}

export interface ImapListenerState {
  connected: boolean;
  idling: boolean;
  /** Connections opened so far. */
  connections: number;
  /** Completed syncs. */
  syncs: number;
  /** This process holds the mailbox (others stand by). */
  holdsLock: boolean;
}

const SCREEN_HEADERS = [
  "return-path",
  "content-type",
  "auto-submitted",
  "x-auto-response-suppress",
  "precedence",
  "list-id",
  "list-unsubscribe",
  "from",
];

function headerMap(buf: Buffer | undefined): HeaderMap {
  const map: HeaderMap = {};
  if (!buf) return map;
  for (const line of buf
    .toString("latin1")
    .replace(/\r?\n[ \t]+/g, " ")
    .split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    (map[line.slice(0, colon).trim().toLowerCase()] ??= []).push(line.slice(colon + 1).trim());
  }
  return map;
}

// Added by each server on the way: the same message delivered twice differs only in these.
const TRACE_HEADERS =
  /^(received|x-received|return-path|delivered-to|x-original-to|authentication-results|arc-[a-z-]+|x-spam-[a-z-]+)$/i;

/** sha256 of a message without its trace headers: equal for the same message delivered twice. */
export function mailContentHash(raw: Uint8Array): string {
  const buf = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  let end = buf.indexOf("\r\n\r\n");
  let sep = 4;
  if (end < 0) {
    end = buf.indexOf("\n\n");
    sep = 2;
  }
  const head = end < 0 ? buf.toString("latin1") : buf.subarray(0, end).toString("latin1");
  const kept = head
    .split(/\r?\n(?![ \t])/)
    .filter((field) => !TRACE_HEADERS.test(field.slice(0, Math.max(0, field.indexOf(":"))).trim()));
  const hash = createHash("sha256").update(kept.join("\r\n"));
  if (end >= 0) hash.update(buf.subarray(end + sep));
  return hash.digest("hex");
}

/** Keeps our advisory lock keys apart from others' ("mail"). */
const LOCK_NAMESPACE = 0x6d61696c;

function hash32(s: string): number {
  return createHash("sha256").update(s).digest().readInt32BE(0);
}

/** Starts nothing until `start()`; `stop()` closes the connection and waits for work in progress. */
export function createImapListener(intake: MailIntakeDeps, opts: ImapListenerOptions) {
  const db = intake.core.db;
  const log = intake.log.child({ mod: "imap" });
  const { imap } = opts;
  const account = `${imap.user}@${imap.host}`.toLowerCase();
  const mailbox = imap.mailbox;
  const processed = opts.processedMailbox ?? "Processed";
  const syncIntervalMs = opts.syncIntervalMs ?? 60_000;
  const backoff = opts.backoff ?? { minMs: 1_000, maxMs: 300_000 };
  const maxAttempts = opts.maxAttempts ?? 5;
  const state: ImapListenerState = { connected: false, idling: false, connections: 0, syncs: 0, holdsLock: false };

  let stopped = true;
  let client: ImapFlow | null = null;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let timer: NodeJS.Timeout | null = null;
  let syncing: Promise<void> | null = null;
  let again = false;
  let processing: Promise<void> | null = null;
  let lock: PoolClient | null = null;
  const lockKey = [LOCK_NAMESPACE, hash32(`${account}/${mailbox}`)];

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(t);
        resolve();
      };
    });

  /** One sync at a time; a trigger during a sync runs one more after it. */
  const kick = (c: ImapFlow) => {
    if (syncing) {
      again = true;
      return;
    }
    syncing = (async () => {
      do {
        again = false;
        try {
          await sync(c);
          state.syncs++;
        } catch (e) {
          // A broken connection closes the client; the loop reconnects.
          log.warn({ err: (e as Error).message }, "mailbox sync failed");
          if (!c.usable) break;
        }
      } while (again && !stopped && c.usable);
      syncing = null;
      void processPending();
    })();
  };

  async function sync(c: ImapFlow) {
    const lock = await c.getMailboxLock(mailbox);
    try {
      const box = c.mailbox;
      if (!box) throw new Error(`mailbox ${mailbox} is not open`);
      const uidValidity = box.uidValidity;
      const cursor = await db.mailboxCursor.findUnique({ where: { account_mailbox: { account, mailbox } } });
      let lastUid = 0n;
      if (cursor && cursor.uidValidity === uidValidity) lastUid = cursor.lastUid;
      else if (cursor) {
        log.warn(
          { was: String(cursor.uidValidity), now: String(uidValidity) },
          "UIDVALIDITY changed: re-scanning the mailbox, known messages recognised by Message-ID and content",
        );
        // The old UIDs mean nothing now; the re-scan starts from the first message.
        await db.mailboxCursor.update({ where: { id: cursor.id }, data: { uidValidity, lastUid: 0n } });
      }
      if (box.exists === 0) return;
      // Committed before but not moved (a crash, a dropped connection): move them now.
      if (lastUid > 0n) {
        const left = await c.search({ uid: `1:${lastUid}` }, { uid: true });
        if (left && left.length > 0) await c.messageMove(left, processed, { uid: true });
      }
      const list = await c.fetchAll(
        `${lastUid + 1n}:*`,
        { uid: true, size: true, envelope: true, internalDate: true, headers: SCREEN_HEADERS },
        { uid: true },
      );
      // `UID FETCH n:*` answers with the last message even when its UID is below n.
      const fresh = list.filter((m) => BigInt(m.uid) > lastUid).sort((a, b) => a.uid - b.uid);
      for (const m of fresh) {
        if (stopped) break;
        await take(c, uidValidity, m);
      }
    } finally {
      lock.release();
    }
  }

  /** Stores one message with the cursor that passes it, then moves it. */
  async function take(c: ImapFlow, uidValidity: bigint, m: FetchMessageObject) {
    const uid = BigInt(m.uid);
    // As the parser writes it (angle brackets), so both sides of the dedupe agree.
    const envelopeId = m.envelope?.messageId?.trim() || null;
    const messageId = envelopeId && !envelopeId.startsWith("<") ? `<${envelopeId}>` : envelopeId;
    const size = m.size ?? 0;
    const receivedAt = m.internalDate ? new Date(m.internalDate) : new Date();
    const advance = { account, mailbox, uidValidity, lastUid: uid };
    const row = { account, mailbox, uidValidity, uid, messageId, size };
    const commit = (data: {
      contentHash?: string | null;
      raw?: Uint8Array<ArrayBuffer> | null;
      state: string;
      outcome?: string;
    }) =>
      db.$transaction([
        db.mailMessage.create({
          data: { ...row, ...data, ...(data.state === "done" && { processedAt: new Date() }) },
        }),
        db.mailboxCursor.upsert({
          where: { account_mailbox: { account, mailbox } },
          create: advance,
          update: { uidValidity, lastUid: uid },
        }),
      ]);
    const known = messageId
      ? await db.mailMessage.findFirst({ where: { account, messageId }, select: { id: true } })
      : null;

    if (known) {
      await commit({ state: "done", outcome: "duplicate" });
      log.info({ uid: m.uid, messageId }, "message taken before: not processed again");
    } else if (size > opts.maxMessageBytes) {
      const headers = headerMap(m.headers);
      const from = m.envelope?.from?.[0];
      const address = bareAddress(from?.address ?? null);
      // Recorded (and answered) first: a crash before the commit re-runs this, which finds the record.
      await parkOversize(intake, {
        externalId: messageId ?? `imap:${account}/${mailbox}/${uidValidity}/${uid}`,
        from: address ? { address, name: from?.name?.normalize("NFC") || null } : null,
        subject: m.envelope?.subject?.normalize("NFC") ?? "",
        size,
        maxBytes: opts.maxMessageBytes,
        receivedAt,
        setAside: setAsideReason({
          headers,
          fromAddress: address,
          subject: m.envelope?.subject ?? "",
          ownAddresses: intake.ownAddresses,
        }),
      });
      await commit({ state: "done", outcome: "parked" });
      log.warn({ uid: m.uid, size }, "over-size message parked without download");
    } else {
      const full = await c.fetchOne(String(m.uid), { source: true }, { uid: true });
      if (!full || !full.source) throw new Error(`message ${m.uid} vanished during the fetch`);
      const contentHash = mailContentHash(full.source);
      const same = await db.mailMessage.findFirst({ where: { account, contentHash }, select: { id: true } });
      if (same) await commit({ state: "done", outcome: "duplicate", contentHash });
      else await commit({ state: "pending", raw: new Uint8Array(full.source), contentHash });
    }
    // After the commit only. Should this fail, the next sync moves it (its UID is behind the cursor).
    await c.messageMove(String(m.uid), processed, { uid: true }).catch((e: unknown) => {
      log.warn({ uid: m.uid, err: (e as Error).message }, "could not move a taken message; the next sync will");
    });
  }

  /** Processes stored messages, oldest first; one pass at a time. */
  function processPending(): Promise<void> {
    if (processing) return processing;
    processing = (async () => {
      try {
        for (;;) {
          if (stopped) return;
          const next = await db.mailMessage.findMany({
            where: { account, state: "pending", attempts: { lt: maxAttempts } },
            orderBy: [{ fetchedAt: "asc" }, { uid: "asc" }],
            take: 10,
            // Ids only: each raw source (up to MAIL_MAX_MESSAGE_BYTES) is loaded when its turn comes.
            select: { id: true },
          });
          if (next.length === 0) return;
          let progressed = false;
          for (const { id } of next) {
            if (stopped) return;
            const m = await db.mailMessage.findUnique({
              where: { id },
              select: { id: true, raw: true, messageId: true, attempts: true, fetchedAt: true, state: true },
            });
            if (m?.state === "pending" && (await processOne(m))) progressed = true;
          }
          if (!progressed) return;
        }
      } catch (e) {
        log.error({ err: (e as Error).message }, "processing stored mail failed");
      } finally {
        processing = null;
      }
    })();
    return processing;
  }

  async function processOne(m: {
    id: string;
    raw: Uint8Array | null;
    messageId: string | null;
    attempts: number;
    fetchedAt: Date;
  }): Promise<boolean> {
    const raw = m.raw ?? new Uint8Array();
    try {
      const r = await processMail(intake, raw, m.fetchedAt);
      await db.mailMessage.update({
        where: { id: m.id },
        data: {
          state: "done",
          outcome: r.outcome,
          inboundMessageId: r.inboundMessageId,
          processedAt: new Date(),
          lastError: null,
          // The InboundMessage holds the original now.
          raw: null,
          attempts: { increment: 1 },
        },
      });
      log.info({ mailMessageId: m.id, outcome: r.outcome, detail: r.detail }, "mail processed");
      return true;
    } catch (e) {
      const message = (e as Error).message.slice(0, 500);
      const attempts = m.attempts + 1;
      const final = attempts >= maxAttempts;
      if (final) {
        // Kept, not lost: the raw original becomes an InboundMessage the secretariat can open.
        const externalId = mailExternalId(m.messageId, raw);
        await db.inboundMessage
          .create({
            data: {
              channel: "email",
              externalId,
              senderExternalId: "",
              raw: Buffer.from(raw),
              text: "",
              setAsideReason: `could not be processed: ${message}`,
            },
          })
          .catch(() => undefined);
      }
      await db.mailMessage.update({
        where: { id: m.id },
        data: {
          attempts,
          lastError: message,
          ...(final && { state: "done", outcome: "failed", processedAt: new Date() }),
        },
      });
      if (final) log.error({ mailMessageId: m.id, err: message }, "mail could not be processed; set aside");
      else log.warn({ mailMessageId: m.id, attempt: attempts, err: message }, "mail processing failed; will retry");
      return false;
    }
  }

  /** The mailbox's advisory lock, on a database connection of its own; null once stopped. */
  async function acquireLock(): Promise<PoolClient | null> {
    let announced = false;
    while (!stopped) {
      const c = await db.sql.connect();
      const { rows } = await c
        .query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1, $2) AS ok", lockKey)
        .catch((e: unknown) => {
          c.release(true);
          throw e;
        });
      if (rows[0]?.ok) {
        state.holdsLock = true;
        return c;
      }
      c.release();
      if (!announced) log.info({ mailbox }, "another process watches this mailbox; standing by");
      announced = true;
      await pause(opts.standbyRetryMs ?? 5_000);
    }
    return null;
  }

  async function releaseLock(c: PoolClient, lost: boolean) {
    state.holdsLock = false;
    if (lost) return c.release(true);
    try {
      await c.query("SELECT pg_advisory_unlock($1, $2)", lockKey);
      c.release();
    } catch {
      // The connection is gone, and the lock with it.
      c.release(true);
    }
  }

  async function connectOnce(): Promise<void> {
    const c = new ImapFlow({
      host: imap.host,
      port: imap.port,
      secure: imap.secure,
      auth: { user: imap.user, pass: imap.password },
      // imapflow's own log, warnings and errors only (commands at debug would flood it).
      logger: log.child({ lib: "imapflow" }, { level: log.levelVal > 40 ? log.level : "warn" }),
      autoIdleDelay: opts.autoIdleDelayMs ?? 1_000,
      maxIdleTime: 5 * 60_000,
      clientInfo: { name: "Bantin" },
    });
    client = c;
    const closed = new Promise<void>((resolve) => c.once("close", () => resolve()));
    c.on("error", (e: Error) => log.warn({ err: e.message }, "IMAP connection error"));
    c.on("exists", () => kick(c));
    await c.connect();
    state.connections++;
    state.connected = true;
    try {
      const boxes = await c.list();
      if (!boxes.some((b) => b.path === processed)) await c.mailboxCreate(processed);
      // Select the mailbox so IDLE watches it between syncs.
      await c.mailboxOpen(mailbox);
      kick(c);
      await closed;
    } finally {
      state.connected = false;
      await syncing;
    }
  }

  return {
    /** Starts watching in the background. */
    start() {
      if (!stopped) return;
      stopped = false;
      timer = setInterval(() => {
        if (client?.usable) kick(client);
        else if (lock) void processPending();
      }, syncIntervalMs);
      loop = (async () => {
        let failures = 0;
        while (!stopped) {
          // One process per mailbox: others stand by until the holder stops or loses its lock.
          try {
            lock = await acquireLock();
          } catch (e) {
            failures++;
            log.warn({ err: (e as Error).message, attempt: failures }, "could not take the mailbox lock");
            await pause(Math.min(backoff.maxMs, backoff.minMs * 2 ** Math.min(failures, 20)));
            continue;
          }
          if (!lock) break;
          const held = lock;
          let lost = false;
          const onLost = (e: Error) => {
            lost = true;
            log.error({ err: e.message }, "lost the mailbox lock's database connection; letting go of the mailbox");
            const c = client;
            if (c) void c.logout().catch(() => c.close());
          };
          held.on("error", onLost);
          try {
            while (!stopped && !lost) {
              try {
                await connectOnce();
                failures = 0;
              } catch (e) {
                failures++;
                log.warn({ err: (e as Error).message, attempt: failures }, "IMAP connection failed");
              }
              client = null;
              if (stopped || lost) break;
              const base = Math.min(backoff.maxMs, backoff.minMs * 2 ** Math.min(failures, 20));
              await pause(failures === 0 ? backoff.minMs : base * (0.8 + Math.random() * 0.4));
            }
          } finally {
            await processing;
            held.off("error", onLost);
            lock = null;
            await releaseLock(held, lost);
          }
        }
      })();
    },
    /** Closes the connection and waits for the sync and the processing in progress. */
    async stop() {
      if (stopped) return;
      stopped = true;
      if (timer) clearInterval(timer);
      wake?.();
      const c = client;
      if (c) await c.logout().catch(() => c.close());
      await loop;
      await processing;
    },
    /** What the listener is doing, for readiness checks and tests. */
    get state(): Readonly<ImapListenerState> {
      return { ...state, idling: client?.idling ?? false };
    },
    /** Runs a sync now (a readiness probe or an operator may want one). */
    syncNow() {
      if (client?.usable) kick(client);
    },
  };
}

export type ImapListener = ReturnType<typeof createImapListener>;
