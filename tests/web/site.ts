/**
 * The public site over a whole spine for tests: a fresh database, real workers, the HTTP server
 * on a loopback port, and items brought onto the site the way production does it — received on a
 * channel, reviewed, approved or answered by a board member through core's use cases.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import { storeAttachment } from "../../core/attachments/store.ts";
import type { Channel } from "../../core/domain.ts";
import { createLogger } from "../../core/logger.ts";
import { receiveInbound } from "../../core/intake/receive.ts";
import { answerQuestion } from "../../core/publishing/answer.ts";
import { decide } from "../../core/review/decide.ts";
import { createServer } from "../../web/server.ts";
import type { FormTiming } from "../../web/site/form.ts";
import type { SiteDeps } from "../../web/site/index.ts";
import { createWebSender } from "../../web/site/sender.ts";
import type { MaintenanceNotice } from "../../web/site/settings.ts";
import { person, startSpine, type Spine } from "../support/spine.ts";
import { waitFor } from "../support/wait.ts";

export interface TestSite {
  spine: Spine;
  server: FastifyInstance;
  /** http://127.0.0.1:<port> */
  url: string;
  dataDir: string;
  secretaryId: string;
  /** What the site was built from: a second server (another web process) can be made of it. */
  siteDeps: SiteDeps;
  close(): Promise<void>;
}

export const COMMUNE = {
  name: "Ủy ban nhân dân xã Tân Phú",
  address: "Ấp 1, xã Tân Phú, tỉnh Đồng Nai",
  hotline: "0251 3 123 456",
  email: "ubnd@tanphu.gov.vn",
  citation: "Nguồn: Trang thông tin điện tử xã Tân Phú",
};

export async function startSite(
  opts: {
    formTiming?: FormTiming;
    formRateLimit?: { max: number; timeWindowMs: number };
    notice?: MaintenanceNotice | null;
    logLevel?: "silent" | "warn" | "info";
    /** The site's clock (the form's time-to-submit reads it). */
    now?: () => Date;
    /** Keep rate-limit counters in Redis, as several web processes would. */
    rateLimitRedis?: Redis;
  } = {},
): Promise<TestSite> {
  // The site's own channel delivers too: what core tells a form's sender is shown on the status page.
  const spine = await startSpine({ senders: { web: createWebSender() } });
  spine.core.settings = {
    ...spine.core.settings,
    reachableChannels: [...spine.core.settings.reachableChannels, "web"],
  };
  const dataDir = await mkdtemp(join(tmpdir(), "bantin-web-"));
  const secretaryId = await person(spine.db, "Lê Thị Thư", { channel: "telegram", externalId: "7002" }, [
    { role: "secretariat" },
  ]);
  await person(spine.db, "Vũ Thị Tư Pháp", { channel: "telegram", externalId: "7005" }, [
    { role: "responder", field: "hanh-chinh", unit: "Công chức Tư pháp – Hộ tịch" },
  ]);
  const log = createLogger({ level: opts.logLevel ?? "silent" });
  const siteDeps: SiteDeps = {
    db: spine.db,
    core: spine.core,
    databaseUrl: spine.databaseUrl,
    log,
    settings: {
      baseUrl: "http://bantin.test",
      commune: COMMUNE,
      timeZone: "Asia/Ho_Chi_Minh",
      dataDir,
      notice: opts.notice ?? null,
    },
    formTiming: opts.formTiming ?? { minSeconds: 0, maxSeconds: 3600 },
    formRateLimit: opts.formRateLimit,
    rateLimitStore: opts.rateLimitRedis ? { redis: opts.rateLimitRedis, prefix: spine.prefix } : undefined,
    now: opts.now,
  };
  const server = createServer({ log, readiness: [], site: siteDeps });
  await server.listen({ host: "127.0.0.1", port: 0 });
  const address = server.server.address() as { port: number };
  return {
    spine,
    server,
    url: `http://127.0.0.1:${address.port}`,
    dataDir,
    secretaryId,
    siteDeps,
    async close() {
      await server.close();
      await spine.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

let seq = 0;

export interface Incoming {
  channel: Exclude<Channel, "web">;
  senderId: string;
  senderName?: string | null;
  text: string;
  subject?: string | null;
  attachments?: Array<{ bytes: Uint8Array; name: string; type: string }>;
}

/** Receives a message on a channel and waits until it is in review. */
async function receiveForReview(site: TestSite, m: Incoming) {
  const attachments = [];
  for (const a of m.attachments ?? []) {
    const stored = await storeAttachment(site.dataDir, a.bytes, {
      maxBytes: 10_000_000,
      declaredType: a.type,
      originalName: a.name,
    });
    attachments.push({
      sha256: stored.sha256,
      size: stored.size,
      contentType: stored.contentType,
      originalName: a.name,
    });
  }
  const r = await receiveInbound(site.spine.core, {
    channel: m.channel,
    externalId: `web-test-${Date.now()}-${++seq}`,
    sender: { externalId: m.senderId, displayName: m.senderName ?? null },
    text: m.text,
    subject: m.subject ?? null,
    attachments,
  });
  await waitFor(
    async () =>
      (await site.spine.db.submission.findUniqueOrThrow({ where: { id: r.submissionId } })).status === "in_review",
    { what: `${r.trackingCode} in review`, timeoutMs: 60_000 },
  );
  return r;
}

/** A message approved by the secretariat and published; returns the publication's slug. */
export async function publishThrough(site: TestSite, m: Incoming): Promise<{ slug: string; trackingCode: string }> {
  const r = await receiveForReview(site, m);
  const d = await decide(site.spine.core, {
    target: { submissionId: r.submissionId },
    deciderId: site.secretaryId,
    channel: "telegram",
    action: "approve",
  });
  if (d.outcome !== "decided") throw new Error(`approval of ${r.trackingCode}: ${d.outcome}`);
  const p = await waitFor(() => site.spine.db.publication.findUnique({ where: { submissionId: r.submissionId } }), {
    what: `publication of ${r.trackingCode}`,
    timeoutMs: 60_000,
  });
  return { slug: p.slug, trackingCode: r.trackingCode };
}

/** A question answered by the secretariat (published with its answer); returns the slug. */
export async function answerThrough(
  site: TestSite,
  m: Incoming,
  answer: string,
  unit = "Công chức Tư pháp – Hộ tịch",
): Promise<{ slug: string; trackingCode: string }> {
  const r = await receiveForReview(site, m);
  const d = await answerQuestion(site.spine.core, {
    target: { submissionId: r.submissionId },
    responderId: site.secretaryId,
    channel: "telegram",
    text: answer,
    unit,
  });
  if (d.outcome !== "decided") throw new Error(`answer to ${r.trackingCode}: ${d.outcome}`);
  const p = await site.spine.db.publication.findUniqueOrThrow({ where: { submissionId: r.submissionId } });
  return { slug: p.slug, trackingCode: r.trackingCode };
}

export const NEWS =
  "Sáng ngày 15/11, UBND xã tổ chức Ngày hội Đại đoàn kết toàn dân tộc tại nhà văn hóa thôn Đông, " +
  "với các hoạt động văn nghệ, thể thao và trao quà cho hộ nghèo.";
