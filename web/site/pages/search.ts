/** The search page: the box, then ranked hits with the matches marked. */
import { formatDate } from "../format.ts";
import { html, type Html } from "../html.ts";
import { KIND_LABELS, t } from "../messages.ts";
import type { SearchHit } from "../search.ts";
import { fieldPath, itemPath, pagination } from "./common.ts";

export function searchPage(p: {
  query: string;
  hits: SearchHit[];
  total: number;
  page: number;
  totalPages: number;
  timeZone: string;
  problem: string | null;
}): Html {
  return html`<h1 class="page-title">${p.query ? t.search.titleFor(p.query) : t.search.title}</h1>
    <form class="search-form" role="search" aria-label="${t.search.title}" action="/tim-kiem" method="get">
      <label for="q">${t.search.label}</label>
      <p class="hint" id="q-hint">${t.search.hint}</p>
      <div class="row">
        <input id="q" type="search" name="q" value="${p.query}" maxlength="200" aria-describedby="q-hint" /><button
          type="submit"
        >
          ${t.search.button}
        </button>
      </div>
    </form>
    ${p.problem ? html`<p class="error" role="alert">${p.problem}</p>` : ""}
    ${p.query && !p.problem ? html`<p class="count" role="status">${p.total ? t.search.results(p.total) : t.search.none}</p>` : ""}
    ${p.hits.map(
      (h) =>
        html`<article class="card hit">
          <h2><a href="${itemPath(h.slug)}">${h.title}</a></h2>
          <p class="meta">
            <time datetime="${h.publishedAt.toISOString()}">${formatDate(h.publishedAt, p.timeZone)}</time> ·
            ${
              h.kind === "question" || h.kind === "feedback" ? t.nav.questions : (KIND_LABELS[h.kind] ?? t.nav.news)
            }${h.fieldCode ? html` · <a href="${fieldPath(h.fieldCode)}">${h.fieldName}</a>` : ""}
          </p>
          <p>${h.snippet}</p>
        </article>`,
    )}
    ${pagination("/tim-kiem", p.page, p.totalPages, { q: p.query })}`;
}
