/** Attachments of published items: images re-encoded for phones, other files as downloads. */
import { openAttachment } from "../../../core/attachments/store.ts";
import { contentDisposition, resizedImage } from "../images.ts";
import { IMAGE_WIDTHS } from "../pages/item.ts";
import { send } from "../respond.ts";
import { findPublishedAttachment, INLINE_IMAGE_TYPES } from "../store.ts";
import type { SiteContext } from "../context.ts";

/** Registers `/tep/:id[/:width]`. */
export function attachmentRoutes(ctx: SiteContext): void {
  const { app, db, settings, log, notFound } = ctx;
  // -- attachments -----------------------------------------------------------------------------
  const resizedCache = new Map<string, Buffer>();
  app.get<{ Params: { id: string; width?: string } }>("/tep/:id/:width?", async (req, reply) => {
    const a = await findPublishedAttachment(db, req.params.id);
    if (!a) return send(req, reply, notFound());
    const width = req.params.width === undefined ? null : Number(req.params.width);
    const isImage = INLINE_IMAGE_TYPES.has(a.contentType);
    reply.header("x-content-type-options", "nosniff");
    if (width !== null) {
      if (!isImage || !(IMAGE_WIDTHS as readonly number[]).includes(width)) return send(req, reply, notFound());
      const etag = `"${a.sha256.slice(0, 32)}-${width}"`;
      reply.header("etag", etag).header("cache-control", "public, max-age=3600");
      if (req.headers["if-none-match"] === etag) return reply.code(304).send();
      const key = `${a.sha256}:${width}`;
      let buf = resizedCache.get(key);
      if (!buf) {
        buf = await resizedImage(settings.dataDir, a.sha256, width);
        if (resizedCache.size >= 200) resizedCache.delete(resizedCache.keys().next().value!);
        resizedCache.set(key, buf);
      }
      return reply.type("image/webp").send(buf);
    }
    const stream = openAttachment(settings.dataDir, a.sha256);
    await new Promise<void>((resolve, reject) => stream.once("open", () => resolve()).once("error", reject)).catch(
      (e) => {
        log.warn({ err: (e as Error).message, sha256: a.sha256 }, "attachment missing from the store");
        throw Object.assign(new Error("attachment missing"), { statusCode: 404 });
      },
    );
    reply
      .header("content-type", isImage ? a.contentType : "application/octet-stream")
      .header("content-length", String(a.size))
      .header("cache-control", "public, max-age=3600")
      .header("etag", `"${a.sha256.slice(0, 32)}"`);
    if (!isImage) reply.header("content-disposition", contentDisposition(a.originalName, "tep-dinh-kem"));
    return reply.send(stream);
  });
}
