/** A list of items (news, questions, one field), ten to a page, newest first. */
import { html, type Html } from "../html.ts";
import { t } from "../messages.ts";
import type { ListedItem } from "../store.ts";
import { itemCard, pagination } from "./common.ts";

export function listPage(p: {
  title: string;
  path: string;
  timeZone: string;
  items: ListedItem[];
  page: number;
  totalPages: number;
  feed: { rss: string; atom: string } | null;
}): Html {
  return html`<h1 class="page-title">${p.title}${p.page > 1 ? html` <small>– ${t.list.page(p.page)}</small>` : ""}</h1>
    ${p.feed ? html`<p class="feeds"><a href="${p.feed.rss}">${t.list.feed}</a> · <a href="${p.feed.atom}">${t.list.feedAtom}</a></p>` : ""}
    ${p.items.length ? p.items.map((i) => itemCard(i, p.timeZone, 2)) : html`<p>${t.list.empty}</p>`}
    ${pagination(p.path, p.page, p.totalPages)}`;
}
