/**
 * The public site as one Fastify plugin (encapsulated: its hooks, body parser, cookies and error
 * pages apply to its own routes only, so webhooks registered beside it keep their raw bodies).
 *
 *   /                       home                 /tin/:slug            an item (410 once unpublished)
 *   /tin-tuc, /hoi-dap      lists (?trang=N)     /linh-vuc/:code       a field's items
 *   /tim-kiem?q=            search               /gui-cau-hoi          the question form (GET, POST)
 *   /trang-thai?ma=         status by code       /tep/:id[/:width]     attachments of published items
 *   /rss.xml /atom.xml, /hoi-dap/…, /linh-vuc/:code/…  feeds      /sitemap.xml /robots.txt /static/…
 *
 * Pages that read only published data are rendered once and kept in `PageCache` until a change
 * is announced (see cache.ts); the form and the status page are rendered per request.
 */
import fastifyCookie from "@fastify/cookie";
import fastifyCsrf from "@fastify/csrf-protection";
import fastifyFormbody from "@fastify/formbody";
import fastifyRateLimit from "@fastify/rate-limit";
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { CoreDeps } from "../../core/context.ts";
import type { Db } from "../../core/db.ts";
import { openAttachment } from "../../core/attachments/store.ts";
import { receiveInbound } from "../../core/intake/receive.ts";
import type { Logger } from "../../core/logger.ts";
import { formatTrackingCode, parseTrackingCode } from "../../core/tracking-code.ts";
import { loadAssets } from "./assets.ts";
import { listenForChanges, PageCache } from "./cache.ts";
import { atom, robots, rss, sitemap, type Feed } from "./feeds.ts";
import {
  canonicalContact,
  checkFormToken,
  DEFAULT_TIMING,
  formSecret,
  issueFormToken,
  readForm,
  type FormTiming,
} from "./form.ts";
import type { Html } from "./html.ts";
import { contentDisposition, imageSize, resizedImage } from "./images.ts";
import { layout, type Chrome, type PageMeta } from "./layout.ts";
import { t } from "./messages.ts";
import { fieldPath, itemPath, pageNumber, PER_PAGE } from "./pages/common.ts";
import { homePage } from "./pages/home.ts";
import { gonePage, IMAGE_WIDTHS, isQuestion, itemPage, structuredData, type ShownImage } from "./pages/item.ts";
import { listPage } from "./pages/list.ts";
import {
  acknowledgementPage,
  messagePage,
  questionFormPage,
  statusPage,
  type FormErrors,
  type FormValues,
} from "./pages/question-form.ts";
import { searchPage } from "./pages/search.ts";
import { rendered, send, type Rendered } from "./respond.ts";
import { cleanQuery, MAX_QUERY_CHARS, searchItems } from "./search.ts";
import { activeNotice, type SiteSettings } from "./settings.ts";
import {
  feedItems,
  fieldsWithCounts,
  findField,
  findItem,
  findPublishedAttachment,
  listItems,
  INLINE_IMAGE_TYPES,
  sitemapEntries,
  submissionStatus,
  webMessages,
  type ListFilter,
} from "./store.ts";
import { summary } from "./body.ts";

export interface SiteDeps {
  db: Db;
  /** Core's dependencies: the form hands questions to `receiveInbound`. */
  core: CoreDeps;
  settings: SiteSettings;
  /** The database the change listener connects to (its own connection, outside the pool). */
  databaseUrl: string;
  log: Logger;
  formTiming?: FormTiming;
  /** Question form submissions per address (IP) and window. */
  formRateLimit?: { max: number; timeWindowMs: number };
  now?: () => Date;
}

