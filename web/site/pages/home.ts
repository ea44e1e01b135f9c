/** The home page: latest news, latest answered questions, the fields, and the way to ask. */
import { html, type Html } from "../html.ts";
import { t } from "../messages.ts";
import type { FieldRef, ListedItem } from "../store.ts";
import { fieldPath, itemCard } from "./common.ts";

export function homePage(p: {
  commune: string;
  timeZone: string;
  news: ListedItem[];
  answers: ListedItem[];
  fields: Array<FieldRef & { count: number }>;
}): Html {
  return html`<h1 class="page-title">${t.siteTitle(p.commune)}</h1>
    <div class="home">
      <section aria-labelledby="tin-moi">
        <h2 id="tin-moi">${t.home.latestNews}</h2>
        ${p.news.length ? p.news.map((i) => itemCard(i, p.timeZone, 3)) : html`<p>${t.list.empty}</p>`}
        <p class="more"><a href="/tin-tuc">${t.home.allNews}</a></p>
      </section>
      <section aria-labelledby="hoi-dap">
        <h2 id="hoi-dap">${t.home.latestAnswers}</h2>
        ${p.answers.length ? p.answers.map((i) => itemCard(i, p.timeZone, 3)) : html`<p>${t.list.empty}</p>`}
        <p class="more"><a href="/hoi-dap">${t.home.allAnswers}</a></p>
      </section>
      <aside>
        <section class="ask" aria-labelledby="gui-hoi">
          <h2 id="gui-hoi">${t.home.askTitle}</h2>
          <p>${t.home.askText}</p>
          <p><a class="button" href="/gui-cau-hoi">${t.home.askButton}</a></p>
        </section>
        <section aria-labelledby="linh-vuc">
          <h2 id="linh-vuc">${t.home.fields}</h2>
          <ul class="fields">
            ${p.fields.map((f) => html`<li><a href="${fieldPath(f.code)}">${f.name}</a> <span class="count">(${f.count})</span></li>`)}
          </ul>
        </section>
      </aside>
    </div>`;
}
