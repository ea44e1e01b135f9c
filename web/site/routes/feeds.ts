/** RSS and Atom feeds (everything, questions, a field), the sitemap and robots.txt: all cached. */
import { atom, robots, rss, sitemap, type Feed } from "../feeds.ts";
import { t } from "../messages.ts";
import { fieldPath } from "../pages/common.ts";
import { rendered } from "../respond.ts";
import { feedItems, fieldsWithCounts, findField, sitemapEntries, type ListFilter } from "../store.ts";
import { XML, type SiteContext } from "../context.ts";

/** Registers the feeds, the sitemap and robots.txt. */
export function feedRoutes(ctx: SiteContext): void {
  const { app, db, settings, base, cached, notFound } = ctx;
  app.get("/robots.txt", (req, reply) =>
    cached(req, reply, "robots", async () =>
      rendered(robots(base), { contentType: "text/plain; charset=utf-8", cacheControl: "public, max-age=3600" }),
    ),
  );

  // -- feeds and sitemap -----------------------------------------------------------------------
  const feed = (f: Omit<Feed, "items">, filter: ListFilter, format: "rss" | "atom") => async () => {
    const items = await feedItems(db, filter);
    const body = format === "rss" ? rss(base, { ...f, items }) : atom(base, { ...f, items });
    return rendered(body, {
      contentType: format === "rss" ? "application/rss+xml; charset=utf-8" : "application/atom+xml; charset=utf-8",
    });
  };
  for (const format of ["rss", "atom"] as const) {
    app.get(`/${format}.xml`, (req, reply) =>
      cached(
        req,
        reply,
        `/${format}.xml`,
        feed(
          {
            title: t.feeds.all(settings.commune.name),
            description: t.home.description(settings.commune.name),
            pagePath: "/",
            feedPath: `/${format}.xml`,
          },
          { kind: "all" },
          format,
        ),
      ),
    );
    app.get(`/hoi-dap/${format}.xml`, (req, reply) =>
      cached(
        req,
        reply,
        `/hoi-dap/${format}.xml`,
        feed(
          {
            title: t.feeds.questions(settings.commune.name),
            description: t.list.questionsDescription(settings.commune.name),
            pagePath: "/hoi-dap",
            feedPath: `/hoi-dap/${format}.xml`,
          },
          { kind: "questions" },
          format,
        ),
      ),
    );
    app.get<{ Params: { code: string } }>(`/linh-vuc/:code/${format}.xml`, (req, reply) => {
      const code = req.params.code;
      return cached(req, reply, `/linh-vuc/${code}/${format}.xml`, async () => {
        const field = /^[a-z0-9-]{1,40}$/.test(code) ? await findField(db, code) : null;
        if (!field) return notFound();
        return feed(
          {
            title: t.feeds.field(field.name, settings.commune.name),
            description: t.list.fieldDescription(field.name, settings.commune.name),
            pagePath: fieldPath(field.code),
            feedPath: `${fieldPath(field.code)}/${format}.xml`,
          },
          { fieldCode: field.code },
          format,
        )();
      });
    });
  }
  app.get("/sitemap.xml", (req, reply) =>
    cached(req, reply, "/sitemap.xml", async () => {
      const [items, fields] = await Promise.all([sitemapEntries(db), fieldsWithCounts(db)]);
      const pages = ["/", "/tin-tuc", "/hoi-dap", "/gui-cau-hoi", ...fields.map((f) => fieldPath(f.code))];
      return rendered(sitemap(base, pages, items), { contentType: XML });
    }),
  );
}
