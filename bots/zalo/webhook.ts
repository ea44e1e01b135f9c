/**
 * The Zalo webhook, as a Fastify plugin: `POST /hooks/zalo`. It reads the raw body (the signature
 * covers the exact bytes, so nothing is parsed before it is checked), verifies
 * `X-ZEvent-Signature`, stores the event and answers 200 — within Zalo's 2 seconds, since the
 * work happens later, from the inbox's queue. Register it in its own context: its raw-body parser
 * must not reach other routes.
 *
 * - The unsigned `{}` Zalo posts when the URL is saved gets 200.
 * - `strict`: a missing, wrong or stale signature gets 401 (logged). `log_only` logs and accepts,
 *   marking the event, for the first days on a real OA (see docs/decisions/0002).
 * - The OA's own echoes (`oa_send_*`) and receipts are acknowledged and not stored.
 */
import type { FastifyPluginAsync } from "fastify";
import type { Logger } from "../../core/logger.ts";
import { eventKeyOf, eventKind, type ZaloEventBody } from "./events.ts";
import type { ZaloInbox } from "./inbox.ts";
import { verifySignature } from "./signature.ts";

export const WEBHOOK_PATH = "/hooks/zalo";
/** Zalo's events are small; attachments come as URLs. */
const BODY_LIMIT = 256 * 1024;

export interface ZaloWebhookOptions {
  appId: string;
  oaSecretKey: string;
  mode: "strict" | "log_only";
  inbox: ZaloInbox;
  log: Logger;
  path?: string;
  now?: () => number;
}

export function zaloWebhook(o: ZaloWebhookOptions): FastifyPluginAsync {
  const log = o.log.child({ channel: "zalo", mod: "webhook" });
  return async (app) => {
    // Every body arrives as bytes, whatever its content type: in this context only.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));

    app.post(o.path ?? WEBHOOK_PATH, async (req, reply) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const header = req.headers["x-zevent-signature"];
      const signature = Array.isArray(header) ? header[0] : header;
      const text = raw.toString("utf8").trim();
      if ((text === "" || text === "{}") && !signature) {
        log.info("Zalo webhook probe answered");
        return reply.code(200).send({});
      }
      let event: ZaloEventBody;
      try {
        const parsed: unknown = JSON.parse(text);
        if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
        event = parsed as ZaloEventBody;
      } catch {
        log.warn({ bytes: raw.length }, "Zalo webhook body is not a JSON object");
        return reply.code(400).send({ error: "bad request" });
      }
      const tsHeader = req.headers["x-zevent-timestamp"];
      const check = verifySignature({
        appId: o.appId,
        oaSecretKey: o.oaSecretKey,
        rawBody: raw,
        header: signature,
        timestampHeader: Array.isArray(tsHeader) ? tsHeader[0] : tsHeader,
        bodyTimestamp: event.timestamp === undefined ? undefined : String(event.timestamp),
        oaId: event.oa_id ?? event.recipient?.id,
        now: o.now ? o.now() : Date.now(),
      });
      if (!check.ok) {
        log.warn(
          { reason: check.reason, event: event.event_name, mode: o.mode },
          "Zalo webhook signature did not verify",
        );
        if (o.mode === "strict") return reply.code(401).send({ error: "invalid signature" });
      } else if (check.term !== "app_id") {
        log.info({ term: check.term }, "Zalo signature matched with the OA id, not the app id");
      }
      const kind = eventKind(event);
      if (kind === "echo" || kind === "receipt" || kind === "other") {
        log.debug({ event: event.event_name }, "Zalo event not kept");
        return reply.code(200).send({});
      }
      const stored = await o.inbox.accept({
        eventKey: eventKeyOf(event, raw),
        eventName: event.event_name ?? "",
        raw,
        signatureValid: check.ok,
      });
      if (stored === "duplicate") log.info({ event: event.event_name }, "Zalo redelivery acknowledged");
      return reply.code(200).send({});
    });
  };
}
