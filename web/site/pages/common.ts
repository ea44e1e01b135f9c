/** Pieces several pages share: an item in a list, pagination. */
import { summary } from "../body.ts";
import { formatDate } from "../format.ts";
import { html, trustedHtml, type Html } from "../html.ts";
import { KIND_LABELS, t } from "../messages.ts";
import type { ListedItem } from "../store.ts";

export const PER_PAGE = 10;

/** The page number asked for ("?trang=2"); anything odd is page 1. */
export function pageNumber(raw: unknown): number {
  const n = typeof raw === "string" && /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  return n >= 1 ? n : 1;
}

export function itemPath(slug: string): string {
  return `/tin/${encodeURIComponent(slug)}`;
}

export function fieldPath(code: string): string {
  return `/linh-vuc/${encodeURIComponent(code)}`;
}

/** One item in a list, under a heading of the given level. */
export function itemCard(item: ListedItem, timeZone: string, level: 2 | 3): Html {
  const h = trustedHtml(`h${level}`);
  const hEnd = trustedHtml(`/h${level}`);
  const isQuestion = item.kind === "question" || item.kind === "feedback";
  const text = isQuestion ? (item.answerText ?? item.question ?? item.body) : item.body;
  return html`<article class="card">
<${h}><a href="${itemPath(item.slug)}">${item.title}</a><${hEnd}>
<p class="meta"><time datetime="${item.publishedAt.toISOString()}">${formatDate(item.publishedAt, timeZone)}</time>${
    isQuestion ? html` · ${KIND_LABELS[item.kind]}` : ""
  }${item.field ? html` · <a href="${fieldPath(item.field.code)}">${item.field.name}</a>` : ""}</p>
<p>${summary(text)}</p>
</article>`;
}

/** Previous / next links and where we are; nothing when everything fits on one page. */
export function pagination(path: string, page: number, totalPages: number, query: Record<string, string> = {}): Html {
  if (totalPages <= 1) return html``;
  const href = (n: number) => {
    const params = new URLSearchParams(query);
    if (n > 1) params.set("trang", String(n));
    const qs = params.toString();
    return qs ? `${path}?${qs}` : path;
  };
  return html`<nav class="pager" aria-label="${t.list.pagination}">
    ${page > 1 ? html`<a href="${href(page - 1)}" rel="prev">${t.list.previous}</a>` : ""}
    <span>${t.list.pageOf(page, totalPages)}</span>
    ${page < totalPages ? html`<a href="${href(page + 1)}" rel="next">${t.list.next}</a>` : ""}
  </nav>`;
}
