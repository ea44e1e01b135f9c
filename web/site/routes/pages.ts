/** Home, lists (news, questions, a field), an item (410 once unpublished), search: all cached. */
import { summary } from "../body.ts";
import { imageSize } from "../images.ts";
import type { PageMeta } from "../layout.ts";
import { t } from "../messages.ts";
import { fieldPath, itemPath, pageNumber, PER_PAGE } from "../pages/common.ts";
import { homePage } from "../pages/home.ts";
import { gonePage, IMAGE_WIDTHS, isQuestion, itemPage, structuredData, type ShownImage } from "../pages/item.ts";
import { listPage } from "../pages/list.ts";
import { searchPage } from "../pages/search.ts";
import { send, type Rendered } from "../respond.ts";
import { cleanQuery, MAX_QUERY_CHARS, searchItems } from "../search.ts";
import { fieldsWithCounts, findField, findItem, listItems, type ListFilter } from "../store.ts";
import type { SiteContext } from "../context.ts";

/** Registers the home, list, field, item and search pages. */
export function pageRoutes(ctx: SiteContext): void {
  const { app, db, settings, log, tz, base, page, cached, notFound } = ctx;
  // -- home, lists, fields ---------------------------------------------------------------------
  app.get("/", (req, reply) =>
    cached(req, reply, "/", async () => {
      const [news, answers, fields] = await Promise.all([
        listItems(db, { kind: "news" }, { offset: 0, limit: 6 }),
        listItems(db, { kind: "questions" }, { offset: 0, limit: 6 }),
        fieldsWithCounts(db),
      ]);
      return page(
        {
          title: t.siteTitle(settings.commune.name),
          description: t.home.description(settings.commune.name),
          path: "/",
          section: "home",
          feeds: [{ title: t.feeds.questions(settings.commune.name), path: "/hoi-dap/rss.xml" }],
          structured: {
            "@context": "https://schema.org",
            "@type": "GovernmentOrganization",
            name: settings.commune.name,
            url: base + "/",
            ...(settings.commune.address && { address: settings.commune.address }),
            ...(settings.commune.hotline && { telephone: settings.commune.hotline }),
            ...(settings.commune.email && { email: settings.commune.email }),
          },
        },
        homePage({ commune: settings.commune.name, timeZone: tz, news: news.items, answers: answers.items, fields }),
      );
    }),
  );

  const list = async (
    filter: ListFilter,
    p: { title: string; description: string; path: string; section: PageMeta["section"]; feed: string | null },
    n: number,
  ): Promise<Rendered> => {
    const { items, total } = await listItems(db, filter, { offset: (n - 1) * PER_PAGE, limit: PER_PAGE });
    const totalPages = Math.max(1, Math.ceil(total / PER_PAGE));
    if (n > totalPages) return notFound();
    const feeds = p.feed ? { rss: `${p.feed}/rss.xml`, atom: `${p.feed}/atom.xml` } : null;
    return page(
      {
        title: n > 1 ? `${p.title} – ${t.list.page(n)}` : p.title,
        description: p.description,
        path: n > 1 ? `${p.path}?trang=${n}` : p.path,
        section: p.section,
        feeds: feeds ? [{ title: p.title, path: feeds.rss }] : [],
      },
      listPage({ title: p.title, path: p.path, timeZone: tz, items, page: n, totalPages, feed: feeds }),
    );
  };

  app.get<{ Querystring: { trang?: string } }>("/tin-tuc", (req, reply) => {
    const n = pageNumber(req.query.trang);
    return cached(req, reply, `/tin-tuc?${n}`, () =>
      list(
        { kind: "news" },
        {
          title: t.list.news,
          description: t.list.newsDescription(settings.commune.name),
          path: "/tin-tuc",
          section: "news",
          feed: null,
        },
        n,
      ),
    );
  });
  app.get<{ Querystring: { trang?: string } }>("/hoi-dap", (req, reply) => {
    const n = pageNumber(req.query.trang);
    return cached(req, reply, `/hoi-dap?${n}`, () =>
      list(
        { kind: "questions" },
        {
          title: t.list.questions,
          description: t.list.questionsDescription(settings.commune.name),
          path: "/hoi-dap",
          section: "questions",
          feed: "/hoi-dap",
        },
        n,
      ),
    );
  });
  app.get<{ Params: { code: string }; Querystring: { trang?: string } }>("/linh-vuc/:code", (req, reply) => {
    const n = pageNumber(req.query.trang);
    const code = req.params.code;
    return cached(req, reply, `/linh-vuc/${code}?${n}`, async () => {
      const field = /^[a-z0-9-]{1,40}$/.test(code) ? await findField(db, code) : null;
      if (!field) return notFound();
      return list(
        { fieldCode: field.code },
        {
          title: t.list.field(field.name),
          description: t.list.fieldDescription(field.name, settings.commune.name),
          path: fieldPath(field.code),
          section: null,
          feed: fieldPath(field.code),
        },
        n,
      );
    });
  });

  // -- an item ---------------------------------------------------------------------------------
  app.get<{ Params: { slug: string } }>("/tin/:slug", (req, reply) => {
    const slug = req.params.slug;
    if (!/^[a-z0-9-]{1,120}$/.test(slug)) return send(req, reply, notFound());
    return cached(req, reply, `/tin/${slug}`, async () => {
      const item = await findItem(db, slug);
      if (!item) return notFound();
      if (item.status !== "published") {
        return page(
          { title: t.item.goneTitle, description: t.item.goneText, path: null, section: null, noindex: true },
          gonePage(),
          { status: 410 },
        );
      }
      const images: ShownImage[] = [];
      for (const a of item.attachments.filter((x) => x.isImage)) {
        const size = await imageSize(settings.dataDir, a.sha256);
        if (size) images.push({ id: a.id, ...size });
        else log.warn({ attachmentId: a.id, slug }, "published image missing from the attachment store");
      }
      const url = base + itemPath(item.slug);
      const text = isQuestion(item) ? (item.answerText ?? item.question ?? item.body) : item.body;
      return page(
        {
          title: item.title,
          description: summary(text, 160),
          path: itemPath(item.slug),
          section: isQuestion(item) ? "questions" : "news",
          ogType: "article",
          ogImage: images[0] ? `/tep/${images[0].id}/${IMAGE_WIDTHS[1]}` : null,
          structured: structuredData(item, url, settings.commune.name),
        },
        itemPage(item, images, tz),
      );
    });
  });

  // -- search ----------------------------------------------------------------------------------
  app.get<{ Querystring: { q?: string; trang?: string } }>("/tim-kiem", (req, reply) => {
    const raw = typeof req.query.q === "string" ? req.query.q : "";
    const q = cleanQuery(raw);
    const n = pageNumber(req.query.trang);
    return cached(req, reply, `/tim-kiem?${n}&${q}`, async () => {
      const tooLong = Array.from(q).length > MAX_QUERY_CHARS;
      const { hits, total } =
        q && !tooLong
          ? await searchItems(db, q, { offset: (n - 1) * PER_PAGE, limit: PER_PAGE })
          : { hits: [], total: 0 };
      return page(
        {
          title: q ? t.search.titleFor(q) : t.search.title,
          description: t.search.description,
          path: q ? null : "/tim-kiem",
          section: "search",
        },
        searchPage({
          query: tooLong ? "" : q,
          hits,
          total,
          page: n,
          totalPages: Math.max(1, Math.ceil(total / PER_PAGE)),
          timeZone: tz,
          problem: tooLong ? t.search.tooLong : null,
        }),
      );
    });
  });
}
