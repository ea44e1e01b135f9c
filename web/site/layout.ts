/**
 * The page around every page: `lang="vi"`, landmarks (header, nav, main, footer), a skip link,
 * the maintenance notice when one is active, the search box, and in the footer the commune's
 * contact details and the citation rule ("Nguồn: …", `000` Điều 3.6). No script anywhere.
 */
import type { Assets } from "./assets.ts";
import { html, jsonForScript, type Html } from "./html.ts";
import { t } from "./messages.ts";
import type { SiteSettings } from "./settings.ts";

export type Section = "home" | "news" | "questions" | "ask" | "status" | "search" | null;

export interface PageMeta {
  title: string;
  description: string;
  /** Path of the canonical address, e.g. "/tin/abc-42"; null for pages that should not be indexed. */
  path: string | null;
  section: Section;
  /** OpenGraph type and image (absolute path on this site). */
  ogType?: "website" | "article";
  ogImage?: string | null;
  /** schema.org data for the page, rendered as JSON-LD. */
  structured?: unknown;
  /** Feeds to announce in the head besides the site-wide one. */
  feeds?: Array<{ title: string; path: string }>;
  noindex?: boolean;
}

export interface Chrome {
  settings: SiteSettings;
  assets: Assets;
  /** The maintenance notice to show, when one is active now. */
  notice: string | null;
}

const NAV: Array<{ section: Exclude<Section, null>; href: string; label: string }> = [
  { section: "home", href: "/", label: t.nav.home },
  { section: "news", href: "/tin-tuc", label: t.nav.news },
  { section: "questions", href: "/hoi-dap", label: t.nav.questions },
  { section: "ask", href: "/gui-cau-hoi", label: t.nav.ask },
  { section: "status", href: "/trang-thai", label: t.nav.status },
];

/** The whole document for a page's main content. */
export function layout(chrome: Chrome, meta: PageMeta, main: Html): string {
  const { settings, assets } = chrome;
  const site = t.siteTitle(settings.commune.name);
  const title = meta.section === "home" ? site : `${meta.title} – ${site}`;
  const canonical = meta.path === null ? null : settings.baseUrl + meta.path;
  const feeds = [{ title: t.feeds.all(settings.commune.name), path: "/rss.xml" }, ...(meta.feeds ?? [])];
  const c = settings.commune;
  return html`<!doctype html>
    <html lang="vi">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <meta name="description" content="${meta.description}" />
        ${canonical ? html`<link rel="canonical" href="${canonical}" />` : ""}
        ${meta.noindex ? html`<meta name="robots" content="noindex" />` : ""} ${assets.inlineStyle}
        <link rel="icon" href="${assets.url("favicon.svg")}" type="image/svg+xml" />
        <meta name="theme-color" content="#8b1a1a" />
        ${feeds.map((f) => html`<link rel="alternate" type="application/rss+xml" title="${f.title}" href="${f.path}" /> `)}
        <meta property="og:site_name" content="${site}" />
        <meta property="og:locale" content="vi_VN" />
        <meta property="og:type" content="${meta.ogType ?? "website"}" />
        <meta property="og:title" content="${meta.title}" />
        <meta property="og:description" content="${meta.description}" />
        ${canonical ? html`<meta property="og:url" content="${canonical}" />` : ""}
        ${meta.ogImage ? html`<meta property="og:image" content="${settings.baseUrl + meta.ogImage}" />` : ""}
        ${
          meta.structured
            ? html`<script type="application/ld+json">
                ${jsonForScript(meta.structured)}
              </script>`
            : ""
        }
      </head>
      <body>
        <a class="skip" href="#noi-dung">${t.skipToContent}</a>
        ${chrome.notice ? html`<section class="notice" aria-label="${t.notice.label}"><p>${chrome.notice}</p></section>` : ""}
        <header class="site-header">
          <div class="wrap">
            <a class="brand" href="/">${c.name}<span>${t.brandLine}</span></a>
            <nav aria-label="${t.nav.label}">
              <ul>
                ${NAV.map(
                  (n) =>
                    html`<li>
                      <a href="${n.href}" ${meta.section === n.section ? html` aria-current="page"` : ""}>${n.label}</a>
                    </li>`,
                )}
              </ul>
            </nav>
            <form class="search-top" role="search" aria-label="${t.searchBox.label}" action="/tim-kiem" method="get">
              <label for="q-top" class="vh">${t.searchBox.label}</label>
              <input id="q-top" type="search" name="q" placeholder="${t.searchBox.placeholder}" maxlength="200" />
              <button type="submit">${t.searchBox.button}</button>
            </form>
          </div>
        </header>
        <main id="noi-dung" class="wrap">${main}</main>
        <footer class="site-footer">
          <div class="wrap">
            <p>${t.footer.citeRule} <strong class="citation">${c.citation}</strong></p>
            <h2>${t.footer.contact}</h2>
            <address>
              <strong>${c.name}</strong><br />
              ${c.address ? html`${t.footer.address}: ${c.address}<br />` : ""}
              ${c.hotline ? html`${t.footer.hotline}: <a href="tel:${c.hotline.replace(/[^\d+]/g, "")}">${c.hotline}</a><br />` : ""}
              ${c.email ? html`${t.footer.email}: <a href="mailto:${c.email}">${c.email}</a>` : ""}
            </address>
            <p>
              ${t.footer.feeds}: <a href="/rss.xml">RSS</a> · <a href="/atom.xml">Atom</a> ·
              <a href="/hoi-dap/rss.xml">${t.nav.questions} (RSS)</a>
            </p>
          </div>
        </footer>
      </body>
    </html> `.value;
}
