/** RSS 2.0 and Atom feeds, the sitemap and robots.txt: XML and text built with escaping. */
import { summary } from "./body.ts";
import { escapeXml } from "./html.ts";
import { fieldPath, itemPath } from "./pages/common.ts";
import type { ListedItem } from "./store.ts";

export interface Feed {
  title: string;
  description: string;
  /** Path of the HTML page the feed mirrors, and of the feed itself. */
  pagePath: string;
  feedPath: string;
  items: ListedItem[];
}

const x = escapeXml;

function itemText(i: ListedItem): string {
  return summary(i.answerText ?? i.question ?? i.body, 400);
}

export function rss(baseUrl: string, f: Feed): string {
  const items = f.items
    .map((i) => {
      const url = baseUrl + itemPath(i.slug);
      return `<item>
<title>${x(i.title)}</title>
<link>${x(url)}</link>
<guid isPermaLink="true">${x(url)}</guid>
<pubDate>${i.publishedAt.toUTCString()}</pubDate>
${i.field ? `<category domain="${x(baseUrl + fieldPath(i.field.code))}">${x(i.field.name)}</category>` : ""}
<description>${x(itemText(i))}</description>
</item>`;
    })
    .join("\n");
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>${x(f.title)}</title>
<link>${x(baseUrl + f.pagePath)}</link>
<atom:link href="${x(baseUrl + f.feedPath)}" rel="self" type="application/rss+xml"/>
<description>${x(f.description)}</description>
<language>vi</language>
${f.items[0] ? `<lastBuildDate>${f.items[0].publishedAt.toUTCString()}</lastBuildDate>` : ""}
${items}
</channel>
</rss>
`;
}

export function atom(baseUrl: string, f: Feed): string {
  const updated = (f.items[0]?.updatedAt ?? new Date(0)).toISOString();
  const entries = f.items
    .map((i) => {
      const url = baseUrl + itemPath(i.slug);
      return `<entry>
<title>${x(i.title)}</title>
<link rel="alternate" type="text/html" href="${x(url)}"/>
<id>${x(url)}</id>
<published>${i.publishedAt.toISOString()}</published>
<updated>${i.updatedAt.toISOString()}</updated>
${i.field ? `<category term="${x(i.field.code)}" label="${x(i.field.name)}"/>` : ""}
<summary>${x(itemText(i))}</summary>
</entry>`;
    })
    .join("\n");
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">
<title>${x(f.title)}</title>
<subtitle>${x(f.description)}</subtitle>
<link rel="alternate" type="text/html" href="${x(baseUrl + f.pagePath)}"/>
<link rel="self" type="application/atom+xml" href="${x(baseUrl + f.feedPath)}"/>
<id>${x(baseUrl + f.feedPath)}</id>
<updated>${updated}</updated>
<author><name>${x(f.title)}</name></author>
${entries}
</feed>
`;
}

export function sitemap(baseUrl: string, pages: string[], items: Array<{ slug: string; updatedAt: Date }>): string {
  const urls = [
    ...pages.map((p) => `<url><loc>${x(baseUrl + p)}</loc></url>`),
    ...items.map(
      (i) => `<url><loc>${x(baseUrl + itemPath(i.slug))}</loc><lastmod>${i.updatedAt.toISOString()}</lastmod></url>`,
    ),
  ];
  return `<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.join("\n")}
</urlset>
`;
}

export function robots(baseUrl: string): string {
  return `User-agent: *
Allow: /
Disallow: /trang-thai

Sitemap: ${baseUrl}/sitemap.xml
`;
}
