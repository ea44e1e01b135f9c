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
 * is announced (see cache.ts); the form and the status page are rendered per request. This file
 * sets up what every route shares (security headers, error pages, static files); the routes are
 * in routes/, the markup in pages/.
 */
import fastifyFormbody from "@fastify/formbody";
import fastifyRateLimit from "@fastify/rate-limit";
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Redis } from "ioredis";
import type { CoreDeps } from "../../core/context.ts";
import type { Db } from "../../core/db.ts";
import type { Logger } from "../../core/logger.ts";
import { loadAssets } from "./assets.ts";
import { listenForChanges, PageCache } from "./cache.ts";
import { DEFAULT_TIMING, formSecret, readForm, type FormTiming } from "./form.ts";
import type { Html } from "./html.ts";
import { layout, type Chrome, type PageMeta } from "./layout.ts";
import { t } from "./messages.ts";
import { messagePage } from "./pages/question-form.ts";
import { rendered, send, type Rendered } from "./respond.ts";
import { activeNotice, type SiteSettings } from "./settings.ts";
import { NO_STORE, type FormPage, type SiteContext } from "./context.ts";
import { attachmentRoutes } from "./routes/attachments.ts";
import { feedRoutes } from "./routes/feeds.ts";
import { pageRoutes } from "./routes/pages.ts";
import { questionRoutes } from "./routes/question.ts";

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
  /**
   * Where rate-limit counters live when several web processes serve the site: a fail-fast Redis
   * connection (a counter that cannot be reached lets the request through; the form's other
   * defences still hold). Without it, each process counts on its own.
   */
  rateLimitStore?: { redis: Redis; prefix: string };
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
  await app.register(fastifyRateLimit, {
    global: false,
    ...(deps.rateLimitStore && {
      redis: deps.rateLimitStore.redis,
      nameSpace: `${deps.rateLimitStore.prefix}:site-rate:`,
      skipOnError: true,
    }),
  });

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

  /** Set once the form's routes are registered; the error handler shows it on a CSRF failure. */
  let formPage: FormPage | null = null;
  app.setNotFoundHandler((req, reply) => send(req, reply, notFound()));
  app.setErrorHandler(async (err: Error & { statusCode?: number; code?: string }, req, reply) => {
    const status = err.statusCode ?? 500;
    if (err.code?.startsWith("FST_CSRF") && req.method === "POST" && formPage) {
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

  const ctx: SiteContext = {
    app,
    db,
    settings,
    log,
    now,
    tz,
    base,
    page,
    cached,
    notFound,
    secret,
    timing,
    core: deps.core,
    formRateLimit: deps.formRateLimit,
  };
  feedRoutes(ctx);
  pageRoutes(ctx);
  attachmentRoutes(ctx);
  formPage = (await questionRoutes(ctx)).formPage;
}
