/**
 * Rendered pages kept in memory, dropped whenever what the site shows changes — in any process.
 *
 * A trigger on Publication and Field (migration `publication_search`) sends NOTIFY on the
 * `bantin_site_changed` channel at commit; each web process holds one connection that LISTENs
 * and clears its cache on every notification. While that connection is down (database restart,
 * network), the cache is bypassed: pages are rendered fresh until it is back, never served stale.
 */
import pg from "pg";
import type { Logger } from "../../core/logger.ts";
import type { Rendered } from "./respond.ts";

export const SITE_CHANGED_CHANNEL = "bantin_site_changed";

export class PageCache {
  private pages = new Map<string, Rendered>();
  private generation = 0;
  /** False while changes cannot be heard: nothing is cached then. */
  live = false;

  constructor(private readonly maxEntries = 1_000) {}

  get(key: string): Rendered | undefined {
    return this.live ? this.pages.get(key) : undefined;
  }

  /**
   * Renders on a miss. A render that started before a change is not kept: it may have read the
   * database before the change committed.
   */
  async getOrRender(key: string, render: () => Promise<Rendered>): Promise<Rendered> {
    const hit = this.get(key);
    if (hit) return hit;
    const started = this.generation;
    const page = await render();
    if (this.live && started === this.generation && page.status < 500) {
      if (this.pages.size >= this.maxEntries) this.pages.delete(this.pages.keys().next().value!);
      this.pages.set(key, page);
    }
    return page;
  }

  clear(): void {
    this.generation++;
    this.pages.clear();
  }

  get size(): number {
    return this.pages.size;
  }
}

export interface ChangeListener {
  /** Resolves once the first LISTEN is in place (or failed: the cache then stays off until it is). */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Keeps a LISTEN connection open, clearing `cache` on every change and whenever it reconnects.
 * A connection can also die silently (a network cut without a reset): a cheap query every
 * `heartbeatMs` finds out, and until the next answer nothing is served from the cache.
 */
export function listenForChanges(
  databaseUrl: string,
  cache: PageCache,
  log: Logger,
  opts: { heartbeatMs?: number } = {},
): ChangeListener {
  let client: pg.Client | null = null;
  let closed = false;
  let retryMs = 500;
  let timer: NodeJS.Timeout | null = null;
  const heartbeat = setInterval(() => {
    const c = client;
    if (!c || !cache.live) return;
    let answered = false;
    const deadline = setTimeout(() => {
      if (!answered && client === c) down(new Error("heartbeat unanswered"));
    }, 5_000);
    c.query("SELECT 1").then(
      () => {
        answered = true;
        clearTimeout(deadline);
      },
      (e: unknown) => {
        answered = true;
        clearTimeout(deadline);
        if (client === c) down(e);
      },
    );
  }, opts.heartbeatMs ?? 30_000);
  heartbeat.unref();
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const down = (err: unknown) => {
    if (cache.live) log.warn({ err: (err as Error)?.message }, "site change listener lost; page cache off");
    cache.live = false;
    cache.clear();
    client?.removeAllListeners();
    client?.end().catch(() => {});
    client = null;
    if (!closed && !timer) {
      timer = setTimeout(() => {
        timer = null;
        void connect();
      }, retryMs);
      retryMs = Math.min(retryMs * 2, 30_000);
    }
  };

  const connect = async () => {
    const c = new pg.Client({ connectionString: databaseUrl, keepAlive: true, connectionTimeoutMillis: 5_000 });
    client = c;
    c.on("error", down);
    c.on("end", () => down(new Error("connection ended")));
    c.on("notification", () => cache.clear());
    try {
      await c.connect();
      await c.query(`LISTEN ${SITE_CHANGED_CHANNEL}`);
      if (closed) return void (await c.end());
      // Changes made while nobody listened are unknown: start empty.
      cache.clear();
      cache.live = true;
      retryMs = 500;
      log.debug("site change listener ready; page cache on");
    } catch (e) {
      if (!closed) down(e);
    } finally {
      markReady();
    }
  };
  void connect();

  return {
    ready,
    async close() {
      closed = true;
      clearInterval(heartbeat);
      if (timer) clearTimeout(timer);
      cache.live = false;
      const c = client;
      client = null;
      c?.removeAllListeners();
      c?.on("error", () => {});
      await c?.end().catch(() => {});
    },
  };
}