/** Scripts: none at all (default-src 'none'). Styles: the site's own inline stylesheet, by hash. */
function contentSecurityPolicy(styleSource: string): string {
  return [
    "default-src 'none'",
    `style-src ${styleSource}`,
    "img-src 'self'",
    // Nothing on the site fetches; tools that read robots.txt from the page (Lighthouse) need it.
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const NO_STORE = "no-store";
const XML = "application/xml; charset=utf-8";

/** Registers the site on `app`. */
export async function site(app: FastifyInstance, deps: SiteDeps): Promise<void> {
  const { db, settings } = deps;
  const log = deps.log.child({ mod: "site" });
  const now = () => deps.now?.() ?? new Date();
  const tz = settings.timeZone;
  const base = settings.baseUrl;
  const assets = loadAssets();
  const csp = contentSecurityPolicy(assets.inlineStyleSource);
  const cache = new PageCache();
  const listener = listenForChanges(deps.databaseUrl, cache, log);
  app.addHook("onClose", async () => listener.close());
  const secret = await formSecret(db);
  const timing = deps.formTiming ?? DEFAULT_TIMING;

  // Page views are not logged (see web/server.ts), so a request needs no logger of its own: one
  // child per level is shared, which spares every request a pino child and its redaction pass.
  // Site logs (refusals, errors) go through `log` with the request's address.
  const requestLoggers = new Map<string, FastifyBaseLogger>();
  app.setChildLoggerFactory((logger, _bindings, opts) => {
    const key = opts.level ?? "";
    let child = requestLoggers.get(key);
    if (!child) requestLoggers.set(key, (child = logger.child({ mod: "site" }, opts)));
    return child;
  });

  await app.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
  await app.register(fastifyRateLimit, { global: false });

  // Security headers on every response of the site, errors included.
  const securityHeaders = {
    "content-security-policy": csp,
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
  };
  // Callback style, not async: this runs for every response, and a promise each time shows.
  app.addHook("onSend", (req, reply, payload, done) => {
    reply.headers(securityHeaders);
    if (req.protocol === "https") reply.header("strict-transport-security", "max-age=31536000; includeSubDomains");
    done(null, payload);
  });

  const chrome = (): Chrome => ({ settings, assets, notice: activeNotice(settings.notice, now()) });
  const page = (meta: PageMeta, main: Html, opts: { status?: number; cacheControl?: string } = {}): Rendered =>
    rendered(layout(chrome(), meta, main), opts);
  /** Cached pages vary by the notice being shown, and by nothing else than path and known parameters. */
  const cached = (req: FastifyRequest, reply: FastifyReply, key: string, render: () => Promise<Rendered>) =>
    cache
      .getOrRender(`${activeNotice(settings.notice, now()) ? "n" : "-"}|${key}`, render)
      .then((r) => send(req, reply, r));

  const notFound = (): Rendered =>
    page(
      { title: t.errors.notFoundTitle, description: t.errors.notFoundText, path: null, section: null, noindex: true },
      messagePage(t.errors.notFoundTitle, t.errors.notFoundText),
      { status: 404, cacheControl: NO_STORE },
    );

  app.setNotFoundHandler((req, reply) => send(req, reply, notFound()));
  app.setErrorHandler(async (err: Error & { statusCode?: number; code?: string }, req, reply) => {
    const status = err.statusCode ?? 500;
    if (err.code?.startsWith("FST_CSRF") && req.method === "POST") {
      // The form again, values kept, with a word on what happened — not a bare 403.
      log.info({ code: err.code }, "question form refused: CSRF");
      const { values } = readForm(req.body, new Set());
      return send(req, reply, await formPage(reply, 403, values, { form: t.form.errors.csrf }));
    }
    if (status >= 500) log.error({ err, url: req.url }, "site page failed");
    else log.info({ status, url: req.url, code: (err as { code?: string }).code }, "site request refused");
    const [title, text] =
      status === 429
        ? [t.errors.tooManyTitle, t.form.rateLimited]
        : status >= 500
          ? [t.errors.serverTitle, t.errors.serverText]
          : [t.errors.notFoundTitle, t.errors.notFoundText];
    return send(
      req,
      reply,
      page({ title, description: text, path: null, section: null, noindex: true }, messagePage(title, text), {
        status: status >= 400 ? status : 500,
        cacheControl: NO_STORE,
      }),
    );
  });

  // -- static files --------------------------------------------------------------------------
  app.get("/static/*", async (req, reply) => {
    const a = assets.byPath.get(req.url.split("?")[0]!);
    if (!a) return send(req, reply, notFound());
    return send(req, reply, {
      ...a,
      status: 200,
      cacheControl: "public, max-age=31536000, immutable",
    });
  });
  app.get("/robots.txt", (req, reply) =>
    cached(req, reply, "robots", async () =>
      rendered(robots(base), { contentType: "text/plain; charset=utf-8", cacheControl: "public, max-age=3600" }),
    ),
  );

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

  // -- the question form -----------------------------------------------------------------------
  const fieldList = () => fieldsWithCounts(db).then((fs) => fs.map(({ code, name }) => ({ code, name })));
  const formPage = async (
    reply: FastifyReply,
    status: number,
    values?: FormValues,
    errors?: FormErrors,
    /** Keep the token the person already has (sent too fast: its clock keeps running). */
    formToken?: string,
  ): Promise<Rendered> => {
    const csrfToken = reply.generateCsrf();
    return page(
      { title: t.form.title, description: t.form.description, path: "/gui-cau-hoi", section: "ask" },
      questionFormPage({
        fields: await fieldList(),
        csrfToken,
        formToken: formToken ?? issueFormToken(secret, now().getTime()),
        values,
        errors,
      }),
      { status, cacheControl: NO_STORE },
    );
  };

  // Cookies and CSRF only where the form is: every other page is spared their hooks.
  await app.register(async (form) => {
    await form.register(fastifyCookie, { secret: secret.toString("base64") });
    await form.register(fastifyCsrf, {
      sessionPlugin: "@fastify/cookie",
      cookieKey: "bantin-csrf",
      cookieOpts: {
        path: "/gui-cau-hoi",
        httpOnly: true,
        sameSite: "lax",
        signed: true,
        secure: base.startsWith("https:"),
      },
    });
    form.get("/gui-cau-hoi", async (req, reply) => send(req, reply, await formPage(reply, 200)));

    const rate = deps.formRateLimit ?? { max: 10, timeWindowMs: 3_600_000 };
    form.post(
      "/gui-cau-hoi",
      {
        config: {
          rateLimit: {
            max: rate.max,
            timeWindow: rate.timeWindowMs,
            errorResponseBuilder: () => Object.assign(new Error("rate limited"), { statusCode: 429 }),
          },
        },
        // A missing or wrong token is sent to the error handler, which shows the form again.
        preHandler: form.csrfProtection,
      },
      async (req, reply) => {
        const fields = await fieldList();
        const { values, errors, honeypot } = readForm(req.body, new Set(fields.map((f) => f.code)));
        const token = checkFormToken(
          secret,
          (req.body as Record<string, unknown> | undefined)?.form,
          timing,
          now().getTime(),
        );
        if (honeypot || !token.ok) {
          const reason = honeypot ? "honeypot" : (token as { reason: string }).reason;
          log.info({ reason }, "question form refused");
          const message = reason === "expired" ? t.form.errors.expired : t.form.errors.tooFast;
          const keep = reason === "too_fast" ? String((req.body as Record<string, unknown>).form) : undefined;
          return send(req, reply, await formPage(reply, 422, values, { form: message }, keep));
        }
        if (Object.keys(errors).length > 0) return send(req, reply, await formPage(reply, 422, values, errors));

        const contact = canonicalContact(values.contact)!;
        const received = await receiveInbound(deps.core, {
          channel: "web",
          externalId: `form:${token.nonce}`,
          sender: { externalId: contact.value, displayName: values.name },
          text: values.question,
          payload: {
            form: { name: values.name, contact: values.contact, field: values.field, question: values.question },
            contactKind: contact.kind,
          },
          receivedAt: now(),
        });
        log.info(
          { submissionId: received.submissionId, trackingCode: received.trackingCode, duplicate: received.duplicate },
          "question received from the web form",
        );
        return send(
          req,
          reply,
          page(
            { title: t.ack.title, description: t.form.description, path: null, section: "ask", noindex: true },
            acknowledgementPage(received.trackingCode, received.duplicate),
            { cacheControl: NO_STORE },
          ),
        );
      },
    );
  });

  // -- status by tracking code -----------------------------------------------------------------
  // GET for links (?ma=TB-0042); POST when a contact is given, so it stays out of addresses and logs.
  const status = async (req: FastifyRequest, reply: FastifyReply, input: Record<string, unknown>) => {
    const str = (v: unknown, max: number) => (typeof v === "string" ? v.normalize("NFC").trim().slice(0, max) : "");
    const raw = str(input.ma, 20);
    const contactRaw = str(input["lien-he"], 120);
    const contact = contactRaw ? canonicalContact(contactRaw) : null;
    const n = raw ? parseTrackingCode(raw) : null;
    const s = n ? await submissionStatus(db, n) : null;
    const problem = !raw
      ? null
      : !n
        ? t.status.invalid
        : !s
          ? t.status.notFound(formatTrackingCode(n))
          : contactRaw && !contact
            ? t.form.errors.contact
            : null;
    const messages = s && contact ? await webMessages(db, s.trackingNumber, contact.value) : null;
    return send(
      req,
      reply,
      page(
        { title: t.status.title, description: t.status.description, path: "/trang-thai", section: "status" },
        statusPage({
          query: raw,
          contact: contactRaw,
          problem,
          found: s ? { ...s, trackingCode: formatTrackingCode(s.trackingNumber) } : null,
          messages,
          timeZone: tz,
        }),
        { status: raw && !s ? 404 : 200, cacheControl: NO_STORE },
      ),
    );
  };
  // Review cards link here ("Xem đầy đủ"). The board's full view of an item needs a sign-in the
  // site does not have yet; until then the link shows what anyone may see: the public status.
  app.get<{ Params: { code: string } }>("/theo-doi/:code", (req, reply) => {
    const n = parseTrackingCode(req.params.code);
    if (!n) return send(req, reply, notFound());
    return reply.redirect(`/trang-thai?ma=${formatTrackingCode(n)}`, 302);
  });
  const statusLimit = { config: { rateLimit: { max: 60, timeWindow: 60_000 } } };
  app.get<{ Querystring: Record<string, unknown> }>("/trang-thai", statusLimit, (req, reply) =>
    status(req, reply, { ma: req.query.ma }),
  );
  app.post("/trang-thai", statusLimit, (req, reply) =>
    status(req, reply, (req.body && typeof req.body === "object" ? req.body : {}) as Record<string, unknown>),
  );
}
